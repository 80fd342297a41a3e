/**
 * The XState machine of a compiled process: the config comes from the compiler as data, and the
 * `wf.*` actions and guards it names are supplied here. Every step runs through XState's pure
 * `transition()`, so nothing executes: effects come back as actions for the host to carry out.
 */
import { enqueueActions, setup, type AnyStateMachine } from 'xstate';
import type { CompiledProcess } from '../../definitions/compile/compile-definition';
import type { ProcessGraph } from '../../definitions/model/graph';
import { react, rejection, startCase, type Run } from './tokens';
import type { CaseContext, CaseEvent, StartInput } from './types';

type MachineEvent = CaseEvent & { at: string };

/** The part of XState's action enqueuer we use, typed loosely: the config is data, not typed TS. */
interface Enqueue {
  (action: { type: string; params: unknown }): void;
  assign(assigner: () => CaseContext): void;
  cancel(id: string): void;
  raise(event: { type: string; waitId: string; at: string }, options: { id: string; delay: number }): void;
}

/** Hands a finished run to XState: the new context, a `wf.effects` action, timers as delayed raises. */
function enqueueRun(run: Run, enqueue: Enqueue): void {
  enqueue.assign(() => run.ctx);
  // One action for all effects: XState resolves each enqueued action, so fewer is faster.
  if (run.effects.length > 0) enqueue({ type: 'wf.effects', params: run.effects });
  for (const waitId of run.cancelledTimers) enqueue.cancel(waitId);
  for (const timer of run.timers) {
    enqueue.raise({ type: 'timer', waitId: timer.waitId, at: timer.dueAt }, { id: timer.waitId, delay: timer.delayMs });
  }
}

const machineCache = new WeakMap<CompiledProcess, AnyStateMachine>();

export function createCaseMachine(compiled: CompiledProcess): AnyStateMachine {
  const cached = machineCache.get(compiled);
  if (cached) return cached;
  const graph: ProcessGraph = compiled.graph;
  const machine = setup({
    types: {} as { context: CaseContext; events: MachineEvent; input: StartInput },
    actions: {
      'wf.start': enqueueActions(({ event, enqueue }) => {
        const input = (event as unknown as { input?: StartInput }).input;
        // XState builds a throwaway actor (no input) inside every transition(); only a real start runs.
        if (input) enqueueRun(startCase(graph, input), enqueue as unknown as Enqueue);
      }),
      'wf.react': enqueueActions(({ context, event, enqueue }) => {
        enqueueRun(react(graph, context, event, new Date(event.at)), enqueue as unknown as Enqueue);
      }),
      // Effects are data for the host; executing them here would be a side effect.
      'wf.effects': () => undefined,
    },
    guards: {
      'wf.accepts': ({ context, event }) => rejection(context, event, graph) === undefined,
      'wf.ended': ({ context }, params: { end: string }) => context.ended === params.end,
    },
  }).createMachine(compiled.machine as never) as unknown as AnyStateMachine;
  machineCache.set(compiled, machine);
  return machine;
}
