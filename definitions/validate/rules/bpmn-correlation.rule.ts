/**
 * BPMN's own correlation (`bpmn:correlationKey`, `bpmn:correlationProperty` with its retrieval
 * expressions, a process's `bpmn:correlationSubscription`) is not applied: Rebaz correlates a
 * message by its name and the key the message element states, Camunda 8's way
 * (`zeebe:subscription correlationKey`, or `rebaz:correlationKey`). A catch whose message states
 * no key takes any message of its name, whichever case it was meant for. One warning per model,
 * naming the correlation key the model declares.
 */
import type { ModdleElement } from '../../model/extensions';
import { describeElement } from '../issue';
import type { Rule } from '../rule-context';

export const bpmnCorrelationRule: Rule = {
  name: 'bpmn-correlation',
  check(ctx) {
    const roots: ModdleElement[] = ctx.parsed.definitions.rootElements ?? [];
    const declared: Array<{ key: ModdleElement; holder: ModdleElement }> = [];
    for (const holder of roots) {
      for (const key of holder.correlationKeys ?? []) declared.push({ key, holder });
      for (const node of holder.conversations ?? [])
        for (const key of node.correlationKeys ?? []) declared.push({ key, holder: node });
    }
    for (const subscription of ctx.process.correlationSubscriptions ?? [])
      if (subscription.correlationKeyRef) declared.push({ key: subscription.correlationKeyRef, holder: ctx.process });
    const properties = roots.filter((el) => el.$type === 'bpmn:CorrelationProperty');
    const subject = declared[0]
      ? `${describeElement(declared[0].holder).replace(/^./, (c) => c.toUpperCase())} declares BPMN's ` +
        `correlation key ${keyPhrase(declared[0].key)}`
      : properties[0]
        ? `The definitions declare BPMN's ${describeElement(properties[0])}`
        : undefined;
    if (!subject) return;
    const anchor = declared[0] ? (declared[0].key.id ? declared[0].key : declared[0].holder) : properties[0];
    const more = declared.length + (declared[0] ? 0 : properties.length) - 1;
    ctx.report(
      'CORRELATION_NOT_APPLIED',
      'warning',
      anchor,
      `${subject}${more > 0 ? ` (and ${more} more)` : ''}, which Rebaz does not apply: a message catch event or ` +
        'receive task whose message states no correlation key takes any message of its name, whichever case it was ' +
        'meant for. State the key on each bpmn:message the process waits for, as ' +
        '<zeebe:subscription correlationKey="=…"/> in its extension elements or rebaz:correlationKey="=…", ' +
        "an expression over the case's variables that gives the value the message carries",
    );
  },
};

/** `"lover" (over the property "Lover's Name")`. */
function keyPhrase(key: ModdleElement): string {
  const name = key.name ? `"${key.name}"` : (key.id ?? '');
  const refs: ModdleElement[] = key.correlationPropertyRef ?? [];
  const properties = refs.map((p) => (p.name ? `"${p.name}"` : p.id)).filter(Boolean);
  const over = properties.length > 0 ? ` (over the property ${properties.join(', ')})` : '';
  return `${name}${key.id && key.name ? ` (${key.id})` : ''}${over}`;
}
