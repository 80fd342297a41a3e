/**
 * An id may appear once in a file: BPMN's schema makes it an `xsd:ID`, and Camunda refuses a file
 * that repeats one. The reader (bpmn-moddle) keeps the first element and drops the second with all
 * it holds, so a repeated sequence flow id silently takes a flow out of the path the model draws.
 * Refused, naming the id and both elements with their lines.
 */
import { createLineCounter, scanXml } from '../../parse/xml-scan';
import type { ModdleElement } from '../../model/extensions';
import { describeElement } from '../issue';
import type { Rule, RuleContext } from '../rule-context';

export const duplicateIdRule: Rule = {
  name: 'duplicate-id',
  check(ctx) {
    for (const warning of ctx.parsed.warnings) {
      const id = warning.duplicateId;
      if (id === undefined) continue;
      const [first, second] = elementsWithId(ctx, id, warning.line, warning.column);
      const kept: ModdleElement | undefined = ctx.parsed.elementsById[id];
      ctx.report(
        'DUPLICATE_ID',
        'error',
        kept ?? { id, $type: first?.type },
        `The id "${id}" is given to two elements: ${phrase(kept ? { ...first, type: kept.$type, name: kept.name } : first, id)} ` +
          `and ${phrase(second, id)}. The reader keeps the first and drops the second with everything inside it, so the ` +
          "model would run without it; ids must be unique in a file (BPMN's schema makes them xsd:ID, and Camunda refuses " +
          'such a file): give one of them another id, and update the references to it',
      );
    }
  },
};

interface Found {
  type: string;
  name?: string;
  line?: number;
}

/** The first element with the id, and the one the reader dropped (at `line`:`column`). */
function elementsWithId(ctx: RuleContext, id: string, line?: number, column?: number): [Found?, Found?] {
  const at = createLineCounter(ctx.parsed.xml);
  const found: Array<Found & { column: number }> = [];
  scanXml(ctx.parsed.xml, {
    openTag(tag) {
      if (tag.attributes.find(([name]) => name === 'id')?.[1] !== id) return;
      const position = at(tag.offset);
      const name = tag.attributes.find(([attribute]) => attribute === 'name')?.[1];
      found.push({ type: tag.name, ...(name ? { name } : {}), ...position });
    },
  });
  const second = found.find((f) => f.line === line && f.column === column) ?? found[1];
  return [found[0], second ?? (line === undefined ? undefined : { type: 'element', line })];
}

/** `sequence flow "Approve" (F2) on line 7`; a tag outside BPMN's model as written, `<bpmndi:BPMNShape> on line 40`. */
function phrase(found: Found | undefined, id: string): string {
  if (!found) return 'another element';
  const local = found.type.slice(found.type.indexOf(':') + 1);
  const bpmnType = found.type.startsWith('bpmn:') && /^[A-Z]/.test(local) ? found.type : undefined;
  const modelElement = /^[a-z]/.test(local) ? `bpmn:${local.charAt(0).toUpperCase()}${local.slice(1)}` : bpmnType;
  const what = modelElement
    ? describeElement({ id, $type: modelElement, name: found.name })
    : `<${found.type} id="${id}">`;
  return found.line === undefined ? what : `${what} on line ${found.line}`;
}
