/**
 * Which `rebaz:` settings each BPMN element gets in the properties panel. Attribute names come
 * from definitions/parse/rebaz.json; timers and message names use the standard BPMN groups.
 */
import type { EntryDefinition, GroupDefinition } from '@bpmn-io/properties-panel';
import type { Element } from 'bpmn-js/lib/model/Types';
import { is, isAny } from 'bpmn-js/lib/util/ModelUtil';
import { t, type MessageKey } from '../i18n';
import { attributeEntry } from './entries/attribute-entry';
import { conditionEntry, isConditionalFlow } from './entries/condition-entry';
import { canBeDefaultFlow, defaultFlowEntry } from './entries/default-flow-entry';

const JOB_TASKS = ['bpmn:ServiceTask', 'bpmn:SendTask', 'bpmn:BusinessRuleTask', 'bpmn:ScriptTask'];

function group(id: string, label: MessageKey, entries: EntryDefinition[]): GroupDefinition {
  return { id, label: t(label), entries };
}

function assignmentGroup(element: Element): GroupDefinition {
  return group('rebaz-assignment', 'props.group.assignment', [
    attributeEntry(element, {
      id: 'rebaz-candidateGroups',
      attribute: 'rebaz:candidateGroups',
      label: 'props.candidateGroups',
      help: 'props.candidateGroups.help',
    }),
    attributeEntry(element, {
      id: 'rebaz-candidateUsers',
      attribute: 'rebaz:candidateUsers',
      label: 'props.candidateUsers',
    }),
    attributeEntry(element, { id: 'rebaz-assignee', attribute: 'rebaz:assignee', label: 'props.assignee' }),
    attributeEntry(element, {
      id: 'rebaz-dueDate',
      attribute: 'rebaz:dueDate',
      label: 'props.dueDate',
      help: 'props.dueDate.help',
    }),
    attributeEntry(element, { id: 'rebaz-priority', attribute: 'rebaz:priority', label: 'props.priority' }),
  ]);
}

function jobGroup(element: Element): GroupDefinition {
  return group('rebaz-job', 'props.group.job', [
    attributeEntry(element, {
      id: 'rebaz-jobType',
      attribute: 'rebaz:jobType',
      label: 'props.jobType',
      help: 'props.jobType.help',
    }),
    attributeEntry(element, {
      id: 'rebaz-retries',
      attribute: 'rebaz:retries',
      label: 'props.retries',
      toValue: Number,
      validate: (text) => (text.trim() === '' || /^\d+$/.test(text.trim()) ? undefined : t('props.retries.invalid')),
    }),
  ]);
}

/** The groups our provider adds for `element`, in display order. */
export function rebazGroups(element: Element): GroupDefinition[] {
  const groups: GroupDefinition[] = [];
  if (is(element, 'bpmn:UserTask')) groups.push(assignmentGroup(element));
  if (isAny(element, ['bpmn:UserTask', 'bpmn:StartEvent'])) {
    groups.push(
      group('rebaz-form', 'props.group.form', [
        attributeEntry(element, {
          id: 'rebaz-form',
          attribute: 'rebaz:form',
          label: 'props.formKey',
          help: 'props.formKey.help',
        }),
      ]),
    );
  }
  if (isAny(element, JOB_TASKS)) groups.push(jobGroup(element));
  if (isConditionalFlow(element))
    groups.push(
      group('rebaz-condition', 'props.group.condition', [
        ...(canBeDefaultFlow(element) ? [defaultFlowEntry(element)] : []),
        conditionEntry(element),
      ]),
    );
  if (is(element, 'bpmn:CallActivity')) {
    groups.push(
      group('rebaz-call', 'props.group.call', [
        attributeEntry(element, {
          id: 'rebaz-calledElement',
          attribute: 'calledElement',
          label: 'props.calledElement',
        }),
      ]),
    );
  }
  if (isAny(element, ['bpmn:FlowNode', 'bpmn:Process'])) {
    groups.push(
      group('rebaz-privacy', 'props.group.privacy', [
        attributeEntry(element, {
          id: 'rebaz-personal',
          attribute: 'rebaz:personal',
          label: 'props.personal',
          help: 'props.personal.help',
        }),
      ]),
    );
  }
  return groups;
}
