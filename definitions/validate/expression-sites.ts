/**
 * Every expression of a process with the element that holds it and what it is for, so that each
 * rule about expressions (invalid-expression, script, unknown-feel-function) walks them the same way.
 */
import type { Expression, GraphNode, ProcessGraph } from '../model/graph';

export interface ExpressionSite {
  element: { id: string; $type: string; name?: string };
  /** What the expression is for, to follow "The": `script`, `input "fee"`, `condition`. */
  what: string;
  expr: Expression;
}

export function expressionSites(graph: ProcessGraph): ExpressionSite[] {
  const sites: ExpressionSite[] = [];
  for (const node of Object.values(graph.nodes)) {
    const element = { id: node.id, $type: node.type, name: node.name };
    for (const [what, expr] of expressionsOf(node)) if (expr) sites.push({ element, what, expr });
    for (const listener of node.listeners ?? [])
      sites.push({ element, what: `${listener.event} listener`, expr: listener.value });
  }
  for (const flow of Object.values(graph.flows)) {
    const element = { id: flow.id, $type: 'bpmn:SequenceFlow', name: flow.name };
    if (flow.condition) sites.push({ element, what: 'condition', expr: flow.condition });
  }
  return sites;
}

/** Every expression a node holds, with what it is for (`input "fee"`, `collection`). */
function expressionsOf(node: GraphNode): [string, Expression | undefined][] {
  const t = node.task ?? {};
  const loop = node.loop;
  const event = node.event;
  return [
    ['assignee', t.assignee],
    ['candidate groups', t.candidateGroups],
    ['candidate users', t.candidateUsers],
    ['due date', t.dueDate],
    ['follow-up date', t.followUpDate],
    ['priority', t.priority],
    ['script', t.script],
    ['job type', t.jobTypeExpression],
    ['skip expression', t.skipExpression],
    ...node.inputs.map((m): [string, Expression] => [`input "${m.target}"`, m.source]),
    ...node.outputs.map((m): [string, Expression] => [`output "${m.target}"`, m.source]),
    ['loop condition', loop?.kind === 'standard' ? loop.condition : undefined],
    ['collection', loop?.kind === 'multiInstance' ? loop.collection : undefined],
    ['loop cardinality', loop?.kind === 'multiInstance' ? loop.cardinality : undefined],
    ['completion condition', loop?.kind === 'multiInstance' ? loop.completionCondition : undefined],
    ['output element', loop?.kind === 'multiInstance' ? loop.outputElement : undefined],
    ['correlation key', event?.kind === 'message' ? event.correlationKey : undefined],
    ['timer', event?.kind === 'timer' ? event.timer.value : undefined],
  ];
}
