/**
 * Moving one case to another version of its process, purely: given both versions' graphs, the
 * case's token marking and the mappings, either the marking re-expressed in the new version's
 * elements, or the reasons it cannot move (every waiting element without a compatible
 * counterpart). No I/O: the command path (engine/commands/migrate.ts) writes what this decides.
 *
 * Compatible means: the same kind of element; for a boundary event, a catch event or an event
 * sub-process start, the same kind of event definition; multi-instance stays multi-instance (in
 * the same order); a scope's counterpart sits in the counterpart of its parent scope; a join's
 * counted flows are incoming flows of its counterpart.
 */
import type { EventDefinition, GraphNode, ProcessGraph } from '../../definitions/model/graph';
import type { CaseSnapshot } from '../runtime/step';
import { ElementFailure, evaluateList, evaluateText } from '../runtime/tokens/evaluate';
import { copyContext } from '../runtime/tokens/react';
import { closeWait, createRun, type Run } from '../runtime/tokens/run';
import { addDurationText } from '../runtime/tokens/time';
import { openCatchWait } from '../runtime/tokens/triggers';
import { visibleVariables } from '../runtime/tokens/variables';
import type { CaseContext, CompletedActivity, Effect, TimerSchedule, Token, Wait } from '../runtime/types';
import { createMapper, type ElementMapping, type Mapper } from './mappings';

/** Why a case cannot move: the element (of the old version) and a sentence saying what to do. */
export interface MigrationBlock {
  elementId: string | null;
  reason: string;
}

export interface MigrationInput {
  from: ProcessGraph;
  to: ProcessGraph;
  versions: { from: number; to: number };
  snapshot: CaseSnapshot;
  mappings?: readonly ElementMapping[];
  /** When the migration happens: a changed timer or due-date rule counts from here. */
  at: Date;
}

export type MigrationOutcome =
  | {
      kind: 'migrated';
      snapshot: CaseSnapshot;
      /** Waits closed and re-opened because their definition changed, and waits of added elements. */
      effects: Effect[];
      timers: TimerSchedule[];
      cancelledTimers: string[];
    }
  | { kind: 'blocked'; blocks: MigrationBlock[] };

interface Check {
  input: MigrationInput;
  map: Mapper;
  ctx: CaseContext;
  blocks: MigrationBlock[];
}

export function migrateCase(input: MigrationInput): MigrationOutcome {
  const ctx = input.snapshot.context;
  if (input.snapshot.value !== 'active' || ctx.ended)
    return {
      kind: 'blocked',
      blocks: [
        {
          elementId: null,
          reason: `The case has ended (${ctx.ended ?? input.snapshot.value}); only open cases move to another version`,
        },
      ],
    };
  const check: Check = { input, map: createMapper(input.from, input.mappings ?? []), ctx, blocks: [] };
  checkScopes(check);
  checkTokens(check);
  checkWaits(check);
  checkJoins(check);
  checkCompensation(check);
  if (check.blocks.length > 0) return { kind: 'blocked', blocks: dedupe(check.blocks) };
  let run: Run;
  try {
    run = rewrite(check);
  } catch (error) {
    // A rule of the new version that cannot be evaluated for this case (a timer, a group expression).
    if (!(error instanceof ElementFailure)) throw error;
    return {
      kind: 'blocked',
      blocks: [{ elementId: null, reason: `${error.message}; fix the new version or the case's variables first` }],
    };
  }
  return {
    kind: 'migrated',
    snapshot: { value: 'active', context: run.ctx },
    effects: run.effects,
    timers: run.timers,
    cancelledTimers: run.cancelledTimers,
  };
}

function dedupe(blocks: MigrationBlock[]): MigrationBlock[] {
  const seen = new Set<string>();
  return blocks.filter((b) => {
    const key = `${b.elementId}|${b.reason}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function block(check: Check, elementId: string | null, reason: string): void {
  check.blocks.push({ elementId, reason });
}

/** The new node standing for an old element, or a block saying none does. */
function counterpart(check: Check, oldId: string, what: string): GraphNode | undefined {
  const { to, versions } = check.input;
  const id = check.map.target(oldId);
  const node = to.nodes[id];
  if (!node)
    block(
      check,
      oldId,
      `${what} "${oldId}" has no counterpart in version ${versions.to}` +
        `${id !== oldId ? ` (it is mapped to "${id}", which is not there)` : ''}: ` +
        `map it to an element of version ${versions.to}, or let the case finish there first`,
    );
  return node;
}

function sameKind(check: Check, oldNode: GraphNode | undefined, node: GraphNode, what: string): boolean {
  if (!oldNode || oldNode.kind === node.kind) return true;
  block(
    check,
    oldNode.id,
    `${what} "${oldNode.id}" is a ${oldNode.kind} but its counterpart "${node.id}" ` +
      `in version ${check.input.versions.to} is a ${node.kind}: map it to a ${oldNode.kind}`,
  );
  return false;
}

function scopeElement(check: Check, scopeId: string): string | undefined {
  return check.ctx.scopes[scopeId]?.elementId;
}

/** Each running scope (process, sub-process body, event sub-process) has a counterpart in the mapped parent. */
function checkScopes(check: Check): void {
  const { to, versions } = check.input;
  for (const scope of Object.values(check.ctx.scopes)) {
    const id = check.map.target(scope.elementId);
    if (!scope.parent) {
      if (id !== to.id)
        block(
          check,
          scope.elementId,
          `The process "${scope.elementId}" is "${to.id}" in version ${versions.to}: ` +
            `map "${scope.elementId}" to "${to.id}"`,
        );
      continue;
    }
    const node = counterpart(check, scope.elementId, scope.eventSub ? 'The event sub-process' : 'The sub-process');
    if (!node) continue;
    if (node.kind !== 'subProcess' || Boolean(node.triggeredByEvent) !== Boolean(scope.eventSub)) {
      const want = scope.eventSub ? 'an event sub-process' : 'a sub-process';
      block(
        check,
        scope.elementId,
        `"${scope.elementId}" runs as ${want} but "${node.id}" in version ${versions.to} is not ${want}: ` +
          `map it to ${want}`,
      );
      continue;
    }
    const parent = scopeElement(check, scope.parent);
    if (parent !== undefined) inParent(check, scope.elementId, node, parent);
  }
}

/** The counterpart of an element sits in the counterpart of the element's scope. */
function inParent(check: Check, oldId: string, node: GraphNode, oldParent: string): void {
  const parent = check.map.target(oldParent);
  if (node.scope !== parent)
    block(
      check,
      oldId,
      `"${oldId}" sits in "${oldParent}", but its counterpart "${node.id}" sits in "${node.scope}" ` +
        `in version ${check.input.versions.to}, not in "${parent}": map the scopes consistently`,
    );
}

function checkTokens(check: Check): void {
  const { from, versions } = check.input;
  for (const token of Object.values(check.ctx.tokens)) {
    const old = from.nodes[token.elementId];
    const node = counterpart(check, token.elementId, 'The waiting element');
    if (!node || !sameKind(check, old, node, 'The waiting element')) continue;
    const parent = scopeElement(check, token.scope);
    // A token holding an event sub-process's subscription incident sits in the sub-process's host
    // scope, at the start event inside it: its event sub-process must still be there.
    if (token.subscribes !== undefined) {
      if (!check.input.to.scopes[check.map.target(token.subscribes)])
        block(
          check,
          token.elementId,
          `The event sub-process "${token.subscribes}" waits for its subscription's incident to be resolved, ` +
            `but version ${versions.to} has no counterpart: map it to an event sub-process, or resolve the incident first`,
        );
    } else if (parent !== undefined) inParent(check, token.elementId, node, parent);
    const multi = token.mi !== undefined || token.miBody !== undefined;
    const loop = node.loop?.kind === 'multiInstance' ? node.loop : undefined;
    if (multi && !loop)
      block(
        check,
        token.elementId,
        `"${token.elementId}" runs as a multi-instance activity but "${node.id}" in version ${versions.to} ` +
          `is not multi-instance: map it to a multi-instance activity`,
      );
    else if (!multi && loop)
      block(
        check,
        token.elementId,
        `"${token.elementId}" runs once but "${node.id}" in version ${versions.to} is multi-instance: ` +
          `a running activity cannot become multi-instance; let it finish first`,
      );
    else if (multi && loop && old?.loop?.kind === 'multiInstance' && old.loop.sequential !== loop.sequential)
      block(
        check,
        token.elementId,
        `"${token.elementId}" runs its instances ${old.loop.sequential ? 'one after another' : 'in parallel'} ` +
          `but "${node.id}" in version ${versions.to} runs them ` +
          `${loop.sequential ? 'one after another' : 'in parallel'}: let it finish first`,
      );
    if (token.childScope && node.kind !== 'subProcess')
      block(check, token.elementId, `"${token.elementId}" runs a body; map it to a sub-process`);
  }
}

function eventKindOf(node: GraphNode | undefined): EventDefinition['kind'] | undefined {
  return node?.event?.kind;
}

function checkWaits(check: Check): void {
  const { from, to, versions } = check.input;
  for (const wait of Object.values(check.ctx.waits)) {
    if (wait.role === 'activity') continue; // its token was checked
    const what = wait.role === 'eventSubProcess' ? 'The event sub-process start' : `The ${wait.kind} event`;
    const old = from.nodes[wait.elementId];
    const token = wait.tokenId ? check.ctx.tokens[wait.tokenId] : undefined;
    // A catch event's (or receive task's) own wait: its token's check already named a missing or other element.
    const own = token?.elementId === wait.elementId;
    const node = own ? to.nodes[check.map.target(wait.elementId)] : counterpart(check, wait.elementId, what);
    if (!node || (own ? old?.kind !== node.kind : !sameKind(check, old, node, what))) continue;
    if (eventKindOf(old) !== eventKindOf(node)) {
      block(
        check,
        wait.elementId,
        `${what} "${wait.elementId}" catches a ${eventKindOf(old)} but its counterpart "${node.id}" ` +
          `in version ${versions.to} catches a ${eventKindOf(node) ?? 'nothing'}: map it to a ${eventKindOf(old)} event`,
      );
      continue;
    }
    if (wait.role === 'boundary' && token) {
      const host = check.map.target(token.elementId);
      if (node.attachedTo !== host)
        block(
          check,
          wait.elementId,
          `The boundary event "${wait.elementId}" has a counterpart "${node.id}" attached to ` +
            `"${node.attachedTo}", not to "${host}": map it to a boundary event of "${host}"`,
        );
    } else if (wait.role === 'gateway' && token) {
      const gateway = to.nodes[check.map.target(token.elementId)];
      const follows = gateway?.outgoing.some((f) => to.flows[f]?.target === node.id);
      if (gateway && !follows)
        block(
          check,
          wait.elementId,
          `"${node.id}" does not follow the event-based gateway "${gateway.id}" in version ${versions.to}: ` +
            `map "${wait.elementId}" to one of the events after it`,
        );
    } else if (wait.role === 'eventSubProcess' && wait.eventSubProcess) {
      const es = counterpart(check, wait.eventSubProcess, 'The event sub-process');
      const host = scopeElement(check, wait.scope);
      if (es && (!es.triggeredByEvent || node.scope !== es.id))
        block(
          check,
          wait.elementId,
          `"${node.id}" is not the start of an event sub-process "${es.id}" in version ${versions.to}: ` +
            `map "${wait.elementId}" to the start event of an event sub-process`,
        );
      else if (es && host !== undefined) inParent(check, wait.eventSubProcess, es, host);
    }
  }
}

function splitJoinKey(key: string): [string, string] {
  const bar = key.indexOf('|');
  return [key.slice(0, bar), key.slice(bar + 1)];
}

function checkJoins(check: Check): void {
  const { from, to, versions } = check.input;
  for (const [key, counts] of Object.entries(check.ctx.joins)) {
    const [scope, gatewayId] = splitJoinKey(key);
    const node = counterpart(check, gatewayId, 'The joining gateway');
    if (!node || !sameKind(check, from.nodes[gatewayId], node, 'The joining gateway')) continue;
    const parent = scopeElement(check, scope);
    if (parent !== undefined) inParent(check, gatewayId, node, parent);
    for (const [flow, count] of Object.entries(counts)) {
      if (count <= 0) continue;
      const target = check.map.target(flow);
      if (!node.incoming.includes(target) || !to.flows[target])
        block(
          check,
          gatewayId,
          `The join "${gatewayId}" holds a token that came by "${flow}", which is not an incoming flow of ` +
            `"${node.id}" in version ${versions.to}: map "${flow}" to one of ${node.incoming.join(', ')}`,
        );
    }
  }
}

/**
 * Compensation: a scope running handlers cannot move mid-way; each completed activity that may
 * still be compensated needs a counterpart of the same kind (its handler is the new version's).
 */
function checkCompensation(check: Check): void {
  for (const scope of Object.values(check.ctx.scopes)) {
    if (scope.compensation)
      block(
        check,
        scope.elementId,
        `"${scope.elementId}" is running compensation handlers; let them finish, then migrate the case`,
      );
  }
  const visit = (done: readonly CompletedActivity[]) => {
    for (const activity of done) {
      const node = counterpart(check, activity.elementId, 'The completed activity to compensate');
      if (node)
        sameKind(check, check.input.from.nodes[activity.elementId], node, 'The completed activity to compensate');
      visit(activity.inner ?? []);
    }
  };
  visit(check.ctx.compensable ?? []);
}

function renameCompleted(map: Mapper, done: CompletedActivity[]): void {
  for (const activity of done) {
    activity.elementId = map.target(activity.elementId);
    renameCompleted(map, activity.inner ?? []);
  }
}

/** The marking in the new version's ids; waits whose trigger changed are opened again. */
function rewrite(check: Check): Run {
  const { to, from, at } = check.input;
  const { map } = check;
  const run = createRun(to, copyContext(check.ctx), at);
  const ctx = run.ctx;
  ctx.processId = to.id;
  for (const scope of Object.values(ctx.scopes)) scope.elementId = map.target(scope.elementId);
  for (const token of Object.values(ctx.tokens)) {
    token.elementId = map.target(token.elementId);
    if (token.subscribes !== undefined) token.subscribes = map.target(token.subscribes);
    if (token.via !== undefined) {
      const via = map.target(token.via);
      if (to.flows[via]) token.via = via;
      else delete token.via;
    }
  }
  const joins: CaseContext['joins'] = {};
  for (const [key, counts] of Object.entries(ctx.joins)) {
    const [scope, gateway] = splitJoinKey(key);
    const mapped: Record<string, number> = {};
    for (const [flow, count] of Object.entries(counts)) mapped[map.target(flow)] = count;
    joins[`${scope}|${map.target(gateway)}`] = mapped;
  }
  ctx.joins = joins;
  for (const incident of Object.values(ctx.incidents)) incident.elementId = map.target(incident.elementId);
  renameCompleted(map, ctx.compensable ?? []);
  for (const wait of Object.values(ctx.waits).sort((a, b) => a.seq - b.seq)) retarget(run, from, map, wait);
  subscribeAdded(run, map);
  return run;
}

function retarget(run: Run, from: ProcessGraph, map: Mapper, wait: Wait): void {
  const old = from.nodes[wait.elementId];
  const node = run.graph.nodes[map.target(wait.elementId)];
  const token = wait.tokenId ? run.ctx.tokens[wait.tokenId] : undefined;
  if ((wait.kind === 'message' || wait.kind === 'signal' || wait.kind === 'timer') && triggerChanged(old, node)) {
    // Another message, signal or timer: the subscription is made again, as the new version would.
    closeWait(run, wait, 'cancelled');
    const esId = wait.eventSubProcess ? map.target(wait.eventSubProcess) : undefined;
    openCatchWait(run, token, node, node.event as EventDefinition, wait.role, wait.scope, esId);
    return;
  }
  wait.elementId = node.id;
  if (wait.eventSubProcess) wait.eventSubProcess = map.target(wait.eventSubProcess);
  if (node.name) wait.name = node.name;
  else delete wait.name;
  if (wait.kind === 'userTask' && token) takeAssignmentRules(run, wait, old, node, token);
  if (wait.kind === 'job' && node.task?.jobType) {
    wait.jobType = node.task.jobType;
    wait.retries = node.task.retries ?? 3;
  }
}

/** Whether what a catch waits for differs between the versions (message, correlation, signal, timer). */
function triggerChanged(old: GraphNode | undefined, node: GraphNode): boolean {
  return triggerOf(old) !== triggerOf(node);
}

function triggerOf(node: GraphNode | undefined): string {
  const event = node?.event;
  switch (event?.kind) {
    case 'message':
      return `message ${event.messageName} ${event.correlationKey?.feel ?? ''}`;
    case 'signal':
      return `signal ${event.signalName}`;
    case 'timer':
      return `timer ${event.timer.kind} ${event.timer.value.feel}`;
    default:
      return String(event?.kind);
  }
}

/**
 * An open task takes the new element's form, groups, users and priority; its assignee stays. Due
 * and follow-up dates change only when their rule changed, and then count from the migration.
 */
function takeAssignmentRules(run: Run, wait: Wait, old: GraphNode | undefined, node: GraphNode, token: Token): void {
  const spec = node.task ?? {};
  const vars = visibleVariables(run, token.scope, token);
  if (spec.formKey) wait.formKey = spec.formKey;
  else delete wait.formKey;
  wait.candidateGroups = evaluateList(spec.candidateGroups, vars) ?? [];
  wait.candidateUsers = evaluateList(spec.candidateUsers, vars) ?? [];
  const priority = Number(evaluateText(spec.priority, vars));
  if (Number.isFinite(priority)) wait.priority = priority;
  else delete wait.priority;
  for (const [rule, field] of [
    ['dueDate', 'dueAt'],
    ['followUpDate', 'followUpAt'],
  ] as const) {
    if (old?.task?.[rule]?.feel === spec[rule]?.feel) continue;
    const date = dateOf(run, evaluateText(spec[rule], vars));
    if (date) wait[field] = date;
    else delete wait[field];
  }
}

function dateOf(run: Run, value: string | undefined): string | undefined {
  if (!value) return undefined;
  if (/^P/i.test(value)) return addDurationText(run.now, value)?.toISOString();
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/**
 * Boundary events and event sub-processes that only the new version has start waiting, as they
 * would have had the case run on it; those the old version had keep what happened to them.
 */
function subscribeAdded(run: Run, map: Mapper): void {
  const { graph, ctx } = run;
  const waiting = new Set(Object.values(ctx.waits).map((w) => w.tokenId));
  for (const token of Object.values(ctx.tokens)) {
    if (token.miBody || token.incident || !(waiting.has(token.id) || token.childScope || token.mi)) continue;
    const node = graph.nodes[token.elementId];
    for (const id of node.boundaries) {
      const boundary = graph.nodes[id];
      if (map.hasSource(id) || !isCatchable(boundary?.event)) continue;
      openCatchWait(run, token, boundary, boundary.event as EventDefinition, 'boundary');
    }
  }
  for (const scope of Object.values(ctx.scopes)) {
    if (scope.eventSub) continue;
    const interrupted = Object.values(ctx.scopes).some(
      (s) => s.parent === scope.id && s.eventSub && eventStart(run, s.elementId)?.cancelActivity !== false,
    );
    if (interrupted) continue;
    for (const esId of graph.scopes[scope.elementId]?.eventSubProcesses ?? []) {
      const start = eventStart(run, esId);
      if (!start || map.hasSource(esId) || map.hasSource(start.id) || !isCatchable(start.event)) continue;
      openCatchWait(run, undefined, start, start.event as EventDefinition, 'eventSubProcess', scope.id, esId);
    }
  }
}

function isCatchable(event: EventDefinition | undefined): boolean {
  return event?.kind === 'timer' || event?.kind === 'message' || event?.kind === 'signal';
}

function eventStart(run: Run, esId: string): GraphNode | undefined {
  return run.graph.scopes[esId]?.nodes.map((id) => run.graph.nodes[id]).find((n) => n?.kind === 'startEvent');
}
