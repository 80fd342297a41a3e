/**
 * BPMN's own data associations (`dataInputAssociation`, `dataOutputAssociation`) that move data:
 * with an assignment or a transformation, or to or from a data input or output of the element's
 * `ioSpecification` or a process property (jBPM, Kogito and bpmn-engine models map a task's data
 * this way). Rebaz does not apply them: the element sees the case's variables, and what completes
 * it reaches the case, by their own names, so a value an association renames, computes or copies
 * does not arrive. One warning per element, naming what it ignores.
 * Associations a diagram draws between a task and a data object or data store reference (only the
 * reference, bpmn-js's `__targetRef_placeholder` property) carry no data and are left alone.
 */
import type { ModdleElement } from '../../model/extensions';
import { describeElement } from '../issue';
import type { Rule } from '../rule-context';

const DATA_ENDS = new Set(['bpmn:DataInput', 'bpmn:DataOutput', 'bpmn:Property']);
const INPUT_EFFECT = "nothing is copied into the element by them (it sees the case's variables by their own names)";
const OUTPUT_EFFECT =
  'nothing is copied out of the element by them (what completes it reaches the case by its own names)';

export const dataAssociationRule: Rule = {
  name: 'data-association',
  check(ctx) {
    for (const el of ctx.flowElements) {
      const moving = [
        ...((el.dataInputAssociations ?? []) as ModdleElement[]).map((a) => ({ a, kind: 'input' })),
        ...((el.dataOutputAssociations ?? []) as ModdleElement[]).map((a) => ({ a, kind: 'output' })),
      ].filter(({ a }) => movesData(a));
      if (moving.length === 0) continue;
      const [first] = moving;
      const more = moving.length > 1 ? ` and ${moving.length - 1} more` : '';
      ctx.report(
        'DATA_ASSOCIATION_IGNORED',
        'warning',
        el,
        `${describeElement(el)} has BPMN data associations (a data ${first.kind} association${describeEnds(first.a)}` +
          `${more}), which Rebaz does not apply: ${first.kind === 'input' ? INPUT_EFFECT : OUTPUT_EFFECT}, ` +
          'so a value they rename, compute or copy does not arrive. Map the data with input and output mappings ' +
          'instead (zeebe:ioMapping or camunda:inputOutput)',
      );
    }
  },
};

function movesData(association: ModdleElement): boolean {
  if ((association.assignment?.length ?? 0) > 0 || association.transformation) return true;
  const ends: ModdleElement[] = [...(association.sourceRef ?? []), association.targetRef].filter(Boolean);
  return ends.some((end) => DATA_ENDS.has(end.$type) && end.name !== '__targetRef_placeholder');
}

/** ` from "Result" (t1_Result) to "message" (message), with 2 assignments`. */
function describeEnds(association: ModdleElement): string {
  const name = (end: ModdleElement) =>
    end.name && end.name !== end.id ? `"${end.name}" (${end.id})` : `"${end.name ?? end.id}"`;
  const sources: ModdleElement[] = (association.sourceRef ?? []).filter(Boolean);
  const target: ModdleElement | undefined = association.targetRef;
  const assignments: number = association.assignment?.length ?? 0;
  return (
    (sources.length > 0 ? ` from ${sources.map(name).join(', ')}` : '') +
    (target ? ` to ${name(target)}` : '') +
    (assignments > 0 ? `, with ${assignments} assignment${assignments === 1 ? '' : 's'}` : '') +
    (association.transformation ? ', with a transformation' : '')
  );
}
