/**
 * "Move token" in the case view, for administrators and a case with an incident: withdraw the
 * token at the element with the incident and start one at a chosen element of the same process,
 * with a reason kept in the audit trail (`modifyCase`). The API's answer — done, or the coded
 * error naming what is wrong — is shown in place; afterwards the case view reloads and says where
 * the case now waits.
 */
import type { CaseDetails } from '../../api/work-api';
import { currentViewer } from '../../state/session';
import { apiErrorMessage } from '../deploy/deploy-action';
import { h, replaceChildren, setMessage } from '../shell/dom';
import { modelName } from '../work/names';
import { moveToken } from './migration-api';
import { startableElements, type ElementChoice } from './startable-elements';

export function mountMoveToken(onMoved: () => Promise<void>): { element: HTMLElement; update(d: CaseDetails): void } {
  let details: CaseDetails | undefined;
  let elements: ElementChoice[] = [];
  let elementsOf: string | undefined;
  // The answer of the last move stays in view after the incident (and with it the form) is gone.
  let answeredFor: string | undefined;

  const field = (id: string, key: 'move.withdrawAt' | 'move.startAt' | 'move.reason', control: HTMLElement) =>
    h('div', { class: 'field' }, h('label', { i18n: key, attrs: { for: id } }), control);
  const withdrawAt = h('select', { id: 'move-withdraw', testid: 'move-withdraw' });
  const startAt = h('select', { id: 'move-start', testid: 'move-start' });
  const reason = h('input', { id: 'move-reason', testid: 'move-reason', attrs: { type: 'text', autocomplete: 'off' } });
  const report = h('p', { testid: 'move-report', attrs: { role: 'status', 'aria-live': 'polite' } });
  const form = h(
    'form',
    { on: { submit: (event) => void submit(event) } },
    field('move-withdraw', 'move.withdrawAt', withdrawAt),
    field('move-start', 'move.startAt', startAt),
    field('move-reason', 'move.reason', reason),
    h('button', {
      class: 'button button--primary',
      i18n: 'move.submit',
      testid: 'move-submit',
      attrs: { type: 'submit' },
    }),
  );
  const intro = h('p', { class: 'muted', i18n: 'move.intro' });
  const element = h(
    'section',
    { class: 'panel card--attention', testid: 'move-token', attrs: { hidden: true } },
    h('h3', { i18n: 'move.title' }),
    intro,
    form,
    report,
  );

  const nameOf = (id: string) => {
    const drawn = elements.find((el) => el.id === id)?.name;
    const name = modelName(details?.definition.translatedNames, id, drawn);
    return name === id ? id : `${name} (${id})`;
  };
  const options = (select: HTMLSelectElement, ids: string[], placeholder: boolean) => {
    const kept = select.value;
    replaceChildren(
      select,
      placeholder ? h('option', { i18n: 'move.choose', attrs: { value: '' } }) : null,
      ...ids.map((id) => h('option', { attrs: { value: id } }, nameOf(id))),
    );
    if (ids.includes(kept)) select.value = kept;
  };

  async function update(d: CaseDetails): Promise<void> {
    // Another case: nothing of the last one's answer stays.
    if (details?.id !== d.id) {
      answeredFor = undefined;
      setMessage(report, '');
      reason.value = '';
    }
    details = d;
    const admin = currentViewer()?.roles.includes('ADMIN') ?? false;
    const stuck = d.incidentElements.length > 0;
    element.hidden = !admin || (!stuck && answeredFor !== d.id);
    form.hidden = intro.hidden = !stuck;
    if (element.hidden || !stuck) return;
    if (elementsOf !== d.definition.bpmnXml) {
      elements = await startableElements(d.definition.bpmnXml, d.definitionKey).catch(() => []);
      elementsOf = d.definition.bpmnXml;
    }
    options(withdrawAt, d.incidentElements, false);
    options(
      startAt,
      elements.map((el) => el.id),
      true,
    );
  }

  async function submit(event: Event): Promise<void> {
    event.preventDefault();
    if (!details) return;
    report.dataset.tone = 'error';
    // Without a start the case would simply lose its token (and complete): ask for one.
    if (!startAt.value) return setMessage(report, 'move.pickStart');
    try {
      const moved = await moveToken({
        caseId: details.id,
        cancel: [withdrawAt.value],
        start: [startAt.value],
        reason: reason.value,
      });
      answeredFor = details.id;
      report.dataset.tone = 'ok';
      setMessage(report, 'move.done', {
        status: moved.status,
        elements: moved.activeElements.map(nameOf).join(', ') || '—',
      });
      reason.value = '';
      await onMoved();
    } catch (error) {
      setMessage(report, ...apiErrorMessage(error));
    }
  }

  return { element, update: (d) => void update(d) };
}
