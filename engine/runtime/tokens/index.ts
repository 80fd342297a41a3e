/**
 * The token interpreter: BPMN execution semantics over a ProcessGraph, one step at a time. A step
 * works on a copy of the case context (a Run) and returns it with the effects it produced.
 *
 * Modules from the bottom up; each imports only modules above it:
 * - run.ts, evaluate.ts, variables.ts, time.ts: the working copy of a step, and expressions over it.
 * - agenda.ts: leaving an element along its sequence flows; the queue of arrivals.
 * - triggers.ts: opening the waits that catch messages, signals, timers and conditions; publishing messages.
 * - completed.ts: the record of completed activities that compensation needs.
 * - scopes.ts: scope instances, withdrawing tokens, starting event sub-processes.
 * - ad-hoc.ts, compensation.ts: ad-hoc bodies; compensation scopes and cancelled transactions.
 * - errors.ts: BPMN errors and escalations, delivered to the innermost catcher.
 * - activities.ts with multi-instance.ts, gateways.ts, events.ts: what each kind of element does.
 * - flow.ts: the arrival of a token at an element, and the loop that drains the queue.
 * - conditions.ts: conditional events, evaluated when a step changed variables.
 * - react.ts: the entry points, starting a case and reacting to one event.
 *
 * activities.ts and multi-instance.ts are one unit kept in two files for size. An instance of a
 * multi-instance activity is an activity (startActivity), and a completed activity that is an
 * instance reports to its body (instanceCompleted): that recursion is the semantics, so the two
 * import each other. The import cycle check allows exactly those two imports and no other cycle.
 */
export { copyContext, react, rejection, startCase } from './react';
export { ElementFailure, timerDue } from './evaluate';
export type { Run } from './run';
