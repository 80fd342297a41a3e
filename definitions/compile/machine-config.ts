/**
 * The XState machine config of a process, as data. Each element that waits for the outside world
 * gets its own guarded transition, so the config states which events the case can accept; the
 * behaviour behind `wf.*` actions and guards is supplied by the runtime through setup().
 */
import type { ProcessGraph } from '../model/graph';

export type MachineConfig = Record<string, unknown> & { id: string };

const WAIT_EVENTS: Record<string, string[]> = {
  userTask: ['task.complete'],
  job: ['job.complete', 'job.fail', 'job.error'],
  call: ['call.complete', 'call.error'],
};

const GENERIC_EVENTS = ['message', 'signal', 'timer', 'incident.resolve', 'variables.set'];

/** Which wait a node opens, for the per-element transitions. */
function waitKindOf(graph: ProcessGraph, id: string): keyof typeof WAIT_EVENTS | undefined {
  const node = graph.nodes[id];
  if (node.kind === 'userTask') return 'userTask';
  if (node.kind === 'callActivity') return 'call';
  if (node.task?.jobType) return 'job';
  return undefined;
}

export function compileMachineConfig(graph: ProcessGraph): MachineConfig {
  const on: Record<string, unknown> = {};
  for (const id of Object.keys(graph.nodes).sort()) {
    const kind = waitKindOf(graph, id);
    if (!kind) continue;
    for (const type of WAIT_EVENTS[kind]) {
      const transitions = (on[type] ??= []) as unknown[];
      transitions.push({
        guard: { type: 'wf.waitsAt', params: { elementId: id } },
        actions: { type: 'wf.react', params: { elementId: id } },
      });
    }
  }
  for (const type of GENERIC_EVENTS) on[type] = { guard: { type: 'wf.accepts' }, actions: { type: 'wf.react' } };
  on['case.cancel'] = { guard: { type: 'wf.accepts' }, target: 'cancelled', actions: { type: 'wf.react' } };
  return {
    id: graph.id,
    initial: 'active',
    context: {},
    states: {
      active: {
        entry: { type: 'wf.start' },
        on,
        always: [
          { guard: { type: 'wf.ended', params: { end: 'completed' } }, target: 'completed' },
          { guard: { type: 'wf.ended', params: { end: 'terminated' } }, target: 'terminated' },
        ],
      },
      completed: { type: 'final' },
      terminated: { type: 'final' },
      cancelled: { type: 'final' },
    },
  };
}
