/**
 * The XState machine config of a process, as data: the case lifecycle (active → completed,
 * terminated or cancelled) and the events it takes. One transition per event type, not per
 * element, so routing an event costs the same in a process of 10 or 10,000 elements; which
 * element an event reaches is decided by the token marking in the context (see docs/design.md).
 * The behaviour behind the `wf.*` actions and guards is supplied by the runtime through setup().
 */
import type { ProcessGraph } from '../model/graph';

export type MachineConfig = Record<string, unknown> & { id: string };

/** Every event a case can take; which element it reaches is the runtime's concern (`wf.accepts`). */
const CASE_EVENTS = [
  'task.complete',
  'job.complete',
  'job.fail',
  'job.error',
  'call.complete',
  'call.error',
  'message',
  'signal',
  'timer',
  'incident.resolve',
  'variables.set',
  'adhoc.activate',
];

export function compileMachineConfig(graph: ProcessGraph): MachineConfig {
  const on: Record<string, unknown> = {};
  for (const type of CASE_EVENTS) on[type] = { guard: { type: 'wf.accepts' }, actions: { type: 'wf.react' } };
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
