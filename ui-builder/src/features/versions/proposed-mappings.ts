/**
 * The mappings a migration screen proposes: each element where cases of the old version wait maps
 * to the element with the same id in the new version; one the new version lacks has no proposal
 * (the analyst picks its counterpart, or its cases stay blocked).
 */
export interface ProposedMapping {
  from: string;
  /** The proposed counterpart, or null when the new version has no element with this id. */
  to: string | null;
  /** How many open cases wait there. */
  cases: number;
}

export function proposeMappings(
  waiting: readonly { elementId: string; cases: number }[],
  targetIds: ReadonlySet<string>,
): ProposedMapping[] {
  return [...waiting]
    .sort((a, b) => b.cases - a.cases || a.elementId.localeCompare(b.elementId))
    .map(({ elementId, cases }) => ({ from: elementId, to: targetIds.has(elementId) ? elementId : null, cases }));
}

/** The mappings to send: only those that name another id (the engine maps the rest by id). */
export function mappingsToSend(chosen: readonly { from: string; to: string }[]): { from: string; to: string }[] {
  return chosen
    .filter((m) => m.to.trim() !== '' && m.to.trim() !== m.from)
    .map((m) => ({ from: m.from, to: m.to.trim() }));
}
