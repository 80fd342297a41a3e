/**
 * The case snapshot as stored: the token marking without what its keys and its defaults already
 * say. Every step rewrites the whole case row, so each byte of the snapshot is written (and sent
 * to replicas, and kept by backups) once per step; the compact form is about half the full one.
 *
 * Version 2 (`"v": 2`) leaves out, and `expandSnapshot` puts back:
 * - `value` when it is `"active"`;
 * - `joins`, `incidents`, `waits`, `tokens` and `scopes` when empty, `propagateErrors` when false,
 *   `root` when it is `<processId>#1`;
 * - in a scope, token or wait: `id` (its key); `elementId` when the key is `<elementId>#<n>`;
 *   `scope` when it is the root scope; in a wait, `seq` when the key ends in `#<seq>`, and
 *   `tokenId` when it is the wait's own key (a wait without a token stores `"tokenId": null`);
 *   `kind` when `"userTask"`, `role` when `"activity"`, a user task's empty candidate lists.
 * A token keeps its `elementId`: SQL reads it (the waiting elements of a version's open cases).
 * Snapshots without `v` (stored before) are the full form and load as they are.
 */
import type { JsonObject } from '../json';

export const COMPACT_SNAPSHOT_VERSION = 2;

type Entry = Record<string, unknown>;
/** A wait's most common kind and role. */
const WAIT_DEFAULTS: Entry = { kind: 'userTask', role: 'activity' };
/** Lists a user task's wait always has. */
const USER_TASK_LISTS = ['candidateGroups', 'candidateUsers'];
const isEmptyList = (value: unknown) => Array.isArray(value) && value.length === 0;
type Entries = Record<string, Entry>;
const MAPS = ['joins', 'incidents', 'waits', 'tokens', 'scopes'] as const;

/** The id the runtime gives a case's process scope. */
const rootOf = (processId: unknown) => `${String(processId)}#1`;

/** `<elementId>` of a key `<elementId>#<n>`, and `n`; undefined for a key of another form. */
function splitKey(key: string): { elementId: string; n: number } | undefined {
  const at = key.lastIndexOf('#');
  if (at <= 0) return undefined;
  const n = key.slice(at + 1);
  return /^\d+$/.test(n) ? { elementId: key.slice(0, at), n: Number(n) } : undefined;
}

function compactEntry(key: string, entry: Entry, root: string, kind: 'scope' | 'token' | 'wait'): Entry {
  const parts = splitKey(key);
  const out: Entry = {};
  for (const field in entry) {
    const value = entry[field];
    if (value === undefined) continue;
    if (field === 'id' && value === key) continue;
    if (field === 'elementId' && kind !== 'token' && parts?.elementId === value) continue;
    if (field === 'scope' && kind !== 'scope' && value === root) continue;
    if (field === 'seq' && kind === 'wait' && parts?.n === value) continue;
    if (field === 'tokenId' && kind === 'wait' && value === key) continue;
    if (kind === 'wait' && WAIT_DEFAULTS[field] === value) continue;
    if (kind === 'wait' && entry.kind === 'userTask' && isEmptyList(value) && USER_TASK_LISTS.includes(field)) continue;
    out[field] = value;
  }
  if (kind === 'wait' && entry.tokenId === undefined) out.tokenId = null;
  return out;
}

function expandEntry(key: string, stored: Entry, root: string, kind: 'scope' | 'token' | 'wait'): Entry {
  const parts = splitKey(key);
  const entry: Entry = { id: key };
  if (parts) entry.elementId = parts.elementId;
  if (kind !== 'scope') entry.scope = root;
  if (kind === 'wait') {
    if (parts) entry.seq = parts.n;
    Object.assign(entry, WAIT_DEFAULTS);
    entry.tokenId = key;
  }
  Object.assign(entry, stored);
  if (entry.tokenId === null) delete entry.tokenId;
  if (kind === 'wait' && entry.kind === 'userTask') for (const list of USER_TASK_LISTS) entry[list] ??= [];
  return entry;
}

function mapEntries(entries: Entries, each: (key: string, entry: Entry) => Entry): Entries {
  const out: Entries = {};
  for (const key in entries) out[key] = each(key, entries[key]);
  return out;
}

/** The stored form of a snapshot (a new object; `snapshot` is not changed). */
export function compactSnapshot(snapshot: JsonObject): JsonObject {
  const context = snapshot.context as Entry | undefined;
  if (!context || typeof context.root !== 'string') return snapshot;
  const root = context.root;
  const out: Entry = {};
  for (const field in context) {
    const value = context[field];
    if (value === undefined) continue;
    if ((MAPS as readonly string[]).includes(field) && Object.keys(value as object).length === 0) continue;
    if (field === 'propagateErrors' && value === false) continue;
    if (field === 'root' && value === rootOf(context.processId)) continue;
    if (field === 'scopes') out.scopes = mapEntries(value as Entries, (k, e) => compactEntry(k, e, root, 'scope'));
    else if (field === 'tokens') out.tokens = mapEntries(value as Entries, (k, e) => compactEntry(k, e, root, 'token'));
    else if (field === 'waits') out.waits = mapEntries(value as Entries, (k, e) => compactEntry(k, e, root, 'wait'));
    else out[field] = value;
  }
  const stored: JsonObject = { v: COMPACT_SNAPSHOT_VERSION };
  if (snapshot.value !== 'active') stored.value = snapshot.value;
  stored.context = out;
  return stored;
}

/** The full snapshot of a stored one, of either form. */
export function expandSnapshot(stored: JsonObject): JsonObject {
  if (stored?.v !== COMPACT_SNAPSHOT_VERSION) return stored;
  const context = stored.context as Entry;
  const root = (context.root as string | undefined) ?? rootOf(context.processId);
  const full: Entry = { root, joins: {}, incidents: {}, propagateErrors: false };
  for (const field in context) {
    const value = context[field];
    if (field === 'scopes') full.scopes = mapEntries(value as Entries, (k, e) => expandEntry(k, e, root, 'scope'));
    else if (field === 'tokens') full.tokens = mapEntries(value as Entries, (k, e) => expandEntry(k, e, root, 'token'));
    else if (field === 'waits') full.waits = mapEntries(value as Entries, (k, e) => expandEntry(k, e, root, 'wait'));
    else full[field] = value;
  }
  full.scopes ??= {};
  full.tokens ??= {};
  full.waits ??= {};
  return { value: stored.value ?? 'active', context: full };
}
