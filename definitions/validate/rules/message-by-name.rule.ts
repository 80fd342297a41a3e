/**
 * A message event or receive task without a messageRef correlates by its own name, or, catching and
 * unnamed, by its id (model/build-graph.ts, caughtByName); a send task or throw without one publishes
 * what its message flow leads to, else its own name (messageFlowTarget); a bpmn:Message without a name
 * is known by its id (messageNameOf). Each runs, and the warning says which message name counts.
 */
import { caughtByName, isCatching, messageFlowTarget, messageNamedAfter } from '../../model/build-graph';
import type { ModdleElement } from '../../model/extensions';
import { describeElement } from '../issue';
import type { Rule, RuleContext } from '../rule-context';

export const messageByNameRule: Rule = {
  name: 'message-by-name',
  check(ctx) {
    for (const el of ctx.flowElements) {
      const message = referencedMessage(el);
      if (message === null) continue;
      // A throw run by a worker sends nothing itself (model/build-graph.ts, readJobTypeFromId).
      if (!isCatching(el) && ctx.graph.nodes[el.id]?.task?.jobType) continue;
      if (message === undefined) unreferenced(ctx, el);
      else if (message.id && !(typeof message.name === 'string' && message.name.trim() !== ''))
        ctx.report(
          'MESSAGE_WITHOUT_NAME',
          'warning',
          el,
          `The message ${message.id} used by ${describeElement(el)} has no name, so it ` +
            `${isCatching(el) ? 'correlates' : 'is sent'} by its id, "${message.id}". ` +
            'Give the message the name senders will use',
        );
    }
  },
};

function unreferenced(ctx: RuleContext, el: ModdleElement): void {
  const catching = isCatching(el);
  const flow = catching ? undefined : messageFlowTarget(el);
  if (flow) {
    ctx.report(
      'MESSAGE_FROM_FLOW',
      'warning',
      el,
      `${describeElement(el)} references no bpmn:Message; its message flow leads to ${describeElement(flow.target)}, ` +
        `so it publishes the message that one waits for, "${flow.messageName}". ` +
        'Reference a bpmn:Message to name the message yourself',
    );
    return;
  }
  const byName = messageNamedAfter(el);
  const name = catching ? caughtByName(el) : byName;
  if (name === undefined) return;
  const verb = catching ? 'waits for' : 'publishes';
  const after = byName === undefined ? 'its id' : 'it';
  ctx.report(
    'MESSAGE_BY_NAME',
    'warning',
    el,
    `${describeElement(el)} references no bpmn:Message, so it ${verb} the message named after ${after}, "${name}". ` +
      'Define a bpmn:Message and reference it to name the message yourself',
  );
}

/**
 * The message a message element references; undefined when it references none, null when the element is not
 * about a message at all.
 */
function referencedMessage(el: ModdleElement): ModdleElement | undefined | null {
  if (el.$type === 'bpmn:ReceiveTask' || el.$type === 'bpmn:SendTask') {
    return el.messageRef ?? undefined;
  }
  const def = (el.eventDefinitions ?? []).find((d: ModdleElement) => d.$type === 'bpmn:MessageEventDefinition');
  if (!def) return null;
  return def.messageRef ?? undefined;
}
