/**
 * One task, for the clerk (inbox) or the applicant (a correction request): what it is, its form
 * filled with the case's data, and the actions the server allows now — claim, unclaim, complete.
 * Completing validates in the browser (form-js) and on the server; the server's field errors
 * appear under their fields too.
 */
import { ApiError } from '../../api/graphql-client';
import { claimTask, completeTask, getTask, unclaimTask, type TaskDetails } from '../../api/work-api';
import { apiErrorMessage } from '../deploy/deploy-action';
import { t, type MessageKey } from '../i18n';
import { h, replaceChildren, setMessage } from '../shell/dom';
import { href } from '../shell/views';
import { renderForm, type FormView } from './form-view';
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
  let formView: FormView | undefined;
  let busy = false;
  const heading = h('h2', { class: 'task__title', testid: 'task-title', attrs: { tabindex: -1 } });
  const meta = h('dl', { class: 'meta', testid: 'task-meta' });
  const status = h('p', { class: 'status-line', testid: 'task-status', attrs: { role: 'status', 'aria-live': 'polite' } });
  const problems = h('div', { class: 'field-problems', testid: 'task-problems', attrs: { role: 'alert' } });
  const formHost = h('div', { class: 'task__form', testid: 'task-form' });
  const actions = h('div', { class: 'row task__actions', attrs: { role: 'group' }, i18nLabel: 'task.actions' });
  const element = h('article', { class: 'task panel', testid: 'task-panel', attrs: { hidden: true } },
    h('div', { class: 'row row--between' }, heading, h('a', { class: 'button button--quiet', testid: 'task-close', i18n: 'task.close', attrs: { href: options.closeHref } })),
    meta, status, problems, formHost, actions);

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
      const first = task?.id !== loaded.id;
      task = loaded;
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
    heading.textContent = current.name;
    const overdue = current.overdue ? h('span', { class: 'badge badge--error', i18n: 'inbox.overdue' }) : null;
    replaceChildren(meta,
      h('dt', { i18n: 'task.case' }), h('dd', {}, h('a', { testid: 'task-case-link', attrs: { href: href('case', current.caseId) } }, current.case?.businessKey ?? shortId(current.caseId))),
      h('dt', { i18n: 'task.service' }), h('dd', {}, current.case?.definitionKey ?? ''),
      h('dt', { i18n: 'task.status' }), h('dd', { testid: 'task-status-value' }, statusBadge(current.status)),
      h('dt', { i18n: 'task.assignee' }), h('dd', { testid: 'task-assignee' }, current.assignee ?? t('task.nobody')),
      current.candidateGroups.length ? h('dt', { i18n: 'task.groups' }) : null,
      current.candidateGroups.length ? h('dd', {}, current.candidateGroups.join(', ')) : null,
      current.dueAt ? h('dt', { i18n: 'task.due' }) : null,
      current.dueAt ? h('dd', {}, formatTime(current.dueAt), ' ', overdue) : null,
      current.completedAt ? h('dt', { i18n: 'task.completedAt' }) : null,
      current.completedAt ? h('dd', {}, formatTime(current.completedAt), current.completedBy ? ` · ${current.completedBy}` : '') : null);

    formView?.destroy();
    formView = undefined;
    replaceChildren(formHost);
    const canComplete = current.actions.includes('COMPLETE');
    if (current.form) {
      formView = await renderForm(formHost, current.form, current.prefill, { readOnly: !canComplete });
    } else {
      formHost.append(h('p', { class: 'muted', i18n: 'task.noForm' }));
    }

    const button = (key: MessageKey, testid: string, run: () => Promise<void>, primary = false) =>
      h('button', { class: `button${primary ? ' button--primary' : ''}`, testid, i18n: key, attrs: { type: 'button' }, on: { click: () => void act(run) } });
    replaceChildren(actions,
      current.actions.includes('CLAIM') ? button('task.claim', 'task-claim', claim) : null,
      current.actions.includes('UNCLAIM') ? button('task.unclaim', 'task-unclaim', unclaim) : null,
      canComplete ? button('task.complete', 'task-complete', complete, true) : null);
    if (current.status === 'OPEN' && !canComplete) actions.append(h('p', { class: 'muted', testid: 'task-readonly', i18n: current.assignee ? 'task.claimedByOther' : 'task.readOnly', params: { who: current.assignee ?? '' } }));
  }

  async function act(run: () => Promise<void>): Promise<void> {
    if (busy) return;
    busy = true;
    actions.querySelectorAll('button').forEach((b) => { b.disabled = true; });
    try {
      await run();
    } catch (error) {
      say('error', ...apiErrorMessage(error));
    } finally {
      busy = false;
      actions.querySelectorAll('button').forEach((b) => { b.disabled = false; });
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
      await open(task.id);
      say('ok', 'task.completed', { status: t(`status.${result.status}` as MessageKey) });
      options.onChanged();
    } catch (error) {
      if (!(error instanceof ApiError) || !error.has('VALIDATION')) throw error;
      const unmatched = formView ? formView.showFieldErrors(error.fields) : error.fields;
      say('error', 'task.invalid', { count: error.fields.length || 1 });
      if (unmatched.length || !error.fields.length) {
        replaceChildren(problems, h('ul', {}, ...(error.fields.length ? unmatched.map((f) => h('li', {}, h('code', {}, f.path), ` ${f.message}`)) : [h('li', {}, error.message)])));
      }
    }
  }

  return {
    element,
    open,
    reload: async () => {
      if (task) await open(task.id, true);
    },
    close() {
      element.hidden = true;
      formView?.destroy();
      formView = undefined;
      task = undefined;
    },
    get taskId() {
      return task?.id;
    },
  };
}

export function shortId(id: string): string {
  return id.slice(0, 8);
}
