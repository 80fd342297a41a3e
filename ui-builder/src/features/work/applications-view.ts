/**
 * Applications: for an applicant, the tasks waiting for them (correction requests) and their own
 * applications with where each stands; for staff, the latest cases. `#/applications/<taskId>`
 * opens a waiting task to answer it. Follows `inboxChanged` while shown.
 */
import { subscribe } from '../../api/subscriptions';
import { INBOX_CHANGED, listCases, listTasks, type CaseSummary, type TaskSummary } from '../../api/work-api';
import { currentViewer, hasRole, session } from '../../state/session';
import { apiErrorMessage } from '../deploy/deploy-action';
import { currentLocale, onLocaleChange } from '../i18n';
import { formatDate } from '../i18n/format';
import { h, replaceChildren, setMessage } from '../shell/dom';
import { href } from '../shell/views';
import { formatTime, statusBadge } from './format';
import { modelName, referenceOf, serviceName } from './names';
import { OUTCOME_LABELS, OUTCOME_TONES, outcomeKind } from './outcome';
import { loadPeople, personName } from './people';
import { createTaskPanel } from './task-panel';

export function mountApplicationsView(host: HTMLElement): { show(params: string[]): void; hide(): void } {
  let cases: CaseSummary[] = [];
  let tasks: TaskSummary[] = [];
  let stop: (() => void) | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let generation = 0;

  const title = h('h2', { testid: 'applications-title', i18n: 'applications.title' });
  const status = h('p', {
    class: 'status-line',
    testid: 'applications-status',
    attrs: { role: 'status', 'aria-live': 'polite' },
  });
  const waiting = h(
    'section',
    { class: 'panel', testid: 'applications-waiting', attrs: { hidden: true } },
    h('h3', { i18n: 'applications.waiting' }),
    h('p', { class: 'muted', i18n: 'applications.waitingIntro' }),
  );
  const waitingList = h('ul', { class: 'cards', testid: 'applications-tasks' });
  waiting.append(waitingList);
  const list = h('ul', { class: 'cards', testid: 'applications-list' });
  const panel = createTaskPanel({ onChanged: () => schedule(), closeHref: '#/applications' });
  const newLink = h('a', {
    class: 'button button--primary',
    testid: 'applications-new',
    i18n: 'applications.new',
    attrs: { href: '#/apply' },
  });

  replaceChildren(
    host,
    h(
      'div',
      { class: 'page' },
      h(
        'div',
        { class: 'row row--between' },
        title,
        h(
          'div',
          { class: 'row' },
          newLink,
          h('button', {
            class: 'button',
            testid: 'applications-refresh',
            i18n: 'inbox.refresh',
            attrs: { type: 'button' },
            on: { click: () => void load() },
          }),
        ),
      ),
      status,
      panel.element,
      waiting,
      list,
    ),
  );

  async function load(): Promise<void> {
    const mine = ++generation;
    const viewer = currentViewer();
    if (!viewer) {
      cases = [];
      tasks = [];
      render();
      setMessage(status, session.get().state.status === 'checking' ? 'account.checking' : 'applications.signIn');
      return;
    }
    const applicant = hasRole(viewer, 'APPLICANT') && !hasRole(viewer, 'ADMIN');
    setMessage(title, applicant ? 'applications.title' : 'applications.staffTitle');
    newLink.hidden = !hasRole(viewer, 'APPLICANT');
    setMessage(status, 'applications.loading');
    try {
      const [loadedCases, loadedTasks] = await Promise.all([
        listCases(applicant ? { applicant: viewer.id } : {}, currentLocale()),
        applicant ? listTasks({}) : Promise.resolve([]),
        loadPeople(),
      ]);
      if (mine !== generation) return;
      cases = loadedCases;
      tasks = loadedTasks;
      setMessage(status, cases.length ? '' : 'applications.empty');
    } catch (error) {
      if (mine !== generation) return;
      setMessage(status, ...apiErrorMessage(error));
    }
    render();
  }

  function render(): void {
    waiting.hidden = tasks.length === 0;
    replaceChildren(
      waitingList,
      ...tasks.map((task) =>
        h(
          'li',
          { class: 'card card--attention', testid: `applications-task-${task.elementId}` },
          h(
            'a',
            { class: 'card__title', testid: 'applications-answer', attrs: { href: href('applications', task.id) } },
            modelName(task.case?.definition.translatedNames, task.elementId, task.name),
          ),
          h(
            'p',
            { class: 'card__meta muted' },
            h('bdi', {}, serviceName(task.case?.definition, task.case?.definitionKey ?? '')),
            ' · ',
            h('bdi', {}, referenceOf({ id: task.caseId, businessKey: task.case?.businessKey ?? null })),
            task.dueAt
              ? h(
                  'span',
                  {},
                  ' · ',
                  h('span', { i18n: 'applications.deadline', params: { date: formatDate(new Date(task.dueAt)) } }),
                )
              : null,
          ),
        ),
      ),
    );
    replaceChildren(
      list,
      ...cases.map((c) =>
        h(
          'li',
          { class: 'card', testid: `application-${c.id}` },
          h(
            'div',
            { class: 'row row--between' },
            h(
              'a',
              { class: 'card__title', testid: 'application-open', attrs: { href: href('case', c.id) } },
              h('bdi', {}, serviceName(c.definition, c.definitionKey)),
              ' · ',
              h('bdi', {}, referenceOf(c)),
            ),
            badgeOf(c),
          ),
          h(
            'p',
            { class: 'card__meta muted' },
            h('span', { i18n: 'applications.started' }),
            ' ',
            formatTime(c.startedAt),
            ' · ',
            h('span', { i18n: 'applications.updated' }),
            ' ',
            formatTime(c.updatedAt),
            c.applicant && !hasRole(currentViewer(), 'APPLICANT')
              ? h('span', {}, ' · ', h('bdi', {}, personName(c.applicant)))
              : null,
          ),
        ),
      ),
    );
  }

  /** How it ended when the outcome says (approved, rejected, lapsed, withdrawn), else where it stands. */
  function badgeOf(c: CaseSummary): HTMLElement {
    const kind = outcomeKind(c.status, c.outcome);
    if (kind === 'running' || kind === 'ended') return statusBadge(c.status);
    return h('span', {
      class: `badge badge--${OUTCOME_TONES[kind]}`,
      testid: 'outcome-badge',
      attrs: { 'data-outcome': kind },
      i18n: OUTCOME_LABELS[kind],
    });
  }

  function schedule(): void {
    clearTimeout(timer);
    timer = setTimeout(() => void load(), 150);
  }

  onLocaleChange(() => render());

  return {
    show(params) {
      void load();
      if (currentViewer() && !stop) stop = subscribe(INBOX_CHANGED, {}, { next: schedule });
      const [taskId] = params;
      if (taskId) void panel.open(taskId);
      else panel.close();
    },
    hide() {
      stop?.();
      stop = undefined;
    },
  };
}
