/**
 * The clerk's inbox: open tasks of one of their groups (or all of them), narrowed to the
 * unassigned ones, their own, or the overdue ones. `#/inbox/<taskId>` opens a task beside the
 * list. The list follows `inboxChanged` while the view is shown.
 */
import { subscribe } from '../../api/subscriptions';
import { INBOX_CHANGED, listTasks, type TaskFilter, type TaskSummary } from '../../api/work-api';
import { currentViewer, hasRole, session } from '../../state/session';
import { apiErrorMessage } from '../deploy/deploy-action';
import { isolate, onLocaleChange, type MessageKey } from '../i18n';
import { formatAge, formatDate } from '../i18n/format';
import { field, h, replaceChildren, setMessage, uid } from '../shell/dom';
import { href } from '../shell/views';
import { modelName, referenceOf, serviceName } from './names';
import { knownName, loadPeople, personName } from './people';
import { createTaskPanel } from './task-panel';

type Show = 'all' | 'unassigned' | 'mine' | 'overdue';
const SHOWS: Array<[Show, MessageKey]> = [
  ['all', 'inbox.show.all'],
  ['unassigned', 'inbox.show.unassigned'],
  ['mine', 'inbox.show.mine'],
  ['overdue', 'inbox.show.overdue'],
];

interface InboxChange {
  inboxChanged: { tasks: { taskId: string; status: string; assignee: string | null }[] };
}

export function mountInboxView(host: HTMLElement): { show(params: string[]): void; hide(): void } {
  let tasks: TaskSummary[] = [];
  let showing: Show = 'all';
  let stop: (() => void) | undefined;
  let reloadTimer: ReturnType<typeof setTimeout> | undefined;
  let generation = 0;

  const group = h('select', { testid: 'inbox-group', on: { change: () => void load() } });
  const radios = SHOWS.map(([value, label]) => {
    const input = h('input', {
      testid: `inbox-show-${value}`,
      attrs: { type: 'radio', name: 'inbox-show', value, checked: value === showing, id: uid('inbox-show') },
      on: {
        change: () => {
          showing = value;
          void load();
        },
      },
    });
    return h('label', { class: 'choice', attrs: { for: input.id } }, input, h('span', { i18n: label }));
  });
  const status = h('p', {
    class: 'status-line',
    testid: 'inbox-status',
    attrs: { role: 'status', 'aria-live': 'polite' },
  });
  const live = h('p', { class: 'live muted', testid: 'inbox-live', attrs: { 'aria-live': 'off' } });
  const list = h('ul', { class: 'cards', testid: 'inbox-list', i18nLabel: 'inbox.listLabel' });
  const panel = createTaskPanel({ onChanged: () => void load(), closeHref: '#/inbox' });
  const empty = h('p', { class: 'panel muted task-empty', testid: 'task-empty', i18n: 'inbox.pick' });

  replaceChildren(
    host,
    h(
      'div',
      { class: 'work' },
      h(
        'div',
        { class: 'work__list' },
        h(
          'div',
          { class: 'row row--between' },
          h('h2', { i18n: 'inbox.title' }),
          h('button', {
            class: 'button',
            testid: 'inbox-refresh',
            i18n: 'inbox.refresh',
            attrs: { type: 'button' },
            on: { click: () => void load() },
          }),
        ),
        h(
          'form',
          {
            class: 'filters panel',
            attrs: { role: 'search' },
            i18nLabel: 'inbox.filters',
            on: { submit: (e) => e.preventDefault() },
          },
          field('inbox.group', group),
          h('fieldset', { class: 'choices' }, h('legend', { i18n: 'inbox.showLabel' }), ...radios),
        ),
        status,
        live,
        list,
      ),
      h('div', { class: 'work__detail' }, empty, panel.element),
    ),
  );

  function renderGroups(): void {
    const viewer = currentViewer();
    const chosen = group.value;
    replaceChildren(
      group,
      h('option', { attrs: { value: '' }, i18n: 'inbox.allGroups' }),
      ...(viewer?.groups ?? []).map((g) => h('option', { attrs: { value: g, selected: g === chosen } }, g)),
    );
  }

  function filter(): TaskFilter {
    const f: TaskFilter = {};
    if (group.value) f.candidateGroups = [group.value];
    else if (hasRole(currentViewer(), 'CLERK') && !hasRole(currentViewer(), 'ADMIN')) f.inMyGroups = true;
    if (showing === 'unassigned') f.unassigned = true;
    if (showing === 'mine') f.assignedToMe = true;
    if (showing === 'overdue') f.overdue = true;
    return f;
  }

  async function load(): Promise<void> {
    const mine = ++generation;
    if (!currentViewer()) {
      tasks = [];
      renderList();
      setMessage(status, session.get().state.status === 'checking' ? 'account.checking' : 'inbox.signIn');
      return;
    }
    setMessage(status, 'inbox.loading');
    try {
      const [loaded] = await Promise.all([listTasks(filter()), loadPeople()]);
      if (mine !== generation) return;
      tasks = loaded;
      setMessage(status, tasks.length ? 'inbox.count' : 'inbox.empty', { count: tasks.length });
    } catch (error) {
      if (mine !== generation) return;
      tasks = [];
      setMessage(status, ...apiErrorMessage(error));
    }
    renderList();
  }

  /** A row: the task, its service, whose application (their name, else its reference), how old, and when due. */
  function renderList(): void {
    replaceChildren(
      list,
      ...tasks.map((task) => {
        const current = task.id === panel.taskId;
        const names = task.case?.definition.translatedNames;
        const applicant = task.case?.applicant ? knownName(task.case.applicant) : undefined;
        const reference = referenceOf({ id: task.caseId, businessKey: task.case?.businessKey ?? null });
        return h(
          'li',
          { class: `card${current ? ' card--current' : ''}`, testid: `inbox-task-${task.elementId}` },
          h(
            'a',
            {
              class: 'card__title',
              testid: 'inbox-open',
              attrs: { href: href('inbox', task.id), ...(current ? { 'aria-current': 'true' } : {}) },
            },
            modelName(names, task.elementId, task.name),
          ),
          h(
            'p',
            { class: 'card__meta' },
            h('bdi', { testid: 'inbox-service' }, serviceName(task.case?.definition, task.case?.definitionKey ?? '')),
            ' · ',
            h('bdi', { testid: 'inbox-who' }, applicant ?? reference),
            ' · ',
            task.assignee
              ? h('span', { i18n: 'inbox.claimedBy', params: { who: isolate(personName(task.assignee)) } })
              : h('span', { class: 'badge badge--info', i18n: 'inbox.unassigned' }),
            task.overdue ? h('span', { class: 'badge badge--error', i18n: 'inbox.overdue' }) : null,
          ),
          h(
            'p',
            { class: 'card__meta muted' },
            h('span', { testid: 'inbox-age', i18n: 'inbox.age', params: { age: formatAge(new Date(task.createdAt)) } }),
            task.dueAt
              ? h(
                  'span',
                  { testid: 'inbox-due' },
                  ' · ',
                  h('span', { i18n: 'inbox.dueOn', params: { date: formatDate(new Date(task.dueAt)) } }),
                )
              : null,
          ),
        );
      }),
    );
  }

  function scheduleReload(): void {
    clearTimeout(reloadTimer);
    reloadTimer = setTimeout(() => void load(), 150);
  }

  function startLive(): void {
    stop?.();
    setMessage(live, 'live.connecting');
    stop = subscribe<InboxChange>(
      INBOX_CHANGED,
      {},
      {
        open: () => {
          setMessage(live, 'live.on');
          scheduleReload();
        },
        next: (data) => {
          scheduleReload();
          const open = panel.taskId;
          const change = data.inboxChanged.tasks.find((c) => c.taskId === open);
          // Someone else completed, withdrew or claimed the open task: show it as it is now.
          if (change && (change.status !== 'OPEN' || (change.assignee && change.assignee !== currentViewer()?.id)))
            void panel.reload();
        },
        error: () => setMessage(live, 'live.off'),
        // No longer live until the stream opens again (the page's notice says why).
        dropped: () => setMessage(live, 'live.connecting'),
      },
    );
  }

  onLocaleChange(() => renderList());

  return {
    show(params) {
      renderGroups();
      void load();
      if (currentViewer() && !stop) startLive();
      const [taskId] = params;
      empty.hidden = !!taskId;
      if (taskId) void panel.open(taskId).then(renderList);
      else panel.close();
    },
    hide() {
      stop?.();
      stop = undefined;
    },
  };
}
