/**
 * A message or signal whose name holds an expression (`paid-${orderId}`, `=…`), which Camunda 7
 * resolves as a case subscribes. Rebaz names messages and signals statically: its publishers are
 * authorised per name, and a case tells its own message from another's by the correlation key. A
 * name read as plain text would have the case wait for exactly `paid-${orderId}`, so it is refused.
 */
import type { ModdleElement } from '../../model/extensions';
import { describeElement } from '../issue';
import type { Rule } from '../rule-context';

const EXPRESSION = /\$\{|#\{|^\s*=/;

export const eventNameExpressionRule: Rule = {
  name: 'event-name-expression',
  check(ctx) {
    const reported = new Set<ModdleElement>();
    for (const el of ctx.flowElements) {
      const refs: ModdleElement[] = [el.messageRef];
      for (const def of (el.eventDefinitions ?? []) as ModdleElement[]) refs.push(def.messageRef, def.signalRef);
      for (const ref of refs) {
        if (!ref || reported.has(ref) || typeof ref.name !== 'string' || !EXPRESSION.test(ref.name)) continue;
        reported.add(ref);
        const signal = ref.$type === 'bpmn:Signal';
        ctx.report(
          'EXPRESSION_IN_EVENT_NAME',
          'error',
          el,
          `The ${signal ? 'signal' : 'message'} "${ref.name}" (${ref.id}) used by ${describeElement(el)} has an ` +
            'expression in its name; Rebaz names messages and signals as written, so the case would wait for ' +
            `exactly that text. ${
              signal
                ? 'Give the signal a plain name: it reaches every case waiting for it'
                : 'Give the message a plain name and tell cases apart by a correlation key ' +
                  '(zeebe:subscription correlationKey="=orderId")'
            }`,
        );
      }
    }
  },
};
