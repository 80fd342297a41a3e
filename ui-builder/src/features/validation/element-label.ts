/**
 * Elements by the names the analyst gave them, not by generated ids: `"Approved?" (Flow_19987rd)`,
 * the id alone only when there is no name. Names come from the open diagram, so they follow edits.
 */
import type Modeler from 'bpmn-js/lib/Modeler';
import type ElementRegistry from 'diagram-js/lib/core/ElementRegistry';
import { h } from '../shell/dom';
import { service } from '../modeler/create-modeler';

/** The element's name on the open diagram, if it has one. */
export function elementName(modeler: Modeler, elementId: string): string | undefined {
  const element = service<ElementRegistry>(modeler, 'elementRegistry').get(elementId);
  const name = (element?.businessObject as { name?: unknown } | undefined)?.name;
  return typeof name === 'string' && name.trim() ? name.trim() : undefined;
}

/** `"Approved?" (Flow_19987rd)` as text, or the id alone. */
export function elementLabel(modeler: Modeler, elementId: string): string {
  const name = elementName(modeler, elementId);
  return name ? `"${name}" (${elementId})` : elementId;
}

/** The name in bold (isolated: it may be Kurdish or Arabic) with the id after it, or the id alone. */
export function elementLabelNodes(modeler: Modeler, elementId: string): HTMLElement {
  const name = elementName(modeler, elementId);
  return name
    ? h(
        'span',
        { class: 'element-label' },
        h('bdi', { class: 'element-label__name' }, name),
        ' ',
        h('code', { class: 'element-label__id muted' }, `(${elementId})`),
      )
    : h('code', { class: 'element-label__id' }, elementId);
}
