/**
 * Simulate in the browser: start a case through the start form (and JSON variables), move it on
 * wait by wait through each user task's real form, start ad-hoc activities, send messages and
 * signals, advance the virtual clock, and watch tokens move on the diagram. Every form's checks
 * apply, the start form's too, as on the server; a refused action keeps what was typed and says why.
 */
import type Modeler from 'bpmn-js/lib/Modeler';
import type { FormSchema } from '../../../../engine/forms/form-schema';
import { validateForm } from '../../../../engine/forms/validate-form';
import type { Variables } from '../../../../engine/runtime/types';
import { appState } from '../../state/app-state';
import { t } from '../i18n';
import { field, h, holdFocus, readJson, replaceChildren } from '../shell/dom';
import { startSession, type SimulationSession } from './simulation-session';
import { clearTokens, paintTokens } from './token-markers';
import { renderAdHocList } from './ad-hoc-list';
import { renderTrace } from './trace-list';
import { renderWaitList, type SimForm, type WaitActions } from './wait-list';
import { elementLabelNodes } from '../validation/element-label';
import { renderForm, type FormView } from '../work/form-view';

export function mountSimulationPanel(host: HTMLElement, modeler: Modeler): { refresh(): void } {
  let session: SimulationSession | undefined;
  const variables = h('textarea', {
    class: 'json',
    testid: 'sim-variables',
    attrs: { rows: 4, spellcheck: 'false', placeholder: '{"applicant": "Rojin"}' },
  });
  const status = h('p', {
    class: 'sim__message',
    testid: 'sim-message',
    attrs: { role: 'status', 'aria-live': 'polite' },
  });
  const stateHost = h('div', { class: 'sim__state', testid: 'sim-state' });
  // What was typed in the forms and boxes of the waits, by case, wait and box: kept across redraws.
  const drafts = new Map<string, unknown>();
  const startFormHost = h('div', { class: 'sim__form', testid: 'sim-start-form' });
  let startForm: { key: string; json: string; view: Promise<FormView> } | undefined;
  let waitForms: Promise<FormView>[] = [];
  const say = (text: string, tone: 'info' | 'error' = 'info') => {
    status.textContent = text;
    status.dataset.tone = tone;
  };

  /** Runs an action; refused, it says why and redraws nothing, so every field keeps its input. */
  const guard = (action: () => void) => {
    try {
      say('');
      action();
    } catch (error) {
      say(t('sim.rejected', { message: (error as Error).message }), 'error');
      return;
    }
    refresh();
  };

  /** The data of a form if its checks pass (form-js's, then the engine's own), else an error naming the form. */
  const formData = (view: FormView | undefined, schema: FormSchema, key: string, name: string) => {
    if (!view) throw new Error(t('sim.formLoading'));
    const values = view.submit();
    if (!values) throw new Error(t('sim.fixFields', { name }));
    checkForm(schema, key, values);
    return values;
  };
  const checkForm = (schema: FormSchema, key: string, data: Record<string, unknown>) => {
    const errors = validateForm(schema, data);
    if (errors.length)
      throw new Error(t('sim.formErrors', { key, errors: errors.map((e) => `${e.path}: ${e.message}`).join('; ') }));
  };

  const start = () =>
    guard(() => {
      const build = appState.get().build;
      if (build.status !== 'compiled') throw new Error(t('sim.notCompiled'));
      let input: Variables;
      try {
        input = readJson(variables.value);
      } catch (error) {
        throw new Error(t('sim.badJson', { field: t('sim.variables'), message: (error as Error).message }));
      }
      const form = startFormOf();
      const filled = form ? formData(startView, form.schema, form.key, t('sim.startForm')) : {};
      session = startSession(build.compiled, build.parsed, { ...input, ...filled });
    });
  let startView: FormView | undefined;

  /** The form of the diagram's plain start event, when it has one. */
  function startFormOf(): { key: string; schema: FormSchema } | undefined {
    const build = appState.get().build;
    if (build.status !== 'compiled') return undefined;
    const key = build.compiled.catalogue.startEvents.find((start) => start.kind === 'none' && start.formKey)?.formKey;
    const schema = key ? appState.get().forms[key] : undefined;
    return key && schema ? { key, schema } : undefined;
  }

  /** Draws the start form while no case runs; drawn again only when the form itself changed. */
  function showStartForm(): void {
    // While the diagram is being checked the start form stays as it is (with what was typed).
    if (!session && appState.get().build.status === 'checking') return;
    const form = session ? undefined : startFormOf();
    startFormHost.hidden = !form;
    const json = form ? JSON.stringify(form.schema) : '';
    if (startForm && (!form || startForm.key !== form.key || startForm.json !== json)) {
      void startForm.view.then((view) => view.destroy());
      startForm = undefined;
      startView = undefined;
      replaceChildren(startFormHost);
    }
    if (!form || startForm) return;
    const host = h('div', {});
    replaceChildren(startFormHost, h('h3', {}, t('sim.startForm')), host);
    const draft = (drafts.get('start:form') as Record<string, unknown> | undefined) ?? {};
    const view = renderForm(host, form.schema, draft, { onChange: (values) => drafts.set('start:form', values) });
    startForm = { key: form.key, json, view };
    void view.then((drawn) => {
      if (startForm?.view === view) startView = drawn;
    });
  }

  const reset = () => {
    session = undefined;
    drafts.clear();
    say('');
    refresh();
  };

  const actions: WaitActions = {
    guard,
    formOf: (wait) => (wait.formKey ? appState.get().forms[wait.formKey] : undefined),
    mountForm(host, key, schema): SimForm {
      let drawn: FormView | undefined;
      const draft = (drafts.get(key) as Record<string, unknown> | undefined) ?? {};
      const view = renderForm(host, schema, draft, { onChange: (values) => drafts.set(key, values) });
      waitForms.push(view);
      void view.then((done) => {
        drawn = done;
      });
      return {
        submit: () => {
          if (!drawn) throw new Error(t('sim.formLoading'));
          return drawn.submit();
        },
      };
    },
    draft: (key) => (drafts.get(key) as string | undefined) ?? '',
    keepDraft: (key, value) => drafts.set(key, value),
    completeTask({ c, wait }, data) {
      const form = wait.formKey ? appState.get().forms[wait.formKey] : undefined;
      if (form) checkForm(form, wait.formKey ?? '', data);
      session?.simulation.send(c, { type: 'task.complete', waitId: wait.id, data });
    },
    completeJob({ c, wait }, data) {
      session?.simulation.send(c, { type: 'job.complete', waitId: wait.id, data });
    },
    failJob({ c, wait }, errorCode) {
      const message = 'Failed in the simulator';
      session?.simulation.send(
        c,
        errorCode
          ? { type: 'job.error', waitId: wait.id, errorCode, message }
          : { type: 'job.fail', waitId: wait.id, message },
      );
    },
    deliverMessage(wait, data) {
      if (wait.messageName) sendMessage(wait.messageName, wait.correlationKey, data);
    },
    broadcast(wait) {
      if (wait.signalName) session?.simulation.broadcast(wait.signalName);
    },
  };

  // A message no case waits for is kept for an hour of the clock, as the engine keeps it (listed below).
  const sendMessage = (name: string, key: string | undefined, data: Variables) =>
    session?.simulation.correlate(name, key, data);

  // Free-form controls: a message or signal nobody modelled a wait for yet, and the clock.
  const messageName = h('input', { testid: 'sim-message-name', attrs: { type: 'text', autocomplete: 'off' } });
  const messageKey = h('input', { testid: 'sim-message-key', attrs: { type: 'text', autocomplete: 'off' } });
  const messageData = h('textarea', {
    class: 'json',
    testid: 'sim-message-data',
    attrs: { rows: 2, spellcheck: 'false', placeholder: '{}' },
  });
  const signalName = h('input', { testid: 'sim-signal-name', attrs: { type: 'text', autocomplete: 'off' } });
  const duration = h('input', {
    testid: 'sim-duration',
    attrs: { type: 'text', autocomplete: 'off', value: 'PT1H', dir: 'ltr' },
  });
  const button = (key: Parameters<typeof t>[0], testid: string, click: () => void, extra = '') =>
    h('button', {
      class: `button ${extra}`.trim(),
      testid,
      i18n: key,
      attrs: { type: 'button' },
      on: { click, mousedown: holdFocus },
    });

  const manual = h(
    'div',
    { class: 'sim__manual', attrs: { hidden: true } },
    h(
      'fieldset',
      {},
      h('legend', { i18n: 'sim.advance' }),
      field('sim.duration', duration),
      button('sim.advance', 'sim-advance', () => guard(() => session?.simulation.advance(duration.value.trim()))),
    ),
    h(
      'fieldset',
      {},
      h('legend', { i18n: 'sim.sendMessage' }),
      field('sim.messageName', messageName),
      field('sim.correlationKey', messageKey),
      field('sim.messageData', messageData),
      button('sim.send', 'sim-send-message', () =>
        guard(() => {
          const data = readJson(messageData.value);
          sendMessage(messageName.value.trim(), messageKey.value.trim() || undefined, data);
        }),
      ),
    ),
    h(
      'fieldset',
      {},
      h('legend', { i18n: 'sim.broadcastSignal' }),
      field('sim.signalName', signalName),
      button('sim.broadcast', 'sim-broadcast', () =>
        guard(() => session?.simulation.broadcast(signalName.value.trim())),
      ),
    ),
  );

  replaceChildren(
    host,
    h('p', { class: 'muted', i18n: 'sim.intro' }),
    startFormHost,
    field('sim.variables', variables),
    h(
      'div',
      { class: 'row' },
      button('sim.start', 'sim-start', start, 'button--primary'),
      button('sim.reset', 'sim-reset', reset),
    ),
    status,
    stateHost,
    manual,
  );

  function refresh(): void {
    paintTokens(modeler, session?.simulation);
    showStartForm();
    // The waits' forms are drawn again below, from their drafts.
    for (const view of waitForms) void view.then((done) => done.destroy());
    waitForms = [];
    manual.hidden = !session;
    if (!session) {
      replaceChildren(stateHost);
      return;
    }
    const { simulation } = session;
    const root = simulation.root;
    const stale = appState.get().xml !== session.xml;
    const incidents = simulation.cases.flatMap((c) => Object.values(c.snapshot.context.incidents));
    const buffered = simulation.bufferedMessages;
    replaceChildren(
      stateHost,
      stale ? h('p', { class: 'notice', testid: 'sim-stale' }, t('sim.stale')) : null,
      h(
        'p',
        { testid: 'sim-status', attrs: { 'data-status': root?.status ?? '' } },
        root ? t('sim.status', { id: root.id, status: root.status }) : '',
      ),
      h(
        'p',
        { class: 'muted', testid: 'sim-clock' },
        `${t('sim.clock')} `,
        h('time', { attrs: { datetime: simulation.clock.toISOString() } }, simulation.clock.toISOString()),
      ),
      h('h3', {}, t('sim.waits')),
      renderWaitList(simulation, actions),
      ...renderAdHocList(simulation, guard),
      incidents.length ? h('h3', {}, t('sim.incidents')) : null,
      incidents.length
        ? h(
            'ul',
            { class: 'incidents', testid: 'sim-incidents' },
            ...incidents.map((i) => h('li', {}, label(i.elementId), ` ${i.message}`)),
          )
        : null,
      buffered.length ? h('h3', {}, t('sim.buffered')) : null,
      buffered.length
        ? h(
            'ul',
            { testid: 'sim-buffered' },
            ...buffered.map((m) =>
              h(
                'li',
                {},
                t('sim.bufferedMessage', { name: m.name, key: m.correlationKey ?? '—' }),
                ' ',
                h('time', { attrs: { datetime: m.expiresAt.toISOString() } }, m.expiresAt.toISOString()),
              ),
            ),
          )
        : null,
      h('h3', {}, t('sim.trace')),
      renderTrace(simulation.trace, simulation.cases.length > 1, label),
    );
  }

  const label = (elementId: string) => elementLabelNodes(modeler, elementId);

  appState.subscribe((state, previous) => {
    if (session && state.xml !== previous.xml) refresh();
    else if (!session && (state.build !== previous.build || state.forms !== previous.forms)) showStartForm();
  });
  modeler.on('import.done', () => {
    session = undefined;
    clearTokens(modeler);
    refresh();
  });
  return { refresh };
}
