/**
 * A case's snapshot as the command path stores it. The process scope's variables are the case
 * row's `variables` column (queries and open data read them there), so the stored snapshot leaves
 * them out and a load puts them back: keeping them twice doubled what a case with a large form
 * wrote on each step. The rest is stored compact (engine/persistence/case/compact-snapshot.ts):
 * every step rewrites the whole case row. Snapshots stored in the full form, with or without the
 * variables (older rows), load unchanged.
 */
import { compactSnapshot, expandSnapshot } from '../../persistence/case/compact-snapshot';
import type { JsonObject } from '../../persistence/json';
import type { CaseSnapshot } from '../../runtime/step';
import type { CaseRecord } from './rows';

/** `snapshot` without the process scope's variables, compact (the snapshot is not changed). */
export function storedSnapshot(snapshot: CaseSnapshot): CaseSnapshot {
  const { context } = snapshot;
  const root = context?.scopes?.[context.root];
  let lean = snapshot;
  if (root && 'variables' in root) {
    const { variables: _stored, ...scope } = root;
    lean = {
      ...snapshot,
      context: { ...context, scopes: { ...context.scopes, [context.root]: scope } },
    } as CaseSnapshot;
  }
  return compactSnapshot(lean as unknown as JsonObject) as unknown as CaseSnapshot;
}

/** The full snapshot of a loaded case's row, with the `variables` column back in its process scope. */
export function restoreSnapshot(record: CaseRecord): CaseRecord {
  record.snapshot = expandSnapshot(record.snapshot as unknown as JsonObject) as unknown as CaseSnapshot;
  const { context } = record.snapshot;
  const root = context?.scopes?.[context.root];
  if (root && !('variables' in root)) (root as { variables: unknown }).variables = record.variables;
  return record;
}
