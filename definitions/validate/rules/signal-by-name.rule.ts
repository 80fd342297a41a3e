/**
 * A signal event without a signalRef is released by (or broadcasts) the signal named as the event; an
 * unnamed catching event waits for the signal named as its id (model/build-graph.ts, caughtByName). A
 * bpmn:Signal without a name is known by its id. Each runs, and the warning says which signal name counts.
 * A throw with neither is refused by unknown-message.rule.ts.
 */
import { caughtByName, isCatching, messageNamedAfter } from '../../model/build-graph';
import type { ModdleElement } from '../../model/extensions';
import { describeElement } from '../issue';
import type { Rule } from '../rule-context';

export const signalByNameRule: Rule = {
  name: 'signal-by-name',
  check(ctx) {
    for (const el of ctx.flowElements) {
      const def = (el.eventDefinitions ?? []).find((d: ModdleElement) => d.$type === 'bpmn:SignalEventDefinition');
      if (!def) continue;
      const catching = isCatching(el);
      const signal: ModdleElement | undefined = def.signalRef;
      if (signal === undefined) {
        const byName = messageNamedAfter(el);
        const name = catching ? caughtByName(el) : byName;
        if (name === undefined) continue;
        ctx.report(
          'SIGNAL_BY_NAME',
          'warning',
          el,
          `${describeElement(el)} references no bpmn:Signal, so it ${catching ? 'waits for' : 'broadcasts'} ` +
            `the signal named after ${byName === undefined ? 'its id' : 'it'}, "${name}". ` +
            'Define a bpmn:Signal and reference it to name the signal yourself',
        );
      } else if (signal.id && !(typeof signal.name === 'string' && signal.name.trim() !== '')) {
        ctx.report(
          'SIGNAL_WITHOUT_NAME',
          'warning',
          el,
          `The signal ${signal.id} used by ${describeElement(el)} has no name, so it ` +
            `${catching ? 'is caught' : 'is broadcast'} by its id, "${signal.id}". ` +
            'Give the signal the name its throwers and catchers share',
        );
      }
    }
  },
};
