/**
 * Conditional events (BPMN 10.5.1): a condition wait fires when its condition holds. Conditions are
 * evaluated at the end of a step that changed variables or opened a condition wait (so a boundary
 * or event sub-process whose condition is already true fires on entry), and again after what a
 * firing changed. Each wait fires at most once per step, so a non-interrupting one whose path
 * keeps its condition true cannot loop. A wait with a variable filter (Camunda 7's
 * `camunda:variableName` / `camunda:variableEvents`, Camunda 8's `zeebe:conditionalFilter`) is
 * evaluated on entry as any other, and after that only when one of its variables changed in one of
 * its kinds of change.
 */
import type { ProcessGraph } from '../../../definitions/model/graph';
import type { Wait } from '../types';
import { conditionHolds, ElementFailure } from './evaluate';
import { fireWait } from './events';
import { drain } from './flow';
import { closeWait, raiseIncident, type Run, type VariableEvent } from './run';
import { triggerOf } from './triggers';
import { visibleVariables } from './variables';

const withConditions = new WeakMap<ProcessGraph, boolean>();

function hasConditions(graph: ProcessGraph): boolean {
  let known = withConditions.get(graph);
  if (known === undefined) {
    known = Object.values(graph.nodes).some(
      (n) =>
        n.event?.kind === 'conditional' ||
        (n.event?.kind === 'multiple' && n.event.triggers.some((t) => t.kind === 'conditional')),
    );
    withConditions.set(graph, known);
  }
  return known;
}

export function evaluateConditions(run: Run): void {
  if (!run.conditionsDue || !hasConditions(run.graph)) return;
  const fired = new Set<string>();
  while (run.conditionsDue && !run.ctx.ended) {
    run.conditionsDue = false;
    const changes = run.variableChanges;
    const opened = run.openedConditions;
    run.variableChanges = new Map();
    run.openedConditions = new Set();
    const waits = Object.values(run.ctx.waits)
      .filter((w) => w.kind === 'condition' && !fired.has(w.id))
      .sort((a, b) => a.seq - b.seq);
    for (const wait of waits) {
      if (!run.ctx.waits[wait.id]) continue;
      if (!opened.has(wait.id) && !changedFor(run, wait, changes)) continue;
      if (!holds(run, wait)) continue;
      if (fired.size >= MAX_FIRINGS_PER_STEP) {
        haltRunaway(run, wait);
        continue;
      }
      fired.add(wait.id);
      fireWait(run, wait, undefined);
      drain(run);
    }
  }
}

/**
 * Most conditional events one step may fire. A loop that re-enters an activity whose conditional
 * boundary holds would fire for ever; past this, the token still waiting stops with an incident.
 */
export const MAX_FIRINGS_PER_STEP = 1_000;

function haltRunaway(run: Run, wait: Wait): void {
  const token = wait.tokenId ? run.ctx.tokens[wait.tokenId] : undefined;
  closeWait(run, wait, 'cancelled');
  if (!token || token.incident) return;
  raiseIncident(
    run,
    token,
    `Conditional events fired ${MAX_FIRINGS_PER_STEP} times in one step: a loop back into an element whose ` +
      `condition stays true? Fix the variables or the model, then resolve the incident`,
    'element',
  );
}

/** Whether what changed concerns a wait's condition: always, unless it names variables or kinds of change. */
function changedFor(run: Run, wait: Wait, changes: Map<string, Set<VariableEvent>>): boolean {
  const event = triggerOf(run.graph.nodes[wait.elementId], wait.trigger);
  if (event?.kind !== 'conditional' || (!event.variableNames && !event.variableEvents)) return true;
  const names = event.variableNames ?? [...changes.keys()];
  return names.some((name) => {
    const kinds = changes.get(name);
    if (!kinds) return false;
    return !event.variableEvents || event.variableEvents.some((kind) => kinds.has(kind as VariableEvent));
  });
}

function holds(run: Run, wait: Wait): boolean {
  const node = run.graph.nodes[wait.elementId];
  const event = triggerOf(node, wait.trigger);
  if (event?.kind !== 'conditional') return false;
  const token = wait.tokenId ? run.ctx.tokens[wait.tokenId] : undefined;
  try {
    return conditionHolds(event.condition, visibleVariables(run, wait.scope, token));
  } catch (error) {
    if (!(error instanceof ElementFailure)) throw error;
    // A catch event whose condition cannot be evaluated stops there, as a failing gateway does;
    // resolving evaluates it again. A boundary or event sub-process condition just does not hold.
    if (wait.role === 'catch' && token && !token.incident) {
      closeWait(run, wait, 'cancelled');
      raiseIncident(run, token, error.message, 'element');
    }
    return false;
  }
}
