/**
 * Runs a definition in memory on a virtual clock, with the same compiled machine and pure step the
 * engine uses. Call activities start child cases from the same file; published messages and
 * thrown signals reach the cases that wait for them; a message no case waits for is kept for its
 * time to live, as the engine buffers it. Used by `rebaz simulate` and the ui-builder.
 */
import {
  generatedForms,
  type CompiledProcess,
  type ProcessResolver,
} from '../../definitions/compile/compile-definition';
import {
  prepareHostFunctions,
  withHostFunctions,
  type HostFunctions,
} from '../../definitions/expressions/host-functions';
import { addIsoDuration, parseIsoDuration } from '../../definitions/expressions';
import { startsOn } from '../../definitions/compile/catalogue';
import { startableAdHocActivities, type AdHocActivity } from './ad-hoc-activities';
import { processRights, type DataRights } from '../authz/data-rights';
import { callReturn, variablesAtWait } from './call-activity';
import {
  endedForCaller,
  EventRejectedError,
  startCaseMachine,
  stepCase,
  type CaseSnapshot,
  type CaseStatus,
  type StepResult,
} from './step';
import { startConditionsThatHold } from './start-conditions';
import { rejection } from './tokens/react';
import type { CaseEvent, Effect, Variables, Wait } from './types';

export interface TraceEntry {
  at: string;
  caseId: string;
  elementId: string;
  event: string;
}

export interface SimulatedCase {
  id: string;
  processId: string;
  snapshot: CaseSnapshot;
  status: CaseStatus;
  parent?: { caseId: string; waitId: string };
}

/** How long a message no case waits for is kept, when its publisher does not say: the engine's default too. */
export const DEFAULT_MESSAGE_TTL_MS = 60 * 60 * 1000;

/** A published message that no case waited for yet, kept until it expires. */
export interface BufferedMessage {
  name: string;
  correlationKey?: string;
  data: Variables;
  expiresAt: Date;
}

/** What became of a published message. */
export type Correlation = 'correlated' | 'started' | 'buffered' | 'dropped';

interface PendingTimer {
  caseId: string;
  waitId: string;
  dueAt: number;
}

export class Simulation {
  readonly cases: SimulatedCase[] = [];
  readonly trace: TraceEntry[] = [];
  private timers: PendingTimer[] = [];
  private now: Date;
  private pendingSignals: { name: string; data: Variables; except?: string }[] = [];
  private pendingMessages: { name: string; correlationKey?: string; data: Variables }[] = [];
  private pendingTakes: { c: SimulatedCase; wait: Wait }[] = [];
  private buffer: BufferedMessage[] = [];

  private readonly functions: HostFunctions | undefined;

  /**
   * `resolveProcess` finds called processes (call activities) by process id; `functions` are the
   * host functions FEEL may call, as the engine's (none when absent: a call is an incident).
   */
  constructor(
    readonly main: CompiledProcess,
    private readonly resolveProcess: ProcessResolver = () => undefined,
    start = new Date('2030-01-01T00:00:00.000Z'),
    functions?: HostFunctions,
  ) {
    this.now = start;
    this.functions = functions ? prepareHostFunctions(functions) : undefined;
  }

  get clock(): Date {
    return new Date(this.now);
  }

  /** Starts the main case at a none start event, or at the given message, timer or signal start. */
  start(variables: Variables = {}, startEventId?: string): SimulatedCase {
    return this.startCase(this.main, variables, startEventId);
  }

  /**
   * Starts a case of the main process at each conditional start event whose condition holds for
   * `variables` at the virtual clock's time; none when none holds. Throws StartConditionFailure,
   * starting nothing, when a condition cannot be evaluated.
   */
  startWhereConditionsHold(variables: Variables = {}): SimulatedCase[] {
    const holding = withHostFunctions(this.functions, () =>
      startConditionsThatHold(this.main.graph, variables, this.now),
    );
    return holding.map((elementId) => this.start(variables, elementId));
  }

  get root(): SimulatedCase | undefined {
    return this.cases[0];
  }

  private startCase(
    compiled: CompiledProcess,
    variables: Variables,
    startEventId?: string,
    parent?: SimulatedCase['parent'],
  ): SimulatedCase {
    const id = `case-${this.cases.length + 1}`;
    const result = withHostFunctions(this.functions, () =>
      startCaseMachine(compiled, {
        variables,
        at: this.now.toISOString(),
        ...(startEventId ? { startEventId } : {}),
        ...(parent ? { propagateErrors: true } : {}),
      }),
    );
    const simulated: SimulatedCase = {
      id,
      processId: compiled.processId,
      snapshot: result.snapshot,
      status: result.status,
      ...(parent ? { parent } : {}),
    };
    this.cases.push(simulated);
    this.absorb(simulated, result);
    this.flush();
    return simulated;
  }

  private readonly rights = new WeakMap<CompiledProcess, DataRights>();

  /**
   * A process's data rights from the process alone: the forms it generates count, linked form
   * files (which the simulator does not get) do not, so a name only such a form declares is free here.
   */
  private rightsOf(compiled: CompiledProcess): DataRights {
    let rights = this.rights.get(compiled);
    if (!rights) {
      rights = processRights(compiled, generatedForms(compiled));
      this.rights.set(compiled, rights);
    }
    return rights;
  }

  private compiledOf(c: SimulatedCase): CompiledProcess {
    return c.processId === this.main.processId ? this.main : (this.resolveProcess(c.processId) as CompiledProcess);
  }

  /** Sends one event to one case; rejects with the reason when it cannot take it. */
  send(c: SimulatedCase, event: CaseEvent): void {
    const result = withHostFunctions(this.functions, () =>
      stepCase(this.compiledOf(c), c.snapshot, { ...event, at: this.now.toISOString() }),
    );
    c.snapshot = result.snapshot;
    c.status = result.status;
    this.absorb(c, result);
    this.flush();
  }

  private absorb(c: SimulatedCase, result: StepResult): void {
    const at = this.now.toISOString();
    for (const waitId of result.cancelledTimers)
      this.timers = this.timers.filter((t) => !(t.caseId === c.id && t.waitId === waitId));
    for (const timer of result.timers)
      this.timers.push({ caseId: c.id, waitId: timer.waitId, dueAt: Date.parse(timer.dueAt) });
    for (const effect of result.effects) this.handleEffect(c, effect, at);
    if (c.parent && endedForCaller(result)) this.returnToParent(c);
  }

  private handleEffect(c: SimulatedCase, effect: Effect, at: string): void {
    switch (effect.kind) {
      case 'trace':
        this.trace.push({ at, caseId: c.id, elementId: effect.elementId, event: effect.event });
        return;
      case 'waitOpened':
        if (effect.wait.kind === 'call') this.startChild(c, effect.wait);
        if (effect.wait.kind === 'message') this.pendingTakes.push({ c, wait: effect.wait });
        return;
      case 'waitClosed':
        // A call activity withdrawn (a boundary event, a cleared scope, a terminate end…) cancels
        // its child case, and that one its own children (engine/commands/wait-rows.ts, cancelChild).
        if (effect.wait.kind === 'call' && effect.reason === 'cancelled')
          this.pendingCancels.push({ parentId: c.id, waitId: effect.wait.id });
        return;
      case 'messagePublished':
        this.pendingMessages.push({
          name: effect.name,
          data: effect.variables,
          ...(effect.correlationKey !== undefined ? { correlationKey: effect.correlationKey } : {}),
        });
        return;
      case 'signalThrown':
        // The throwing case already caught it in the same step; the others get it now.
        this.pendingSignals.push({ name: effect.name, data: {}, except: c.id });
        return;
      case 'errorEscaped':
        if (c.parent) this.pendingErrors.push({ child: c, code: effect.errorCode });
        return;
      default:
        return;
    }
  }

  private pendingErrors: { child: SimulatedCase; code: string }[] = [];
  private pendingCalls: { parent: SimulatedCase; wait: Wait }[] = [];
  private pendingReturns: SimulatedCase[] = [];
  private pendingCancels: { parentId: string; waitId: string }[] = [];

  private startChild(parent: SimulatedCase, wait: Wait): void {
    this.pendingCalls.push({ parent, wait });
  }

  private returnToParent(child: SimulatedCase): void {
    this.pendingReturns.push(child);
  }

  /** Delivers what steps produced for other cases, after the step that produced it is stored. */
  private flush(): void {
    while (
      this.pendingCancels.length ||
      this.pendingCalls.length ||
      this.pendingReturns.length ||
      this.pendingErrors.length ||
      this.pendingSignals.length ||
      this.pendingMessages.length ||
      this.pendingTakes.length
    ) {
      const cancel = this.pendingCancels.shift();
      if (cancel) {
        const child = this.cases.find(
          (c) =>
            c.parent?.caseId === cancel.parentId &&
            c.parent.waitId === cancel.waitId &&
            (c.status === 'ACTIVE' || c.status === 'INCIDENT'),
        );
        if (child) this.send(child, { type: 'case.cancel', reason: 'The calling activity was withdrawn' });
        continue;
      }
      const call = this.pendingCalls.shift();
      if (call) {
        // The call activity was withdrawn before its child started (in the same step, or by a case
        // started meanwhile): no child, as the engine opens rows only for waits still open.
        if (call.parent.snapshot.context.waits[call.wait.id]?.seq !== call.wait.seq) continue;
        const compiled =
          this.resolveProcess(call.wait.calledElement ?? '') ??
          (call.wait.calledElement === this.main.processId ? this.main : undefined);
        if (!compiled) {
          this.send(call.parent, {
            type: 'call.error',
            waitId: call.wait.id,
            errorCode: 'CALLED_PROCESS_NOT_FOUND',
            message:
              `No valid process "${call.wait.calledElement}" to call: the simulator calls the processes of ` +
              `the same file, and this one is not there or \`rebaz validate --process ${call.wait.calledElement}\` ` +
              'finds errors in it',
          });
          continue;
        }
        this.startCase(compiled, call.wait.variables ?? {}, undefined, {
          caseId: call.parent.id,
          waitId: call.wait.id,
        });
        continue;
      }
      const child = this.pendingReturns.shift();
      if (child?.parent) {
        const parent = this.caseById(child.parent.caseId);
        const compiled = this.compiledOf(parent);
        const wait = parent.snapshot.context.waits[child.parent.waitId];
        const callNode = compiled.graph.nodes[wait?.elementId ?? ''];
        const root = child.snapshot.context.scopes[child.snapshot.context.root]?.variables ?? {};
        // The parent takes what the call activity may write under its data rights, as the engine does.
        if (callNode && wait) {
          const seen = variablesAtWait(parent.snapshot.context, wait);
          const { data } = callReturn(callNode, root, seen, this.rightsOf(compiled));
          this.send(parent, { type: 'call.complete', waitId: child.parent.waitId, data });
        }
        continue;
      }
      const error = this.pendingErrors.shift();
      if (error?.child.parent) {
        this.send(this.caseById(error.child.parent.caseId), {
          type: 'call.error',
          waitId: error.child.parent.waitId,
          errorCode: error.code,
        });
        continue;
      }
      const signal = this.pendingSignals.shift();
      if (signal) {
        // The cases waiting as it was thrown catch it; then it starts the processes it starts.
        const waiting = this.cases.filter(
          (c) => c.id !== signal.except && waitsFor(c, (w) => w.kind === 'signal' && w.signalName === signal.name),
        );
        for (const c of waiting) this.send(c, { type: 'signal', name: signal.name, data: signal.data });
        for (const start of this.startsFor('signal', signal.name))
          this.startCase(start.compiled, signal.data, start.elementId);
        continue;
      }
      const message = this.pendingMessages.shift();
      if (message) {
        this.correlate(message.name, message.correlationKey, message.data);
        continue;
      }
      const take = this.pendingTakes.shift();
      if (take) this.takeBuffered(take.c, take.wait);
    }
  }

  /** A case just subscribed: hand it the oldest unexpired message kept for it, as the engine does. */
  private takeBuffered(c: SimulatedCase, wait: Wait): void {
    if (c.snapshot.context.waits[wait.id]?.seq !== wait.seq || c.snapshot.value !== 'active') return;
    const index = this.buffer.findIndex(
      (m) =>
        m.name === wait.messageName &&
        m.expiresAt > this.now &&
        (wait.correlationKey === undefined || m.correlationKey === wait.correlationKey),
    );
    const message = this.buffer[index];
    if (!message) return;
    this.buffer.splice(index, 1);
    this.send(c, {
      type: 'message',
      name: message.name,
      data: message.data,
      ...(message.correlationKey !== undefined ? { correlationKey: message.correlationKey } : {}),
    });
  }

  /** The messages kept because no case waited for them, and not yet expired, oldest first. */
  get bufferedMessages(): BufferedMessage[] {
    return this.buffer.filter((m) => m.expiresAt > this.now);
  }

  private caseById(id: string): SimulatedCase {
    return this.cases.find((c) => c.id === id) as SimulatedCase;
  }

  /**
   * Delivers a message to the first case waiting for it, or starts a case at a message start event;
   * with neither, keeps it for `ttlMs` (0: drops it) for a case that subscribes later.
   */
  correlate(
    name: string,
    correlationKey: string | undefined,
    data: Variables = {},
    ttlMs = DEFAULT_MESSAGE_TTL_MS,
  ): Correlation {
    const target = this.cases.find((c) =>
      waitsFor(
        c,
        (w) =>
          w.kind === 'message' &&
          w.messageName === name &&
          (w.correlationKey === undefined || w.correlationKey === correlationKey),
      ),
    );
    if (target) {
      this.send(target, { type: 'message', name, data, ...(correlationKey !== undefined ? { correlationKey } : {}) });
      return 'correlated';
    }
    const starts = this.startsFor('message', name);
    for (const start of starts) this.startCase(start.compiled, data, start.elementId);
    if (starts.length > 0) return 'started';
    if (ttlMs <= 0) return 'dropped';
    this.buffer.push({
      name,
      data,
      expiresAt: new Date(this.now.getTime() + ttlMs),
      ...(correlationKey !== undefined ? { correlationKey } : {}),
    });
    return 'buffered';
  }

  broadcast(name: string, data: Variables = {}): void {
    this.pendingSignals.push({ name, data });
    this.flush();
  }

  /**
   * The start events a message or signal of this name starts, one per process of the file (the
   * main one first), as each process would be started once deployed.
   */
  private startsFor(kind: 'message' | 'signal', name: string): { compiled: CompiledProcess; elementId: string }[] {
    const others = (this.resolveProcess.processIds ?? []).filter((id) => id !== this.main.processId);
    return [this.main, ...others.map((id) => this.resolveProcess(id))].flatMap((compiled) => {
      const start = compiled?.catalogue.startEvents.find(startsOn(kind, name));
      return compiled && start ? [{ compiled, elementId: start.elementId }] : [];
    });
  }

  /** Moves the clock forward, firing every timer that falls due on the way, in time order. */
  advance(isoDuration: string): void {
    const duration = parseIsoDuration(isoDuration);
    if (!duration) throw new Error(`"${isoDuration}" is not an ISO 8601 duration such as PT1H or P3D`);
    const until = addIsoDuration(this.now, duration).getTime();
    for (;;) {
      const due = this.timers.filter((t) => t.dueAt <= until).sort((a, b) => a.dueAt - b.dueAt)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.now = new Date(Math.max(this.now.getTime(), due.dueAt));
      const c = this.caseById(due.caseId);
      if (c.snapshot.context.waits[due.waitId]) this.send(c, { type: 'timer', waitId: due.waitId });
    }
    this.now = new Date(until);
  }

  /** The open wait of an element, in any case: the main case first. */
  findWait(elementId: string, kind?: Wait['kind']): { c: SimulatedCase; wait: Wait } | undefined {
    for (const c of this.cases) {
      const wait = Object.values(c.snapshot.context.waits)
        .sort((a, b) => a.seq - b.seq)
        .find((w) => w.elementId === elementId && (!kind || w.kind === kind));
      if (wait) return { c, wait };
    }
    return undefined;
  }

  completeTask(elementId: string, data: Variables = {}): void {
    const found = this.requireWait(elementId, 'userTask');
    this.send(found.c, { type: 'task.complete', waitId: found.wait.id, data });
  }

  completeJob(elementId: string, data: Variables = {}): void {
    const found = this.requireWait(elementId, 'job');
    this.send(found.c, { type: 'job.complete', waitId: found.wait.id, data });
  }

  failJob(elementId: string, errorCode?: string, message = 'The worker reported a failure', data?: Variables): void {
    const found = this.requireWait(elementId, 'job');
    if (errorCode)
      this.send(found.c, { type: 'job.error', waitId: found.wait.id, errorCode, message, ...(data ? { data } : {}) });
    else this.send(found.c, { type: 'job.fail', waitId: found.wait.id, message });
  }

  /** Sets variables on the main case, as an administrator's correction does (`setVariables`). */
  setVariables(data: Variables): void {
    if (!this.root) throw new Error('The case has not started: give variables before it starts');
    this.send(this.root, { type: 'variables.set', data });
  }

  /** Starts an activity of an open ad-hoc sub-process, in the first case that has one holding it. */
  activate(elementId: string, data: Variables = {}): void {
    const event: CaseEvent = { type: 'adhoc.activate', elementId, data };
    const target = this.cases.find(
      (c) => c.snapshot.value === 'active' && !rejection(c.snapshot.context, event, this.compiledOf(c).graph),
    );
    if (!target) {
      const reason = this.root ? rejection(this.root.snapshot.context, event, this.main.graph) : undefined;
      throw new EventRejectedError(reason ?? `No case can start "${elementId}"`, event);
    }
    this.send(target, event);
  }

  /** What each active case can start on request now: the activities of its open ad-hoc sub-processes. */
  adHocActivities(): { c: SimulatedCase; activity: AdHocActivity }[] {
    return this.cases
      .filter((c) => c.snapshot.value === 'active')
      .flatMap((c) =>
        startableAdHocActivities(this.compiledOf(c).graph, c.snapshot.context).map((activity) => ({ c, activity })),
      );
  }

  private requireWait(elementId: string, kind: Wait['kind']): { c: SimulatedCase; wait: Wait } {
    const found = this.findWait(elementId, kind);
    if (!found)
      throw new EventRejectedError(`No ${kind === 'userTask' ? 'user task' : kind} is open at "${elementId}"`, {
        type: 'variables.set',
        data: {},
      });
    return found;
  }
}

function waitsFor(c: SimulatedCase, predicate: (w: Wait) => boolean): boolean {
  return c.snapshot.value === 'active' && Object.values(c.snapshot.context.waits).some(predicate);
}
