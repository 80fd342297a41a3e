/**
 * Marks each element that has issues with a badge on the diagram (bpmn-js overlays). The badge is
 * decoration for the eye; the issue list is the keyboard and screen-reader path to the same facts.
 */
import type Modeler from 'bpmn-js/lib/Modeler';
import type Overlays from 'diagram-js/lib/features/overlays/Overlays';
import type ElementRegistry from 'diagram-js/lib/core/ElementRegistry';
import type { DefinitionIssue } from '../../../../definitions';
import { service } from '../modeler/create-modeler';

const OVERLAY_TYPE = 'rebaz-issue';

export function showIssueOverlays(modeler: Modeler, issues: DefinitionIssue[]): void {
  const overlays = service<Overlays>(modeler, 'overlays');
  const registry = service<ElementRegistry>(modeler, 'elementRegistry');
  overlays.remove({ type: OVERLAY_TYPE });
  for (const [elementId, mine] of groupByElement(issues)) {
    const element = registry.get(elementId);
    // Labels, the root and unknown ids have nowhere sensible to put a badge.
    if (!element || !element.parent) continue;
    overlays.add(elementId, OVERLAY_TYPE, { position: { top: -12, right: 12 }, html: badge(mine) });
  }
}

function groupByElement(issues: DefinitionIssue[]): Map<string, DefinitionIssue[]> {
  const byElement = new Map<string, DefinitionIssue[]>();
  for (const issue of issues) {
    if (!issue.elementId) continue;
    byElement.set(issue.elementId, [...(byElement.get(issue.elementId) ?? []), issue]);
  }
  return byElement;
}

function badge(issues: DefinitionIssue[]): HTMLElement {
  const el = document.createElement('div');
  const severity = issues.some((i) => i.severity === 'error') ? 'error' : 'warning';
  el.className = `rebaz-issue-badge rebaz-issue-badge--${severity}`;
  el.dataset.testid = 'issue-badge';
  el.setAttribute('aria-hidden', 'true');
  el.title = issues.map((i) => i.message).join('\n');
  el.textContent = severity === 'error' ? `✕ ${issues.length}` : `! ${issues.length}`;
  return el;
}
