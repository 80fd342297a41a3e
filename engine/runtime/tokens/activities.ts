/**
 * Activities (BPMN 10.3): tasks, sub-processes and call activities, with input/output mappings,
 * standard loops and multi-instance. An activity either completes at once (task, manual task,
 * script task) or leaves a token that waits for a clerk, a worker, a child case or its body.
 */
import type { GraphNode, NodeKind } from '../../../definitions/model/graph';
import type { Token, Variables, Wait } from '../types';
import {
  condition,
  ElementFailure,
  evaluate,
  evaluateList,
  evaluateText,
  jobTypeOf,
  runScriptTask,
  ScriptRaisedBpmnError,
} from './evaluate';
import { throwError } from './errors';
import { adHocActiveElements, adHocActivityCompleted } from './ad-hoc';
import { enqueueArrival, leave } from './agenda';
import { recordCompletion } from './completed';
// eslint-disable-next-line import-x/no-cycle -- one unit with multi-instance.ts (see index.ts)
import { enterMultiInstance, instanceCompleted, withoutInstanceOutput } from './multi-instance';
import { closeTokenWaits, newToken, openWait, raiseIncident, trace, type ArrivalHandler, type Run } from './run';
import { activateScope, newBodyScope } from './scopes';
import { addDurationText as addDuration } from './time';
import { correlationKeyOf, openBoundaryWaits, publishMessage } from './triggers';
import { setVariables, visibleVariables } from './variables';

type ActivityKind = Exclude<NodeKind, `${string}Event` | `${string}Gateway`>;

const enter: ArrivalHandler = (run, node, arrival) => enterActivity(run, node, arrival.scope, arrival.flowId);

/** Every kind of activity is entered alike; what it then waits for is openActivityWait's choice. */
export const activityArrivals: { [K in ActivityKind]: ArrivalHandler } = {
  task: enter,
  userTask: enter,
  serviceTask: enter,
  sendTask: enter,
  receiveTask: enter,
  manualTask: enter,
  scriptTask: enter,
  businessRuleTask: enter,
  subProcess: enter,
  callActivity: enter,
};

function enterActivity(run: Run, node: GraphNode, scope: string, flowId?: string): void {
  if (skipped(run, node, scope)) return;
  if (node.loop?.kind === 'multiInstance') {
    enterMultiInstance(run, node, scope);
    return;
  }
  if (node.loop?.kind === 'standard' && node.loop.testBefore && !loopAgain(run, node, scope, undefined, 0)) {
    leave(run, node, scope);
    return;
  }
  const token = newToken(run, node, scope, flowId ? { via: flowId } : {});
  startActivity(run, token, true);
}

/** Evaluates input mappings into the token's locals, then runs or opens what the activity needs. */
export function startActivity(run: Run, token: Token, withBoundaries: boolean): void {
  const node = run.graph.nodes[token.elementId];
  trace(run, node.id, 'activated', token.id);
  if (node.inputs.length > 0) {
    const locals: Variables = { ...token.locals };
    for (const mapping of node.inputs) {
      locals[mapping.target] = evaluate(mapping.source, visibleVariables(run, token.scope, token, locals), run.now);
    }
    token.locals = locals;
  }
  if (!openActivityWait(run, node, token)) {
    let result: Variables;
    try {
      result = runImmediate(run, node, token);
    } catch (error) {
      if (!(error instanceof ScriptRaisedBpmnError)) throw error;
      throwError(run, { scope: token.scope, elementId: node.id, token, rerun: true }, error.code, error.errorMessage);
      return;
    }
    completeActivity(run, token, result);
    return;
  }
  if (withBoundaries) openBoundaryWaits(run, token, node);
}

/** The case's switches that let a skip expression pass an activity over, as Flowable and Activiti name them. */
const SKIPPING_ENABLED = ['_FLOWABLE_SKIP_EXPRESSION_ENABLED', '_ACTIVITI_SKIP_EXPRESSION_ENABLED'];

/**
 * Flowable's and Activiti's `skipExpression`: where the case enables skipping and the expression
 * holds as the activity is entered, it does nothing (no instances, inputs, work or outputs) and the
 * case goes on at once.
 */
function skipped(run: Run, node: GraphNode, scope: string): boolean {
  const skip = node.task?.skipExpression;
  if (!skip) return false;
  const variables = visibleVariables(run, scope);
  if (!SKIPPING_ENABLED.some((name) => variables[name] === true)) return false;
  if (!condition(skip, variables, run.now)) return false;
  trace(run, node.id, 'skipped');
  leave(run, node, scope);
  return true;
}

/**
 * Script tasks (FEEL, JavaScript), service tasks with an expression evaluated in place, send tasks
 * without a worker, and pass-through tasks complete at once.
 */
function runImmediate(run: Run, node: GraphNode, token: Token): Variables {
  const spec = node.task;
  if (spec?.script?.language === 'javascript')
    return runScriptTask(node, spec.script, visibleVariables(run, token.scope, token), run.now);
  if (spec?.script) {
    const result = evaluate(spec.script, visibleVariables(run, token.scope, token));
    return spec.resultVariable ? { [spec.resultVariable]: result } : {};
  }
  if (node.kind === 'sendTask' && spec?.messageName) publishMessage(run, node, token.scope, token);
  return {};
}

/** Opens the wait an activity needs; false when it completes at once. */
function openActivityWait(run: Run, node: GraphNode, token: Token): boolean {
  const spec = node.task ?? {};
  const variables = () => visibleVariables(run, token.scope, token);
  const base = {
    id: token.id,
    role: 'activity' as const,
    elementId: node.id,
    scope: token.scope,
    tokenId: token.id,
    ...(node.name ? { name: node.name } : {}),
  };
  switch (node.kind) {
    case 'userTask': {
      const vars = variables();
      const wait: Omit<Wait, 'seq'> = { ...base, kind: 'userTask' };
      const assignee = evaluateText(spec.assignee, vars);
      if (assignee) wait.assignee = assignee;
      wait.candidateGroups = evaluateList(spec.candidateGroups, vars) ?? [];
      wait.candidateUsers = evaluateList(spec.candidateUsers, vars) ?? [];
      if (spec.formKey) wait.formKey = spec.formKey;
      const due = dueDate(run, evaluateText(spec.dueDate, vars));
      if (due) wait.dueAt = due;
      const followUp = dueDate(run, evaluateText(spec.followUpDate, vars));
      if (followUp) wait.followUpAt = followUp;
      const priority = Number(evaluateText(spec.priority, vars));
      if (Number.isFinite(priority)) wait.priority = priority;
      openWait(run, wait);
      trace(run, node.id, 'waiting', token.id);
      return true;
    }
    case 'serviceTask':
    case 'businessRuleTask':
    case 'sendTask':
    case 'scriptTask': {
      if (!spec.jobType) return false;
      openWait(run, {
        ...base,
        kind: 'job',
        jobType: jobTypeOf(spec, variables()),
        retries: spec.retries ?? 3,
        variables: variables(),
      });
      trace(run, node.id, 'waiting', token.id);
      return true;
    }
    case 'receiveTask': {
      const event = node.event?.kind === 'message' ? node.event : undefined;
      const wait: Omit<Wait, 'seq'> = {
        ...base,
        role: 'catch',
        kind: 'message',
        messageName: event?.messageName ?? '',
      };
      const key = correlationKeyOf(event, variables());
      if (key !== undefined) wait.correlationKey = key;
      openWait(run, wait);
      trace(run, node.id, 'waiting', token.id);
      return true;
    }
    case 'callActivity': {
      const all = spec.propagateAll?.in !== false;
      const handed = all ? variables() : { ...token.locals };
      openWait(run, { ...base, kind: 'call', calledElement: spec.calledElement ?? '', variables: handed });
      trace(run, node.id, 'waiting', token.id);
      return true;
    }
    case 'subProcess': {
      const active = adHocActiveElements(run, node, variables());
      const body = newBodyScope(run, node, token);
      activateScope(run, body.id);
      for (const nodeId of active) enqueueArrival(run, { nodeId, scope: body.id });
      return true;
    }
    default:
      return false;
  }
}

/** A due date is an ISO date-time, or an ISO duration counted from now. */
function dueDate(run: Run, value: string | undefined): string | undefined {
  if (!value) return undefined;
  if (/^P/i.test(value)) {
    const due = addDuration(run.now, value);
    return due?.toISOString();
  }
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/**
 * Completes an activity with its result: output mappings (or, without them, every result
 * variable) go to the enclosing scopes, then loops repeat or the token leaves.
 */
export function completeActivity(run: Run, token: Token, result: Variables = {}): void {
  const node = run.graph.nodes[token.elementId];
  closeTokenWaits(run, token.id, 'completed');
  const inner = token.childScope ? run.ctx.scopes[token.childScope]?.variables : undefined;
  // A sub-process's own variables are local to it: only its output mappings carry them out.
  try {
    applyOutputs(run, node, token, { ...inner, ...result }, inner ? {} : withoutInstanceOutput(node, token, result));
  } catch (error) {
    // An output mapping that fails (or yields what cannot be stored, e.g. a FEEL function) leaves
    // an incident on the activity, like any failing expression; resolving runs the activity again.
    if (!(error instanceof ElementFailure) || token.miBody) throw error;
    if (token.childScope) delete run.ctx.scopes[token.childScope];
    delete token.childScope;
    raiseIncident(run, token, error.message, 'element');
    return;
  }
  recordCompletion(run, node, token);
  if (token.childScope) delete run.ctx.scopes[token.childScope];
  delete run.ctx.tokens[token.id];
  if (token.miBody) {
    trace(run, node.id, 'completed', token.id);
    instanceCompleted(run, token, { ...inner, ...result }, inner);
    return;
  }
  if (node.loop?.kind === 'standard') {
    const count = (token.loopCount ?? 0) + 1;
    if (loopAgain(run, node, token.scope, token, count)) {
      trace(run, node.id, 'completed', token.id);
      startActivity(run, newToken(run, node, token.scope, { loopCount: count }), true);
      return;
    }
  }
  if (run.ctx.scopes[token.scope]?.adHoc && adHocActivityCompleted(run, token.scope)) return;
  leave(run, node, token.scope);
}

function applyOutputs(run: Run, node: GraphNode, token: Token, visible: Variables, result: Variables): void {
  if (node.outputs.length === 0) {
    setVariables(run, token.scope, result);
    return;
  }
  // Camunda 7: the completion's data is set too (in the case, unless the activity holds the name as its own input).
  if (node.outputsAdd) setVariables(run, token.scope, withoutLocals(result, token.locals));
  const context = visibleVariables(run, token.scope, token, visible);
  const values: Variables = {};
  for (const mapping of node.outputs)
    values[mapping.target] = evaluate(mapping.source, { ...context, ...values }, run.now);
  setVariables(run, token.scope, values);
}

function withoutLocals(result: Variables, locals: Variables | undefined): Variables {
  if (!locals) return result;
  return Object.fromEntries(Object.entries(result).filter(([name]) => !Object.hasOwn(locals, name)));
}

/** Standard loop (BPMN 10.3.8): repeat while the condition holds, up to loopMaximum. */
function loopAgain(run: Run, node: GraphNode, scope: string, token: Token | undefined, count: number): boolean {
  if (node.loop?.kind !== 'standard') return false;
  if (node.loop.maximum !== undefined && count >= node.loop.maximum) return false;
  if (!node.loop.condition) return false;
  return condition(node.loop.condition, { ...visibleVariables(run, scope, token), loopCounter: count });
}
