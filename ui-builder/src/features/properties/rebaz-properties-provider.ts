/**
 * Adds the `rebaz:` groups to the bpmn-js properties panel, after the standard BPMN groups
 * (the extension API of bpmn-js-properties-panel: a provider whose getGroups returns a middleware).
 */
import type { GroupDefinition } from '@bpmn-io/properties-panel';
import type { Element } from 'bpmn-js/lib/model/Types';
import { correlationKeyEntry, messageOf } from './entries/correlation-key-entry';
import { rebazGroups } from './rebaz-groups';
import { t } from '../i18n';

const LOW_PRIORITY = 500;

interface PropertiesPanel {
  registerProvider(
    priority: number,
    provider: { getGroups(element: Element): (groups: GroupDefinition[]) => GroupDefinition[] },
  ): void;
}

export class RebazPropertiesProvider {
  static $inject = ['propertiesPanel'];

  constructor(propertiesPanel: PropertiesPanel) {
    propertiesPanel.registerProvider(LOW_PRIORITY, this);
  }

  getGroups(element: Element): (groups: GroupDefinition[]) => GroupDefinition[] {
    return (groups) => {
      addCorrelationKey(element, groups);
      const ours = rebazGroups(element);
      const after = groups.findIndex((g) => g.id === 'general') + 1;
      groups.splice(after, 0, ...ours);
      return groups;
    };
  }
}

/** The correlation key sits with the message name in the standard "Message" group. */
function addCorrelationKey(element: Element, groups: GroupDefinition[]): void {
  if (!messageOf(element)) return;
  const messageGroup = groups.find((g) => g.id === 'message');
  if (messageGroup) messageGroup.entries.push(correlationKeyEntry(element));
  else groups.push({ id: 'rebaz-message', label: t('sim.kind.message'), entries: [correlationKeyEntry(element)] });
}
