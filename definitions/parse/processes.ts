/**
 * The processes a parsed file holds, and which one a caller means. Validation and compilation
 * both start here, so it belongs to the phase before either.
 */
import type { ModdleElement } from '../model/extensions';
import type { ParsedDefinition } from './parse-definition';

/** The processes of a file: executable ones first, in document order. */
export function processesOf(parsed: ParsedDefinition): ModdleElement[] {
  const processes = ((parsed.definitions.rootElements ?? []) as ModdleElement[]).filter(
    (e) => e.$type === 'bpmn:Process',
  );
  return [...processes.filter((p) => p.isExecutable !== false), ...processes.filter((p) => p.isExecutable === false)];
}

/** Picks the process to run: the one named, else the first executable process with flow elements. */
export function selectProcess(parsed: ParsedDefinition, processId?: string): ModdleElement | undefined {
  const processes = processesOf(parsed);
  if (processId) return processes.find((p) => p.id === processId);
  return processes.find((p) => (p.flowElements ?? []).length > 0) ?? processes[0];
}

/**
 * The processes a deploy takes from a file: every one marked `isExecutable="true"` that holds
 * flow elements (a collaboration's pools, a called process beside its caller), as Camunda and
 * Flowable deploy them; a file that marks none deploys the one {@link selectProcess} picks.
 */
export function processesToDeploy(parsed: ParsedDefinition): ModdleElement[] {
  const marked = processesOf(parsed).filter((p) => p.isExecutable === true && (p.flowElements ?? []).length > 0);
  if (marked.length > 0) return marked;
  const chosen = selectProcess(parsed);
  return chosen ? [chosen] : [];
}
