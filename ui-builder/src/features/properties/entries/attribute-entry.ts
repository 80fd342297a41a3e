/**
 * A text field for one attribute of the selected element's business object, such as
 * `rebaz:candidateGroups` or `calledElement`. Emptying the field removes the attribute.
 */
import { isTextFieldEntryEdited, TextFieldEntry, type EntryDefinition } from '@bpmn-io/properties-panel';
import { h } from '@bpmn-io/properties-panel/preact';
import { useService } from 'bpmn-js-properties-panel';
import type Modeling from 'bpmn-js/lib/features/modeling/Modeling';
import type { Element } from 'bpmn-js/lib/model/Types';
import { t, type MessageKey } from '../../i18n';

export interface AttributeSpec {
  /** Entry id, unique in the panel (used by tests: `[data-entry-id="rebaz-assignee"]`). */
  id: string;
  /** Property name as moddle knows it, e.g. `rebaz:assignee`. */
  attribute: string;
  label: MessageKey;
  help?: MessageKey;
  /** Turns the typed text into the stored value (e.g. an Integer); '' always removes it. */
  toValue?: (text: string) => unknown;
  validate?: (text: string) => string | undefined;
}

export function attributeEntry(element: Element, spec: AttributeSpec): EntryDefinition {
  return { id: spec.id, element, spec, component: AttributeField, isEdited: isTextFieldEntryEdited };
}

function AttributeField(props: { element: Element; id: string; spec: AttributeSpec }) {
  const { element, id, spec } = props;
  const modeling = useService<Modeling>('modeling');
  const debounce = useService('debounceInput');
  return h(TextFieldEntry, {
    id,
    element,
    label: t(spec.label),
    description: spec.help ? t(spec.help) : undefined,
    debounce,
    getValue: () => stringOf(element.businessObject.get(spec.attribute)),
    setValue: (text: string | undefined) => {
      const value = text?.trim() ? (spec.toValue ? spec.toValue(text.trim()) : text.trim()) : undefined;
      modeling.updateProperties(element, { [spec.attribute]: value });
    },
    validate: spec.validate ? (text: string | undefined) => spec.validate?.(text ?? '') : undefined,
  });
}

export function stringOf(value: unknown): string {
  return value === undefined || value === null ? '' : String(value);
}
