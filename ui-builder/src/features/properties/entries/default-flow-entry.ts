/**
 * "Default flow" on a sequence flow out of an exclusive or inclusive gateway: one click marks it
 * as the gateway's `default` (BPMN 2.0.2 §10.5.2, taken when no other flow's condition is true),
 * the flow the validator asks for when a gateway's other flows are all conditioned. A default flow
 * is never evaluated, so marking it drops its condition.
 */
import { CheckboxEntry, isCheckboxEntryEdited, type EntryDefinition } from '@bpmn-io/properties-panel';
import { h } from '@bpmn-io/properties-panel/preact';
import { useService } from 'bpmn-js-properties-panel';
import type Modeling from 'bpmn-js/lib/features/modeling/Modeling';
import type { Element } from 'bpmn-js/lib/model/Types';
import { is, isAny } from 'bpmn-js/lib/util/ModelUtil';
import { t } from '../../i18n';

/** A flow that can be its source's default: out of an exclusive or inclusive gateway. */
export function canBeDefaultFlow(element: Element): boolean {
  if (!is(element, 'bpmn:SequenceFlow')) return false;
  return isAny(element.businessObject.sourceRef, ['bpmn:ExclusiveGateway', 'bpmn:InclusiveGateway']);
}

export function defaultFlowEntry(element: Element): EntryDefinition {
  return { id: 'rebaz-default-flow', element, component: DefaultFlowField, isEdited: isCheckboxEntryEdited };
}

function DefaultFlowField(props: { element: Element; id: string }) {
  const { element, id } = props;
  const modeling = useService<Modeling>('modeling');
  const source = (element as Element & { source: Element }).source;
  return h(CheckboxEntry, {
    id,
    element,
    label: t('props.defaultFlow'),
    description: t('props.defaultFlow.help'),
    getValue: () => source.businessObject.default === element.businessObject,
    setValue: (checked: boolean) => {
      if (checked) {
        if (element.businessObject.conditionExpression)
          modeling.updateProperties(element, { conditionExpression: undefined });
        modeling.updateProperties(source, { default: element.businessObject });
      } else modeling.updateProperties(source, { default: undefined });
    },
  });
}
