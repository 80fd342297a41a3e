/**
 * The condition of a sequence flow: the body of its `bpmn:conditionExpression`, a FEEL
 * expression (BPMN 2.0.2 §10.5.1 "Sequence Flow", conditionExpression).
 */
import { isTextFieldEntryEdited, TextFieldEntry, type EntryDefinition } from '@bpmn-io/properties-panel';
import { h } from '@bpmn-io/properties-panel/preact';
import { useService } from 'bpmn-js-properties-panel';
import type BpmnFactory from 'bpmn-js/lib/features/modeling/BpmnFactory';
import type Modeling from 'bpmn-js/lib/features/modeling/Modeling';
import type { Element } from 'bpmn-js/lib/model/Types';
import { is } from 'bpmn-js/lib/util/ModelUtil';
import { t } from '../../i18n';
import { stringOf } from './attribute-entry';

/** Flows that may carry a condition: out of an exclusive/inclusive gateway or an activity. */
export function isConditionalFlow(element: Element): boolean {
  if (!is(element, 'bpmn:SequenceFlow')) return false;
  const source = element.businessObject.sourceRef;
  return is(source, 'bpmn:ExclusiveGateway') || is(source, 'bpmn:InclusiveGateway') || is(source, 'bpmn:Activity');
}

export function conditionEntry(element: Element): EntryDefinition {
  return { id: 'rebaz-condition', element, component: ConditionField, isEdited: isTextFieldEntryEdited };
}

function ConditionField(props: { element: Element; id: string }) {
  const { element, id } = props;
  const modeling = useService<Modeling>('modeling');
  const bpmnFactory = useService<BpmnFactory>('bpmnFactory');
  const debounce = useService('debounceInput');
  return h(TextFieldEntry, {
    id,
    element,
    label: t('props.condition'),
    description: t('props.condition.help'),
    debounce,
    getValue: () => stringOf(element.businessObject.conditionExpression?.body),
    setValue: (text: string | undefined) => {
      const body = text?.trim();
      const conditionExpression = body ? bpmnFactory.create('bpmn:FormalExpression', { body }) : undefined;
      modeling.updateProperties(element, { conditionExpression });
    },
  });
}
