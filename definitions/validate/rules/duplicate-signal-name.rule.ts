/**
 * Two `bpmn:signal` elements with one name are one signal here: Rebaz broadcasts and catches
 * signals by name. Camunda 7, Flowable and Activiti refuse such a model; a warning names both, so
 * a model meant to keep two signals apart gets them two names.
 */
import type { ModdleElement } from '../../model/extensions';
import { describeElement } from '../issue';
import type { Rule } from '../rule-context';

export const duplicateSignalNameRule: Rule = {
  name: 'duplicate-signal-name',
  check(ctx) {
    const first = new Map<string, ModdleElement>();
    for (const signal of (ctx.parsed.definitions.rootElements ?? []) as ModdleElement[]) {
      if (signal.$type !== 'bpmn:Signal' || !signal.name) continue;
      const earlier = first.get(signal.name);
      if (!earlier) {
        first.set(signal.name, signal);
        continue;
      }
      ctx.report(
        'SIGNAL_DUPLICATE_NAME',
        'warning',
        signal,
        `${describeElement(signal).replace(/^./, (c) => c.toUpperCase())} has the name of ` +
          `${describeElement(earlier)}: signals are broadcast and caught by name, so the two are one signal ` +
          '(Camunda 7, Flowable and Activiti refuse such a model). Keep one, or give each its own name',
      );
    }
  },
};
