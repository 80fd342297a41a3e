/**
 * `rebaz:correlationKey` on the `bpmn:Message` a message event or receive task refers to: the
 * FEEL expression that picks the waiting case when the message arrives.
 */
import { isTextFieldEntryEdited, TextFieldEntry, type EntryDefinition } from '@bpmn-io/properties-panel';
import { h } from '@bpmn-io/properties-panel/preact';
import { useService } from 'bpmn-js-properties-panel';
import type Modeling from 'bpmn-js/lib/features/modeling/Modeling';
import type { Element, ModdleElement } from 'bpmn-js/lib/model/Types';
import { is } from 'bpmn-js/lib/util/ModelUtil';
import { t } from '../../i18n';
import { stringOf } from './attribute-entry';

/** The message the element refers to, if any. */
export function messageOf(element: Element): ModdleElement | undefined {
  const bo = element.businessObject;
  if (is(bo, 'bpmn:ReceiveTask') || is(bo, 'bpmn:SendTask')) return bo.messageRef;
  const definition = (bo.eventDefinitions ?? []).find((d: ModdleElement) => is(d, 'bpmn:MessageEventDefinition'));
  return definition?.messageRef;
}

export function correlationKeyEntry(element: Element): EntryDefinition {
  return { id: 'rebaz-correlationKey', element, component: CorrelationKeyField, isEdited: isTextFieldEntryEdited };
}

function CorrelationKeyField(props: { element: Element; id: string }) {
  const { element, id } = props;
  const modeling = useService<Modeling>('modeling');
  const debounce = useService('debounceInput');
  return h(TextFieldEntry, {
    id,
    element,
    label: t('props.correlationKey'),
    description: t('props.correlationKey.help'),
    debounce,
    getValue: () => stringOf(messageOf(element)?.get('rebaz:correlationKey')),
    setValue: (text: string | undefined) => {
      const message = messageOf(element);
      if (message)
        modeling.updateModdleProperties(element, message, { 'rebaz:correlationKey': text?.trim() || undefined });
    },
  });
}
