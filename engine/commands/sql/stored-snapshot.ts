/**
 * A case's variables are stored once. The process scope's variables are the case row's
 * `variables` column (queries and open data read them there), so the stored snapshot leaves them
 * out and a load puts them back. Every step rewrites the whole case row: keeping them twice
 * doubled what a case with a large form wrote to the table and to the WAL on each step.
 * Snapshots stored with them (older rows) load unchanged.
 */
import type { CaseSnapshot } from '../../runtime/step';
import type { CaseRecord } from './rows';

/** `snapshot` without the process scope's variables (a shallow copy: the snapshot is not changed). */
export function storedSnapshot(snapshot: CaseSnapshot): CaseSnapshot {
  const { context } = snapshot;
  const root = context?.scopes?.[context.root];
  if (!root || !('variables' in root)) return snapshot;
  const { variables: _stored, ...scope } = root;
  return { ...snapshot, context: { ...context, scopes: { ...context.scopes, [context.root]: scope } } } as CaseSnapshot;
}

/** Puts the `variables` column back into the process scope of a loaded case's snapshot. */
export function restoreSnapshot(record: CaseRecord): CaseRecord {
  const { context } = record.snapshot;
  const root = context?.scopes?.[context.root];
  if (root && !('variables' in root)) (root as { variables: unknown }).variables = record.variables;
  return record;
}
