/**
 * A signal throw must say what it broadcasts: a referenced bpmn:Signal, or its own name
 * (signal-by-name.rule.ts). Messages always have an answer: an element without a message is caught by
 * its name or id, or is a job typed by its id (message-by-name.rule.ts, job-type-derived.rule.ts).
 */
import { isCatching, messageNamedAfter } from '../../model/build-graph';
import type { ModdleElement } from '../../model/extensions';
import { describeElement } from '../issue';
import type { Rule } from '../rule-context';

export const unknownMessageRule: Rule = {
  name: 'unknown-message',
  check(ctx) {
    for (const el of ctx.flowElements) {
      if (isCatching(el)) continue;
      const def = (el.eventDefinitions ?? []).find((d: ModdleElement) => d.$type === 'bpmn:SignalEventDefinition');
      if (!def || def.signalRef || messageNamedAfter(el) !== undefined) continue;
      ctx.report(
        'UNKNOWN_SIGNAL',
        'error',
        el,
        `${describeElement(el)} broadcasts no signal: it references no bpmn:Signal and has no name. ` +
          'Define a bpmn:Signal with the name its catchers wait for and reference it, or name the event after it',
      );
    }
  },
};
