/**
 * The list of issues from the live build. Each issue is a button: choosing it selects the
 * element on the diagram and scrolls it into view.
 */
import type Modeler from 'bpmn-js/lib/Modeler';
import type Canvas from 'diagram-js/lib/core/Canvas';
import type ElementRegistry from 'diagram-js/lib/core/ElementRegistry';
import type Selection from 'diagram-js/lib/features/selection/Selection';
import { isError, type DefinitionIssue } from '../../../../definitions';
import { issuesOf, type BuildState } from '../../state/app-state';
import { t } from '../i18n';
import { h, replaceChildren } from '../shell/dom';
import { service } from '../modeler/create-modeler';
import { elementLabel } from './element-label';

export function renderIssueList(host: HTMLElement, build: BuildState, modeler: Modeler): void {
  const issues = issuesOf(build);
  const errors = issues.filter(isError).length;
  const summary =
    build.status === 'checking'
      ? t('validation.checking')
      : issues.length === 0
        ? t('validation.ok')
        : t('validation.summary', { errors, warnings: issues.length - errors });
  replaceChildren(
    host,
    h(
      'p',
      {
        class: `issue-summary issue-summary--${errors ? 'error' : 'ok'}`,
        testid: 'issue-summary',
        attrs: { role: 'status' },
      },
      summary,
    ),
    issues.length
      ? h('ul', { class: 'issue-list', testid: 'issue-list' }, ...issues.map((issue) => issueItem(issue, modeler)))
      : null,
  );
}

function issueItem(issue: DefinitionIssue, modeler: Modeler): HTMLLIElement {
  // The element by its name first ("Approved?" (Flow_19987rd)), then where it is in the XML.
  const where = [
    issue.elementId ? elementLabel(modeler, issue.elementId) : '',
    issue.line ? t('validation.line', { line: issue.line }) : '',
  ]
    .filter(Boolean)
    .join(' · ');
  const button = h(
    'button',
    {
      class: `issue issue--${issue.severity}`,
      testid: 'issue',
      attrs: { type: 'button', 'data-element-id': issue.elementId, 'data-code': issue.code },
      on: { click: () => selectElement(modeler, issue.elementId) },
    },
    h(
      'span',
      { class: 'issue__severity' },
      issue.severity === 'error' ? t('validation.error') : t('validation.warning'),
    ),
    h('span', { class: 'issue__message' }, issue.message),
    h('span', { class: 'issue__where' }, `${issue.code}${where ? ` · ${where}` : ''}`),
  );
  if (issue.elementId)
    button.setAttribute('aria-description', t('validation.show', { id: elementLabel(modeler, issue.elementId) }));
  return h('li', {}, button);
}

/** Selects an element and scrolls it into view; ids without a shape (the process) do nothing. */
export function selectElement(modeler: Modeler, elementId: string): void {
  const element = service<ElementRegistry>(modeler, 'elementRegistry').get(elementId);
  if (!element) return;
  service<Selection>(modeler, 'selection').select(element);
  if (element.parent)
    service<Canvas>(modeler, 'canvas').scrollToElement(element, { top: 80, bottom: 80, left: 80, right: 80 });
}
