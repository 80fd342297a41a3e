/**
 * An error or escalation event that refers to a `bpmn:error` or `bpmn:escalation` without a code.
 * BPMN matches a thrown error with a catch by the error element they refer to, so Rebaz knows such
 * an element by its id: a catch takes only the throws of the same element, and a worker reports it
 * with that id as the code. Camunda 7 reads the catch as taking every error instead, and Camunda 8
 * refuses the model; a warning names the element and says how to get either meaning.
 */
import type { ModdleElement } from '../../model/extensions';
import { describeElement } from '../issue';
import type { Rule } from '../rule-context';

const KINDS = [
  { definition: 'bpmn:ErrorEventDefinition', ref: 'errorRef', code: 'errorCode', noun: 'error' },
  { definition: 'bpmn:EscalationEventDefinition', ref: 'escalationRef', code: 'escalationCode', noun: 'escalation' },
] as const;

export const codeLessReferenceRule: Rule = {
  name: 'code-less-reference',
  check(ctx) {
    for (const el of ctx.flowElements) {
      for (const def of (el.eventDefinitions ?? []) as ModdleElement[]) {
        const kind = KINDS.find((k) => k.definition === def.$type);
        const referenced = kind ? (def[kind.ref] as ModdleElement | undefined) : undefined;
        if (!kind || !referenced?.id || referenced[kind.code]) continue;
        const catching =
          el.$type === 'bpmn:BoundaryEvent' || el.$type === 'bpmn:StartEvent' || el.$type.includes('Catch');
        ctx.report(
          'CODE_LESS_REFERENCE',
          'warning',
          el,
          `${describeElement(el).replace(/^./, (c) => c.toUpperCase())} refers to ` +
            `${describeElement(referenced)}, which has no ${kind.code}: Rebaz knows it by its id "${referenced.id}", ` +
            (catching
              ? `so this event catches only what throws that ${kind.noun} (a worker reports it with the code ` +
                `"${referenced.id}"), where Camunda 7 would catch every ${kind.noun} here. Give the ${kind.noun} ` +
                `its ${kind.code}, or remove the ${kind.ref} to catch every ${kind.noun}`
              : `and throws it with that code. Give the ${kind.noun} the ${kind.code} its catching events name`),
        );
      }
    }
  },
};
