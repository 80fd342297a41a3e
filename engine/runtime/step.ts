/**
 * The pure step every host uses (the engine, the simulator, the browser): start a case or apply one
 * event, and get back the next snapshot and what to do about it. No I/O, no clock, no randomness.
 */
import { createActor, type AnyActorScope, type AnyStateMachine } from 'xstate';
import type { CompiledProcess } from '../../definitions/compile/compile-definition';
import { createCaseMachine } from './machine';
import { rejection } from './tokens/react';
import type { CaseContext, CaseEvent, Effect, StartInput, TimerSchedule } from './types';

export type CaseStatus = 'ACTIVE' | 'COMPLETED' | 'TERMINATED' | 'INCIDENT' | 'CANCELLED';

/** What the database keeps of a case: the XState state value and context. */
export interface CaseSnapshot {
  value: string;
  context: CaseContext;
}

export interface StepResult {
  snapshot: CaseSnapshot;
  status: CaseStatus;
  effects: Effect[];
  /** Timers to schedule (from delayed `xstate.raise`) and to drop (from `xstate.cancel`). */
  timers: TimerSchedule[];
  cancelledTimers: string[];
}

/** The case cannot take this event now; nothing changed. */
export class EventRejectedError extends Error {
  constructor(
    message: string,
    readonly event: CaseEvent,
  ) {
    super(message);
    this.name = 'EventRejectedError';
  }
}

/**
 * Whether a called case's step ended it for its caller, whose call activity then completes: it
 * completed, or a terminate end event ended it (BPMN 10.5.3); an error that escaped it does not.
 */
export function endedForCaller(result: StepResult): boolean {
  return (
    result.status === 'COMPLETED' ||
    (result.status === 'TERMINATED' && !result.effects.some((e) => e.kind === 'errorEscaped'))
  );
}

export function statusOf(snapshot: CaseSnapshot): CaseStatus {
  if (snapshot.value === 'completed') return 'COMPLETED';
  if (snapshot.value === 'terminated') return 'TERMINATED';
  if (snapshot.value === 'cancelled') return 'CANCELLED';
  return Object.keys(snapshot.context.incidents).length > 0 ? 'INCIDENT' : 'ACTIVE';
}

type ExecutableAction = { type: string; params?: unknown };

function collect(machineSnapshot: { value: unknown; context: CaseContext }, actions: ExecutableAction[]): StepResult {
  const snapshot: CaseSnapshot = { value: String(machineSnapshot.value), context: machineSnapshot.context };
  const result: StepResult = { snapshot, status: statusOf(snapshot), effects: [], timers: [], cancelledTimers: [] };
  for (const action of actions) {
    if (action.type === 'wf.effects') result.effects = result.effects.concat(action.params as Effect[]);
    else if (action.type === 'xstate.raise') {
      const { event, delay, id } = action.params as { event: { at: string }; delay?: number; id: string };
      if (typeof delay === 'number') result.timers.push({ waitId: id, dueAt: event.at, delayMs: delay });
    } else if (action.type === 'xstate.cancel') {
      result.cancelledTimers.push((action.params as { sendId: string }).sendId);
    }
  }
  return result;
}

export function startCaseMachine(compiled: CompiledProcess, input: StartInput): StepResult {
  const machine = createCaseMachine(compiled);
  const actions: ExecutableAction[] = [];
  const snapshot = machine.getInitialSnapshot(inertScope(machine, actions), input);
  return collect(snapshot as never, actions);
}

const scopes = new WeakMap<AnyStateMachine, AnyActorScope>();

/**
 * What XState's `initialTransition()` and `transition()` give a machine, minus their per-call
 * cost: each builds a throwaway actor (whose constructor runs the initial state once more) to get
 * an inert actor scope. Our machines spawn no children and run no actions here, so one inert
 * scope per machine serves every step; the actions are collected into `actions`.
 */
function inertScope(machine: AnyStateMachine, actions: ExecutableAction[]): AnyActorScope {
  let scope = scopes.get(machine);
  if (!scope) {
    const self = createActor(machine);
    scope = {
      self,
      defer: () => {},
      id: '',
      logger: () => {},
      sessionId: '',
      stopChild: () => {},
      system: self.system,
      emit: () => {},
      actionExecutor: () => {},
    } as unknown as AnyActorScope;
    scopes.set(machine, scope);
  }
  scope.actionExecutor = (action) => actions.push(action as ExecutableAction);
  return scope;
}

function pureTransition(
  machine: AnyStateMachine,
  snapshot: ReturnType<AnyStateMachine['resolveState']>,
  event: CaseEvent,
): [unknown, ExecutableAction[]] {
  const actions: ExecutableAction[] = [];
  return [machine.transition(snapshot, event, inertScope(machine, actions)), actions];
}

export function stepCase(
  compiled: CompiledProcess,
  snapshot: CaseSnapshot,
  event: CaseEvent & { at: string },
): StepResult {
  const machine: AnyStateMachine = createCaseMachine(compiled);
  const reason =
    snapshot.value === 'active'
      ? rejection(snapshot.context, event, compiled.graph)
      : `The case has ended (${snapshot.value})`;
  if (reason) throw new EventRejectedError(reason, event);
  const current = machine.resolveState({ value: snapshot.value, context: snapshot.context });
  const [next, actions] = pureTransition(machine, current, event);
  return collect(next as never, actions);
}
