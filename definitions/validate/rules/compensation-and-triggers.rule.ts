/**
 * Compensation, transactions, conditional and multiple events, and ad-hoc sub-processes are run
 * as BPMN 2.0 defines them; what the spec forbids, or Rebaz cannot run, is refused here, naming
 * the element and what to change.
 */
import type { EventDefinition, GraphNode } from '../../model/graph';
import { describeElement } from '../issue';
import { nodesOf, type Rule, type RuleContext } from '../rule-context';

const CATCHABLE = new Set<EventDefinition['kind']>(['message', 'signal', 'timer', 'conditional']);
const THROWABLE = new Set<EventDefinition['kind']>(['message', 'signal', 'escalation']);

export const compensationAndTriggersRule: Rule = {
  name: 'compensation-and-triggers',
  check(ctx) {
    for (const node of nodesOf(ctx.graph)) {
      checkCompensation(ctx, node);
      checkCancel(ctx, node);
      checkConditional(ctx, node);
      checkMultiple(ctx, node);
      checkAdHoc(ctx, node);
    }
  },
};

function checkCompensation(ctx: RuleContext, node: GraphNode): void {
  const name = describeElement(node);
  if (node.forCompensation && (node.incoming.length > 0 || node.outgoing.length > 0)) {
    ctx.report(
      'INVALID_COMPENSATION',
      'error',
      node,
      `${name} is a compensation handler with sequence flows; a handler runs only when its activity ` +
        `is compensated: remove its flows, or clear "isForCompensation"`,
    );
  }
  if (node.event?.kind !== 'compensate') return;
  if (node.kind === 'boundaryEvent') {
    const handler = node.compensationHandler ? ctx.graph.nodes[node.compensationHandler] : undefined;
    if (!handler?.forCompensation) {
      ctx.report(
        'INVALID_COMPENSATION',
        'error',
        node,
        `${name} has no compensation handler: draw an association from it to an activity marked ` +
          `"isForCompensation"`,
      );
    }
    return;
  }
  if (node.kind === 'startEvent') {
    const esp = ctx.graph.nodes[node.scope];
    if (!esp?.triggeredByEvent || ctx.graph.scopes[esp.scope]?.kind !== 'subProcess') {
      ctx.report(
        'INVALID_COMPENSATION',
        'error',
        node,
        `${name} is a compensation start event outside an event sub-process of a sub-process; ` +
          `only such event sub-processes start on compensation`,
      );
    }
    return;
  }
  const ref = node.event.activityRef;
  if (ref) {
    const target = ctx.graph.nodes[ref];
    const scope = ctx.graph.nodes[node.scope]?.triggeredByEvent ? ctx.graph.nodes[node.scope].scope : node.scope;
    if (!target || target.scope !== scope) {
      ctx.report(
        'INVALID_COMPENSATION',
        'error',
        node,
        `${name} compensates "${ref}", which is not an activity of the same (sub-)process; ` +
          `name an activity beside it, or leave activityRef out to compensate them all`,
      );
    }
  }
}

function checkCancel(ctx: RuleContext, node: GraphNode): void {
  if (node.event?.kind !== 'cancel') return;
  const name = describeElement(node);
  if (node.kind === 'endEvent') {
    if (!ctx.graph.nodes[node.scope]?.transaction) {
      ctx.report(
        'INVALID_CANCEL',
        'error',
        node,
        `${name} is a cancel end event outside a transaction: put it inside a transaction sub-process`,
      );
    }
    return;
  }
  const host = node.attachedTo ? ctx.graph.nodes[node.attachedTo] : undefined;
  if (node.kind === 'boundaryEvent' && node.cancelActivity === false) {
    ctx.report(
      'INVALID_CANCEL',
      'error',
      node,
      `${name} is a non-interrupting cancel boundary event; a cancelled transaction always ends: make it interrupting`,
    );
  } else if (node.kind === 'boundaryEvent' && host && !host.transaction) {
    ctx.report(
      'INVALID_CANCEL',
      'error',
      node,
      `${name} is a cancel boundary event on ${host.id}, which is not a transaction; ` +
        `attach it to a transaction sub-process`,
    );
  }
}

function checkConditional(ctx: RuleContext, node: GraphNode): void {
  const conditions: { what: string; expr?: { error?: { code: string; message: string } } }[] = [];
  for (const trigger of triggersOf(node.event)) {
    if (trigger.kind === 'conditional') conditions.push({ what: 'condition', expr: trigger.condition });
  }
  if (node.adHoc?.completionCondition)
    conditions.push({ what: 'completion condition', expr: node.adHoc.completionCondition });
  for (const { what, expr } of conditions) {
    if (expr?.error)
      ctx.report(
        expr.error.code,
        'error',
        node,
        `The ${what} of ${describeElement(node)} cannot run: ${expr.error.message}`,
      );
  }
  // A conditional start event of the process starts a case when the variables of a request make
  // its condition true (evaluateStartConditions); a multiple start event takes messages and signals.
  const atProcessLevel = node.kind === 'startEvent' && ctx.graph.scopes[node.scope]?.kind === 'process';
  if (
    atProcessLevel &&
    triggersOf(node.event).some((t) => t.kind === 'conditional' || t.kind === 'timer') &&
    node.event?.kind === 'multiple'
  ) {
    ctx.report(
      'UNSUPPORTED_ELEMENT',
      'error',
      node,
      `${describeElement(node)} starts the process on several triggers including a timer or a condition; ` +
        `a multiple start event of a process may hold messages and signals only: use separate start events`,
    );
  }
}

function checkMultiple(ctx: RuleContext, node: GraphNode): void {
  const event = node.event;
  if (event?.kind !== 'multiple') return;
  const name = describeElement(node);
  const throwing = node.kind === 'endEvent' || node.kind === 'intermediateThrowEvent';
  const allowed = throwing ? THROWABLE : CATCHABLE;
  const odd = event.triggers.find((t) => !allowed.has(t.kind));
  if (odd) {
    ctx.report(
      'UNSUPPORTED_ELEMENT',
      'error',
      node,
      `${name} has several triggers, one of them ${odd.kind}; a multiple ${throwing ? 'throw' : 'catch'} ` +
        `event may hold ${[...allowed].join(', ')} triggers: give it its own event`,
    );
  }
  const repeats =
    node.cancelActivity === false || (node.kind === 'startEvent' && ctx.graph.nodes[node.scope]?.triggeredByEvent);
  if (event.parallel && repeats) {
    ctx.report(
      'UNSUPPORTED_ELEMENT',
      'error',
      node,
      `${name} is a parallel multiple ${node.kind === 'startEvent' ? 'event sub-process start' : 'non-interrupting boundary'} ` +
        `event; Rebaz runs parallel multiple events as intermediate catch events and interrupting boundary events: ` +
        `wait for the triggers in parallel branches instead`,
    );
  }
}

function checkAdHoc(ctx: RuleContext, node: GraphNode): void {
  const scope = ctx.graph.nodes[node.scope];
  if (!scope?.adHoc || (node.kind !== 'startEvent' && node.kind !== 'endEvent') || node.triggeredByEvent) return;
  ctx.report(
    'INVALID_AD_HOC',
    'error',
    node,
    `${describeElement(node)} is a ${node.kind === 'startEvent' ? 'start' : 'end'} event in ad-hoc sub-process ` +
      `${scope.id}; an ad-hoc sub-process holds activities started on request, without start or end events`,
  );
}

function triggersOf(event: EventDefinition | undefined): EventDefinition[] {
  if (!event) return [];
  return event.kind === 'multiple' ? event.triggers : [event];
}
