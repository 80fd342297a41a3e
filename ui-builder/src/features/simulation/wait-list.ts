/**
 * One row per open wait of the simulated cases, with the control that moves it on: complete a
 * user task through its real form (form-js, as clerks see it; JSON when it has no form), complete
 * a job (with JSON data), fail a job, deliver a message, broadcast a signal. What was typed is kept
 * by the panel (`draft`), so a refused action or a redraw loses none of it.
 */
import type { FormSchema } from '../../../../engine/forms/form-schema';
import type { Simulation } from '../../../../engine/runtime/simulator';
import type { Wait } from '../../../../engine/runtime/types';
import { t, type MessageKey } from '../i18n';
import { field, h, holdFocus, readJson } from '../shell/dom';
import { openWaits, type OpenWait } from './simulation-session';

/** A form drawn in a wait's row: its data once its own checks pass, else undefined (its messages shown). */
export interface SimForm {
  submit(): Record<string, unknown> | undefined;
}

export interface WaitActions {
  /** The form a user task shows, when the diagram has one for its form key. */
  formOf(wait: Wait): FormSchema | undefined;
  /** Draws a form into `host`, filled with what was typed there before. */
  mountForm(host: HTMLElement, draftKey: string, schema: FormSchema): SimForm;
  /** What was typed in a box before it was drawn again, and keeping what is typed now. */
  draft(key: string): string;
  keepDraft(key: string, value: string): void;
  completeTask(open: OpenWait, data: Record<string, unknown>): void;
  completeJob(open: OpenWait, data: Record<string, unknown>): void;
  failJob(open: OpenWait, errorCode: string): void;
  deliverMessage(wait: Wait, data: Record<string, unknown>): void;
  broadcast(wait: Wait): void;
  /** Runs an action and reports what went wrong (bad JSON, a refused event) in the status line. */
  guard(action: () => void): void;
}

const KIND_LABEL: Record<Wait['kind'], MessageKey> = {
  userTask: 'sim.kind.userTask',
  job: 'sim.kind.job',
  message: 'sim.kind.message',
  signal: 'sim.kind.signal',
  timer: 'sim.kind.timer',
  call: 'sim.kind.call',
  condition: 'sim.kind.condition',
};

export function renderWaitList(simulation: Simulation, actions: WaitActions): HTMLElement {
  const waits = openWaits(simulation);
  if (waits.length === 0) return h('p', { class: 'muted', testid: 'sim-no-waits' }, t('sim.noWaits'));
  return h(
    'ul',
    { class: 'wait-list', testid: 'sim-waits' },
    ...waits.map((open) => waitItem(open, actions, simulation.cases.length > 1)),
  );
}

function waitItem(open: OpenWait, actions: WaitActions, showCase: boolean): HTMLLIElement {
  const { wait } = open;
  const name = wait.name ?? wait.elementId;
  const heading = h(
    'p',
    { class: 'wait__title' },
    h('span', { class: `wait__kind wait__kind--${wait.kind}` }, t(KIND_LABEL[wait.kind])),
    ' ',
    h('strong', {}, name),
    name !== wait.elementId ? h('code', {}, ` ${wait.elementId}`) : null,
    showCase ? h('span', { class: 'muted' }, ` · ${open.c.id}`) : null,
  );
  return h(
    'li',
    { class: 'wait', testid: `sim-wait-${wait.elementId}` },
    heading,
    details(wait),
    ...controls(open, name, actions),
  );
}

function details(wait: Wait): HTMLElement | null {
  const parts = [
    wait.formKey ? t('sim.form', { key: wait.formKey }) : '',
    wait.candidateGroups?.length ? t('sim.groups', { groups: wait.candidateGroups.join(', ') }) : '',
    wait.dueAt ? t('sim.due', { time: wait.dueAt }) : '',
    wait.jobType ?? '',
    wait.messageName
      ? `${wait.messageName}${wait.correlationKey !== undefined ? ` · ${wait.correlationKey}` : ''}`
      : '',
    wait.signalName ?? '',
    wait.timerValue ? `${wait.timerKind ?? ''} ${wait.timerValue}` : '',
    wait.calledElement ?? '',
  ].filter(Boolean);
  return parts.length ? h('p', { class: 'wait__details muted' }, parts.join(' · ')) : null;
}

function dataBox(open: OpenWait, actions: WaitActions): HTMLTextAreaElement {
  const key = draftKey(open, 'data');
  const box = h('textarea', {
    class: 'json',
    testid: `sim-data-${open.wait.elementId}`,
    attrs: { rows: 2, spellcheck: 'false', placeholder: '{}' },
    on: { input: () => actions.keepDraft(key, box.value) },
  });
  box.value = actions.draft(key);
  return box;
}

/** Drafts are kept per case and wait: a loop's second visit to a task starts empty. */
function draftKey({ c, wait }: OpenWait, what: string): string {
  return `${c.id}:${wait.id}:${what}`;
}

function button(labelKey: MessageKey, testid: string, onClick: () => void, extraClass = ''): HTMLButtonElement {
  return h('button', {
    class: `button ${extraClass}`.trim(),
    testid,
    i18n: labelKey,
    attrs: { type: 'button' },
    on: { click: onClick, mousedown: holdFocus },
  });
}

function controls(open: OpenWait, name: string, actions: WaitActions): HTMLElement[] {
  const { wait } = open;
  const id = wait.elementId;
  const data = dataBox(open, actions);
  const withData = (run: (data: Record<string, unknown>) => void) => () =>
    actions.guard(() => run(parseData(data.value, name)));
  switch (wait.kind) {
    case 'userTask': {
      const schema = actions.formOf(wait);
      if (schema) {
        const host = h('div', { class: 'sim__form', testid: `sim-form-${id}` });
        const form = actions.mountForm(host, draftKey(open, 'form'), schema);
        return [
          host,
          h(
            'div',
            { class: 'row' },
            button(
              'sim.complete',
              `sim-complete-${id}`,
              () =>
                actions.guard(() => {
                  const values = form.submit();
                  if (!values) throw new Error(t('sim.fixFields', { name }));
                  actions.completeTask(open, values);
                }),
              'button--primary',
            ),
          ),
        ];
      }
      return [
        field('sim.data', data, { name }),
        h(
          'div',
          { class: 'row' },
          button(
            'sim.complete',
            `sim-complete-${id}`,
            withData((d) => actions.completeTask(open, d)),
            'button--primary',
          ),
        ),
      ];
    }
    case 'job': {
      const codeKey = draftKey(open, 'code');
      const code = h('input', {
        testid: `sim-error-code-${id}`,
        attrs: { type: 'text', autocomplete: 'off' },
        on: { input: () => actions.keepDraft(codeKey, code.value) },
      });
      code.value = actions.draft(codeKey);
      return [
        field('sim.data', data, { name }),
        field('sim.errorCode', code, { name }),
        h(
          'div',
          { class: 'row' },
          button(
            'sim.complete',
            `sim-complete-${id}`,
            withData((d) => actions.completeJob(open, d)),
            'button--primary',
          ),
          button('sim.fail', `sim-fail-${id}`, () => actions.guard(() => actions.failJob(open, code.value.trim()))),
        ),
      ];
    }
    case 'message':
      return [
        field('sim.data', data, { name }),
        h(
          'div',
          { class: 'row' },
          button(
            'sim.send',
            `sim-send-${id}`,
            withData((d) => actions.deliverMessage(wait, d)),
          ),
        ),
      ];
    case 'signal':
      return [
        h(
          'div',
          { class: 'row' },
          button('sim.broadcast', `sim-broadcast-${id}`, () => actions.guard(() => actions.broadcast(wait))),
        ),
      ];
    default:
      return [];
  }
}

function parseData(text: string, name: string): Record<string, unknown> {
  try {
    return readJson(text);
  } catch (error) {
    throw new Error(t('sim.badJson', { field: name, message: (error as Error).message }));
  }
}
