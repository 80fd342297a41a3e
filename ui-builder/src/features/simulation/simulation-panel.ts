/**
 * Simulate in the browser: start a case with JSON variables, move it on wait by wait, send
 * messages and signals, advance the virtual clock, and watch tokens move on the diagram.
 */
import type Modeler from 'bpmn-js/lib/Modeler';
import { validateForm } from '../../../../engine/forms/validate-form';
import type { Variables } from '../../../../engine/runtime/types';
import { appState } from '../../state/app-state';
import { t } from '../i18n';
import { field, h, readJson, replaceChildren } from '../shell/dom';
import { startSession, type SimulationSession } from './simulation-session';
import { clearTokens, paintTokens } from './token-markers';
import { renderTrace } from './trace-list';
import { renderWaitList, type WaitActions } from './wait-list';

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
  const say = (text: string, tone: 'info' | 'error' = 'info') => {
    status.textContent = text;
    status.dataset.tone = tone;
  };

  const guard = (action: () => void) => {
    try {
      say('');
      action();
    } catch (error) {
      say(t('sim.rejected', { message: (error as Error).message }), 'error');
    }
    refresh();
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
      session = startSession(build.compiled, build.parsed, input);
    });

  const reset = () => {
    session = undefined;
    say('');
    refresh();
  };

  const actions: WaitActions = {
    guard,
    completeTask({ c, wait }, data) {
      const form = wait.formKey ? appState.get().forms[wait.formKey] : undefined;
      const errors = form ? validateForm(form, data) : [];
      if (errors.length)
        throw new Error(
          t('sim.formErrors', {
            key: wait.formKey ?? '',
            errors: errors.map((e) => `${e.path}: ${e.message}`).join('; '),
          }),
        );
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

  const sendMessage = (name: string, key: string | undefined, data: Variables) => {
    if (!session?.simulation.correlate(name, key, data)) throw new Error(t('sim.noMatch', { name }));
  };

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
    h('button', { class: `button ${extra}`.trim(), testid, i18n: key, attrs: { type: 'button' }, on: { click } });

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
    manual.hidden = !session;
    if (!session) {
      replaceChildren(stateHost);
      return;
    }
    const { simulation } = session;
    const root = simulation.root;
    const stale = appState.get().xml !== session.xml;
    const incidents = simulation.cases.flatMap((c) => Object.values(c.snapshot.context.incidents));
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
      incidents.length ? h('h3', {}, t('sim.incidents')) : null,
      incidents.length
        ? h(
            'ul',
            { class: 'incidents', testid: 'sim-incidents' },
            ...incidents.map((i) => h('li', {}, h('code', {}, i.elementId), ` ${i.message}`)),
          )
        : null,
      h('h3', {}, t('sim.trace')),
      renderTrace(simulation.trace, simulation.cases.length > 1),
    );
  }

  appState.subscribe((state, previous) => {
    if (session && state.xml !== previous.xml) refresh();
  });
  modeler.on('import.done', () => {
    session = undefined;
    clearTokens(modeler);
    refresh();
  });
  return { refresh };
}
