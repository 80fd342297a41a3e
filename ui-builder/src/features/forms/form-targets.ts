/** The elements that can have a form: user tasks and start events, with their `rebaz:form` key. */
import type Modeler from 'bpmn-js/lib/Modeler';
import type { Element } from 'bpmn-js/lib/model/Types';
import { is } from 'bpmn-js/lib/util/ModelUtil';
import type ElementRegistry from 'diagram-js/lib/core/ElementRegistry';
import { service } from '../modeler/create-modeler';

export interface FormTarget {
  element: Element;
  elementId: string;
  name: string;
  kind: 'userTask' | 'startEvent';
  formKey?: string;
}

export function formTargets(modeler: Modeler): FormTarget[] {
  const registry = service<ElementRegistry>(modeler, 'elementRegistry');
  return (registry.getAll() as Element[])
    .filter((el) => el.type !== 'label' && (is(el, 'bpmn:UserTask') || is(el, 'bpmn:StartEvent')))
    .map((element) => {
      const bo = element.businessObject;
      const formKey = bo.get('rebaz:form') as string | undefined;
      return {
        element,
        elementId: element.id,
        name: bo.name || element.id,
        kind: is(element, 'bpmn:UserTask') ? 'userTask' : 'startEvent',
        ...(formKey ? { formKey } : {}),
      } satisfies FormTarget;
    });
}

/** A key for a new form: the element id in kebab case, e.g. `review-application`. */
export function suggestFormKey(target: FormTarget, taken: Set<string>): string {
  const base =
    target.elementId
      .replace(/([a-z])([A-Z])/g, '$1-$2')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .toLowerCase() || 'form';
  let key = base;
  for (let n = 2; taken.has(key); n += 1) key = `${base}-${n}`;
  return key;
}

/** The schema a new form starts with: empty, in form-js's own format. */
export function emptyFormSchema(key: string): { type: 'default'; id: string; components: [] } {
  return { type: 'default', id: key, components: [] };
}
