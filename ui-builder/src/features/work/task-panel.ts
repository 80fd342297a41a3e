/**
 * One task, for the clerk (inbox) or the applicant (a correction request). A clerk sees the case
 * summary (the application by its form's labels, earlier decisions, the history) beside the
 * decision form, and the actions the server allows now: claim, unclaim, complete (completing an
 * unclaimed task assigns it to them, and the panel says so). An applicant sees a simple form with
 * its deadline. Completing validates in the browser (form-js) and on the server; the server's
 * field errors appear under their fields too.
 */
import { ApiError } from '../../api/graphql-client';
import {
  claimTask,
  completeTask,
  getCase,
  getTask,
  unclaimTask,
  type CaseDetails,
  type TaskDetails,
} from '../../api/work-api';
import { currentViewer, hasRole } from '../../state/session';
import { apiErrorMessage } from '../deploy/deploy-action';
import { currentLocale, onLocaleChange, t, type MessageKey } from '../i18n';
import { formatDate } from '../i18n/format';
import { caseSummary } from './case-summary';
import { humanMessage } from './form-messages';
import { modelName, referenceOf, serviceName } from './names';
import { loadPeople, personName } from './people';
import { h, holdFocus, replaceChildren, setMessage } from '../shell/dom';
import { href } from '../shell/views';
import { renderForm, type FormView } from './form-view';
import { clearTaskDraft, loadTaskDraft, saveTaskDraft } from './task-drafts';
import { formatTime, statusBadge } from './format';

export interface TaskPanel {
  element: HTMLElement;
  open(taskId: string): Promise<void>;
  /** Reloads the open task (after a change made elsewhere). */
  reload(): Promise<void>;
  close(): void;
  readonly taskId: string | undefined;
}

export function createTaskPanel(options: { onChanged(): void; closeHref: string }): TaskPanel {
  let task: TaskDetails | undefined;
  let details: CaseDetails | null = null;
  let drawnFor: string | undefined;
  let formView: FormView | undefined;
  let busy = false;
  const heading = h('h2', { class: 'task__title', testid: 'task-title', attrs: { tabindex: -1 } });
  const meta = h('dl', { class: 'meta', testid: 'task-meta' });
  const status = h('p', {
    class: 'status-line',
    testid: 'task-status',
    attrs: { role: 'status', 'aria-live': 'polite' },
  });
  const problems = h('div', { class: 'field-problems', testid: 'task-problems', attrs: { role: 'alert' } });
  const summary = h('div', { class: 'task__summary', testid: 'task-summary' });
  const formHost = h('div', { class: 'task__form', testid: 'task-form' });
  const actions = h('div', { class: 'row task__actions', attrs: { role: 'group' }, i18nLabel: 'task.actions' });
  const element = h(
    'article',
    { class: 'task panel', testid: 'task-panel', attrs: { hidden: true } },
    h(
      'div',
      { class: 'row row--between' },
      heading,
      h('a', {
        class: 'button button--quiet',
        testid: 'task-close',
        i18n: 'task.close',
        attrs: { href: options.closeHref },
      }),
    ),
    meta,
    summary,
    status,
    problems,
    formHost,
    actions,
  );

  const say = (tone: 'info' | 'ok' | 'error', key: MessageKey | '', params?: Record<string, string | number>) => {
    status.dataset.tone = tone;
    setMessage(status, key, params);
  };

  /** Loads and shows a task; `quiet` keeps the status line (a reload after a change elsewhere). */
  async function open(taskId: string, quiet = false): Promise<void> {
    element.hidden = false;
    if (!quiet) {
      replaceChildren(problems);
      say('info', 'task.loading');
    }
    try {
      const loaded = await getTask(taskId);
      if (!loaded) {
        say('error', 'task.notFound');
        return;
      }
      // The clerk decides from the case summary: the case as they may read it, with its history.
      const [kase] = await Promise.all([
        forApplicant() ? Promise.resolve(null) : getCase(loaded.caseId, currentLocale()),
        loadPeople(),
      ]);
      const first = task?.id !== loaded.id;
      task = loaded;
      details = kase;
      await render();
      if (!quiet) say('info', '');
      if (first) heading.focus();
    } catch (error) {
      say('error', ...apiErrorMessage(error));
    }
  }

  async function render(): Promise<void> {
    if (!task) return;
    const current = task;
    const names = current.case?.definition.translatedNames;
    heading.textContent = modelName(names, current.elementId, current.name);
    const overdue = current.overdue ? h('span', { class: 'badge badge--error', i18n: 'inbox.overdue' }) : null;
    const reference = referenceOf({ id: current.caseId, businessKey: current.case?.businessKey ?? null });
    const service = serviceName(current.case?.definition, current.case?.definitionKey ?? '');
    const completed = current.completedAt
      ? [
          h('dt', { i18n: 'task.completedAt' }),
          h(
            'dd',
            {},
            formatTime(current.completedAt),
            current.completedBy && !forApplicant()
              ? h('span', {}, ' · ', h('bdi', {}, personName(current.completedBy)))
              : null,
          ),
        ]
      : [];
    if (forApplicant()) {
      replaceChildren(
        meta,
        h('dt', { i18n: 'task.service' }),
        h('dd', {}, h('bdi', {}, service)),
        h('dt', { i18n: 'task.reference' }),
        h(
          'dd',
          {},
          h('a', { testid: 'task-case-link', attrs: { href: href('case', current.caseId) } }, h('bdi', {}, reference)),
        ),
        current.dueAt ? h('dt', { i18n: 'task.deadline' }) : null,
        current.dueAt ? h('dd', { testid: 'task-deadline' }, formatDate(new Date(current.dueAt)), ' ', overdue) : null,
        ...completed,
      );
      replaceChildren(summary);
    } else {
      replaceChildren(
        meta,
        h('dt', { i18n: 'task.case' }),
        h(
          'dd',
          {},
          h('a', { testid: 'task-case-link', attrs: { href: href('case', current.caseId) } }, h('bdi', {}, reference)),
        ),
        h('dt', { i18n: 'task.service' }),
        h('dd', {}, h('bdi', {}, service)),
        current.case?.applicant ? h('dt', { i18n: 'case.applicant' }) : null,
        current.case?.applicant
          ? h('dd', { testid: 'task-applicant' }, h('bdi', {}, personName(current.case.applicant)))
          : null,
        h('dt', { i18n: 'task.status' }),
        h('dd', { testid: 'task-status-value' }, statusBadge(current.status)),
        h('dt', { i18n: 'task.assignee' }),
        h(
          'dd',
          { testid: 'task-assignee' },
          current.assignee ? h('bdi', {}, personName(current.assignee)) : t('task.nobody'),
        ),
        current.dueAt ? h('dt', { i18n: 'task.due' }) : null,
        current.dueAt ? h('dd', {}, formatTime(current.dueAt), ' ', overdue) : null,
        ...completed,
      );
      replaceChildren(summary, details ? caseSummary(details, current.id) : null);
    }

    // Drawn again for the same task (another language, a reload): keep what was typed; drawn anew
    // (after signing in again, or a reload of the page), take what this tab kept of it.
    const typed = formView && drawnFor === current.id ? formView.values() : loadTaskDraft(current.id);
    formView?.destroy();
    formView = undefined;
    replaceChildren(formHost);
    const canComplete = current.actions.includes('COMPLETE');
    if (!canComplete) clearTaskDraft(current.id);
    if (current.form) {
      const taskId = current.id;
      formView = await renderForm(
        formHost,
        current.form,
        { ...current.prefill, ...(canComplete ? typed : {}) },
        canComplete ? { onChange: (values) => saveTaskDraft(taskId, values) } : { readOnly: true },
      );
      drawnFor = current.id;
    } else {
      formHost.append(h('p', { class: 'muted', i18n: 'task.noForm' }));
    }

    const button = (key: MessageKey, testid: string, run: () => Promise<void>, primary = false) =>
      h('button', {
        class: `button${primary ? ' button--primary' : ''}`,
        testid,
        i18n: key,
        attrs: { type: 'button' },
        on: { click: () => void act(run), mousedown: holdFocus },
      });
    const applicant = forApplicant();
    replaceChildren(
      actions,
      !applicant && current.actions.includes('CLAIM') ? button('task.claim', 'task-claim', claim) : null,
      !applicant && current.actions.includes('UNCLAIM') ? button('task.unclaim', 'task-unclaim', unclaim) : null,
      canComplete ? button(applicant ? 'task.send' : 'task.complete', 'task-complete', complete, true) : null,
      // The engine claims an unclaimed task for whoever completes it: say so before they do.
      canComplete && !applicant && !current.assignee
        ? h('p', { class: 'muted', testid: 'task-complete-note', i18n: 'task.completeAssigns' })
        : null,
    );
    if (current.status === 'OPEN' && !canComplete)
      actions.append(
        h('p', {
          class: 'muted',
          testid: 'task-readonly',
          i18n: current.assignee ? 'task.claimedByOther' : 'task.readOnly',
          params: { who: current.assignee ? personName(current.assignee) : '' },
        }),
      );
  }

  async function act(run: () => Promise<void>): Promise<void> {
    if (busy) return;
    busy = true;
    actions.querySelectorAll('button').forEach((b) => {
      b.disabled = true;
    });
    try {
      await run();
    } catch (error) {
      say('error', ...apiErrorMessage(error));
    } finally {
      busy = false;
      actions.querySelectorAll('button').forEach((b) => {
        b.disabled = false;
      });
    }
  }

  async function claim(): Promise<void> {
    if (!task) return;
    await claimTask(task.id);
    await open(task.id);
    say('ok', 'task.claimed');
    options.onChanged();
  }

  async function unclaim(): Promise<void> {
    if (!task) return;
    await unclaimTask(task.id);
    await open(task.id);
    say('ok', 'task.unclaimed');
    options.onChanged();
  }

  async function complete(): Promise<void> {
    if (!task) return;
    replaceChildren(problems);
    const data = formView ? formView.submit() : {};
    if (!data) {
      say('error', 'task.fixFields');
      return;
    }
    say('info', 'task.completing');
    try {
      const result = await completeTask(task.id, data);
      clearTaskDraft(task.id);
      await open(task.id);
      say('ok', 'task.completed', { status: t(`status.${result.status}` as MessageKey) });
      options.onChanged();
    } catch (error) {
      if (!(error instanceof ApiError) || !error.has('VALIDATION')) throw error;
      const unmatched = formView ? formView.showFieldErrors(error.fields) : error.fields;
      say('error', 'task.invalid', { count: error.fields.length || 1 });
      if (unmatched.length || !error.fields.length) {
        const line = (f: { path: string; message: string }) =>
          forApplicant()
            ? h('li', { attrs: { dir: 'auto' } }, humanMessage(f.message))
            : h('li', {}, h('code', {}, f.path), ` ${f.message}`);
        replaceChildren(
          problems,
          h(
            'ul',
            {},
            ...(error.fields.length ? unmatched.map(line) : [h('li', { attrs: { dir: 'auto' } }, error.message)]),
          ),
        );
      }
    }
  }

  onLocaleChange(() => {
    if (task && !element.hidden) void open(task.id, true);
  });

  return {
    element,
    open,
    reload: async () => {
      if (task) await open(task.id, true);
    },
    close() {
      element.hidden = true;
      details = null;
      drawnFor = undefined;
      formView?.destroy();
      formView = undefined;
      task = undefined;
    },
    get taskId() {
      return task?.id;
    },
  };
}

/** An applicant answering their own task sees a simple form: no claiming, no groups. */
function forApplicant(): boolean {
  const viewer = currentViewer();
  return hasRole(viewer, 'APPLICANT') && !hasRole(viewer, 'CLERK', 'ADMIN');
}
