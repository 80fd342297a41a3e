/**
 * Multi-instance activities (BPMN 10.3.8): a body token holds the collection and the results; its
 * instances run in parallel or one after another, each with the element variable and loopCounter
 * as locals. A completion condition may end the body early, withdrawing the remaining instances.
 */
import type { GraphNode } from '../../../definitions/model/graph';
import type { MultiInstanceState, Token, Variables } from '../types';
// eslint-disable-next-line import-x/no-cycle -- one unit with activities.ts (see index.ts)
import { startActivity } from './activities';
import { leave } from './agenda';
import { condition, ElementFailure, evaluate } from './evaluate';
import { closeTokenWaits, newToken, trace, type Run } from './run';
import { cancelToken } from './scopes';
import { openBoundaryWaits } from './triggers';
import { setVariables, visibleVariables } from './variables';

export function enterMultiInstance(run: Run, node: GraphNode, scope: string): void {
  const items = collectionOf(run, node, scope);
  const body = newToken(run, node, scope, { mi: { items, next: 0, completed: 0, results: [] } });
  trace(run, node.id, 'activated', body.id);
  openBoundaryWaits(run, body, node);
  if (items.length === 0) {
    finish(run, body);
    return;
  }
  const loop = node.loop;
  const parallel = loop?.kind === 'multiInstance' && !loop.sequential;
  const count = parallel ? items.length : 1;
  for (let i = 0; i < count; i += 1) startInstance(run, body);
}

function collectionOf(run: Run, node: GraphNode, scope: string): unknown[] {
  const loop = node.loop;
  if (loop?.kind !== 'multiInstance') return [];
  const variables = visibleVariables(run, scope);
  if (loop.collection) {
    const value = evaluate(loop.collection, variables, run.now);
    if (!Array.isArray(value)) {
      throw new ElementFailure(
        `The multi-instance collection "${loop.collection.source}" of ${node.id} ` +
          `is ${value === null || value === undefined ? 'empty (null)' : `not a list (${typeof value})`}; ` +
          `set it to a list`,
      );
    }
    assertWithinInstanceLimit(run, node, value.length, `collection "${loop.collection.source}"`);
    return value;
  }
  if (loop.cardinality) {
    const n = Number(evaluate(loop.cardinality, variables));
    if (!Number.isInteger(n) || n < 0)
      throw new ElementFailure(
        `The loop cardinality "${loop.cardinality.source}" of ${node.id} must be a whole number ≥ 0`,
      );
    assertWithinInstanceLimit(run, node, n, `cardinality "${loop.cardinality.source}"`);
    return Array.from({ length: n }, (_, i) => i + 1);
  }
  return [];
}

/**
 * One activity may not fan out into more instances than the host allows (REBAZ_MAX_INSTANCES):
 * thousands of tasks or jobs from one value are a mistake or an attack, and an operator should look.
 */
function assertWithinInstanceLimit(run: Run, node: GraphNode, count: number, what: string): void {
  const max = run.limits.instances;
  if (count > max) {
    throw new ElementFailure(
      `The multi-instance ${what} of ${node.id} asks for ${count} instances; ` +
        `at most ${max} are allowed (REBAZ_MAX_INSTANCES): split the work, ` +
        `or ask the operator to raise the limit`,
    );
  }
}

function startInstance(run: Run, body: Token): void {
  const mi = body.mi!;
  const node = run.graph.nodes[body.elementId];
  const index = mi.next;
  mi.next += 1;
  const loop = node.loop?.kind === 'multiInstance' ? node.loop : undefined;
  const locals: Variables = { loopCounter: index + 1 };
  if (loop?.elementVariable) locals[loop.elementVariable] = mi.items[index];
  // BPMN's outputDataItem starts empty on each instance (unless it is the input item too), and
  // holding it as a local keeps a sub-process's writes to it on the instance.
  if (loop?.outputItem && !Object.hasOwn(locals, loop.outputItem)) locals[loop.outputItem] = null;
  const instance = newToken(run, node, body.scope, { miBody: body.id, miIndex: index, locals });
  startActivity(run, instance, false);
}

/**
 * What an instance's completion writes to the case: all of it but BPMN's outputDataItem, which is
 * the instance's own and goes only into the output collection (instanceCompleted).
 */
export function withoutInstanceOutput(node: GraphNode, token: Token, result: Variables): Variables {
  const item = token.miBody && node.loop?.kind === 'multiInstance' ? node.loop.outputItem : undefined;
  if (item === undefined || !Object.hasOwn(result, item)) return result;
  return Object.fromEntries(Object.entries(result).filter(([name]) => name !== item));
}

/**
 * An instance finished: collect its output, then start the next, finish, or wait for the others.
 * `result` is what completed it (its output element may read any of it); `body` is a sub-process
 * instance's own variables.
 */
export function instanceCompleted(run: Run, instance: Token, result: Variables, body: Variables = {}): void {
  const miBody = run.ctx.tokens[instance.miBody as string];
  if (!miBody?.mi) return;
  const node = run.graph.nodes[miBody.elementId];
  const loop = node.loop?.kind === 'multiInstance' ? node.loop : undefined;
  const mi = miBody.mi;
  const context = visibleVariables(run, miBody.scope, instance, result);
  if (loop?.outputItem) mi.results[instance.miIndex as number] = context[loop.outputItem] ?? null;
  else if (loop?.outputElement) mi.results[instance.miIndex as number] = evaluate(loop.outputElement, context);
  mi.completed += 1;
  const active = Object.values(run.ctx.tokens).filter((t) => t.miBody === miBody.id).length;
  const stats = {
    numberOfInstances: mi.items.length,
    numberOfActiveInstances: active,
    numberOfCompletedInstances: mi.completed,
    // Camunda 7's, Flowable's and Activiti's names for the same counts
    nrOfInstances: mi.items.length,
    nrOfActiveInstances: active,
    nrOfCompletedInstances: mi.completed,
  };
  // The condition reads what the instance wrote to the case, not what was submitted: a name that
  // no output mapping takes must not decide for the other instances. As in Camunda 8, it reads the
  // output collection as gathered so far too (null for the instances still running).
  const gathered = loop?.outputCollection ? { [loop.outputCollection]: gatheredSoFar(mi) } : {};
  const written = visibleVariables(run, miBody.scope, instance, { ...body, ...gathered });
  const done =
    mi.completed >= mi.items.length ||
    (loop?.completionCondition !== undefined && condition(loop.completionCondition, { ...written, ...stats }));
  if (done) {
    endMultiInstance(run, miBody);
    return;
  }
  if (loop?.sequential) startInstance(run, miBody);
}

/** The body ends: the instances still running are withdrawn, and the activity completes. */
export function endMultiInstance(run: Run, body: Token): void {
  for (const other of Object.values(run.ctx.tokens)) if (other.miBody === body.id) cancelToken(run, other);
  finish(run, body);
}

function finish(run: Run, body: Token): void {
  const node = run.graph.nodes[body.elementId];
  const loop = node.loop?.kind === 'multiInstance' ? node.loop : undefined;
  closeTokenWaits(run, body.id, 'completed');
  delete run.ctx.tokens[body.id];
  if (loop?.outputCollection && body.mi)
    setVariables(run, body.scope, { [loop.outputCollection]: gatheredSoFar(body.mi) });
  leave(run, node, body.scope);
}

/** One output per item, in item order: null for an instance that has not completed (or never will). */
function gatheredSoFar(mi: MultiInstanceState): unknown[] {
  return mi.items.map((_, i) => mi.results[i] ?? null);
}
