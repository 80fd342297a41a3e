/**
 * Apply for a service: the deployed services an applicant can start (those with a plain start
 * event), then `#/apply/<key>` shows the start event's form (form-js viewer) and submits it with
 * `startCase`. Field errors from the server appear under their fields.
 */
import { ApiError } from '../../api/graphql-client';
import type { FormSchema } from '../../../../engine/forms/form-schema';
import { getServiceForms, listServices, startCase, type ServiceSummary } from '../../api/work-api';
import { currentViewer, session } from '../../state/session';
import { apiErrorMessage } from '../deploy/deploy-action';
import { h, holdFocus, replaceChildren, setMessage } from '../shell/dom';
import { href } from '../shell/views';
import { onLocaleChange } from '../i18n';
import { humanMessage } from './form-messages';
import { renderForm, type FormView } from './form-view';
import { applicationDraftId, clearTaskDraft, loadTaskDraft, saveTaskDraft } from './task-drafts';
import { referenceOf, serviceName } from './names';

export function mountApplyView(host: HTMLElement): { show(params: string[]): void } {
  let services: ServiceSummary[] = [];
  let formView: FormView | undefined;
  let chosen: ServiceSummary | undefined;
  let schema: FormSchema | undefined;
  let attempt = '';
  let busy = false;

  const status = h('p', {
    class: 'status-line',
    testid: 'apply-status',
    attrs: { role: 'status', 'aria-live': 'polite' },
  });
  const list = h('ul', { class: 'cards cards--grid', testid: 'apply-services' });
  const catalogue = h(
    'div',
    {},
    h('h2', { i18n: 'apply.title' }),
    h('p', { class: 'muted', i18n: 'apply.intro' }),
    list,
  );
  const formTitle = h('h2', { testid: 'apply-form-title', attrs: { tabindex: -1 } });
  const formHost = h('div', { class: 'apply__form', testid: 'apply-form' });
  const problems = h('div', { class: 'field-problems', testid: 'apply-problems', attrs: { role: 'alert' } });
  const result = h('div', { class: 'apply__result', testid: 'apply-result', attrs: { hidden: true } });
  const submit = h('button', {
    class: 'button button--primary',
    testid: 'apply-submit',
    i18n: 'apply.submit',
    attrs: { type: 'button' },
    on: { click: () => void send(), mousedown: holdFocus },
  });
  const application = h(
    'section',
    { class: 'panel apply', attrs: { hidden: true } },
    h(
      'div',
      { class: 'row row--between' },
      formTitle,
      h('a', { class: 'button button--quiet', testid: 'apply-back', i18n: 'apply.back', attrs: { href: '#/apply' } }),
    ),
    formHost,
    problems,
    h('div', { class: 'row' }, submit),
    result,
  );

  replaceChildren(host, h('div', { class: 'page' }, status, catalogue, application));

  async function loadServices(): Promise<void> {
    if (!currentViewer()) {
      setMessage(status, session.get().state.status === 'checking' ? 'account.checking' : 'apply.signIn');
      replaceChildren(list);
      return;
    }
    setMessage(status, 'apply.loading');
    try {
      services = (await listServices()).filter((s) => s.startEvents.some((e) => e.kind === 'none'));
      setMessage(status, services.length ? '' : 'apply.none');
    } catch (error) {
      services = [];
      setMessage(status, ...apiErrorMessage(error));
    }
    renderServices();
  }

  function renderServices(): void {
    replaceChildren(
      list,
      ...services.map((service) =>
        h(
          'li',
          { class: 'card', testid: `apply-service-${service.key}` },
          h('h3', { class: 'card__title' }, h('bdi', {}, serviceName(service, service.key))),
          h('a', {
            class: 'button button--primary',
            testid: `apply-${service.key}`,
            i18n: 'apply.start',
            i18nLabel: 'apply.startLabel',
            params: { name: serviceName(service, service.key) },
            attrs: { href: href('apply', service.key) },
          }),
        ),
      ),
    );
  }

  async function openService(key: string): Promise<void> {
    catalogue.hidden = true;
    application.hidden = false;
    result.hidden = true;
    replaceChildren(problems);
    formView?.destroy();
    formView = undefined;
    replaceChildren(formHost);
    if (!currentViewer()) {
      formTitle.textContent = key;
      submit.hidden = true;
      setMessage(status, session.get().state.status === 'checking' ? 'account.checking' : 'apply.signIn');
      return;
    }
    if (!services.some((s) => s.key === key)) await loadServices();
    chosen = services.find((s) => s.key === key);
    if (!chosen) {
      formTitle.textContent = key;
      setMessage(status, 'apply.unknown', { key });
      submit.hidden = true;
      return;
    }
    submit.hidden = false;
    attempt = crypto.randomUUID();
    setMessage(formTitle, 'apply.formTitle', { name: serviceName(chosen, chosen.key) });
    formTitle.focus();
    const start = chosen.startEvents.find((e) => e.kind === 'none');
    try {
      const forms = start?.formKey ? await getServiceForms(chosen.key, chosen.version) : {};
      schema = start?.formKey ? forms[start.formKey] : undefined;
      // What was typed before signing in again (or a reload) is there again.
      const draftId = applicationDraftId(chosen.key);
      if (schema)
        formView = await renderForm(formHost, schema, loadTaskDraft(draftId), {
          onChange: (values) => saveTaskDraft(draftId, values),
        });
      else formHost.append(h('p', { class: 'muted', i18n: 'apply.noForm' }));
      setMessage(status, '');
    } catch (error) {
      setMessage(status, ...apiErrorMessage(error));
    }
  }

  async function send(): Promise<void> {
    if (!chosen || busy) return;
    replaceChildren(problems);
    const data = formView ? formView.submit() : {};
    if (!data) {
      setMessage(status, 'task.fixFields');
      return;
    }
    busy = true;
    submit.disabled = true;
    setMessage(status, 'apply.sending');
    try {
      // The same key on a retry after a lost answer returns the same case, never a second one.
      const started = await startCase(chosen.key, chosen.version, data, attempt);
      clearTaskDraft(applicationDraftId(chosen.key));
      attempt = crypto.randomUUID();
      setMessage(status, '');
      result.hidden = false;
      // Said once, in a success box, with the number to quote.
      replaceChildren(
        result,
        h(
          'div',
          { class: 'notice notice--ok', testid: 'apply-success', attrs: { role: 'status' } },
          h('p', { class: 'notice__title', i18n: 'apply.sent' }),
          h(
            'p',
            {},
            h('span', { i18n: 'apply.reference' }),
            ' ',
            h('strong', { class: 'reference', testid: 'apply-reference' }, h('bdi', {}, referenceOf(started))),
          ),
          h('p', { class: 'muted', i18n: 'apply.keepReference' }),
          h('a', {
            class: 'button',
            testid: 'apply-follow',
            i18n: 'apply.follow',
            attrs: { href: href('case', started.id) },
          }),
        ),
      );
      formView?.destroy();
      formView = undefined;
      replaceChildren(formHost);
      submit.hidden = true;
      (result.querySelector('a') as HTMLElement).focus();
    } catch (error) {
      if (error instanceof ApiError && error.has('VALIDATION')) {
        const unmatched = formView ? formView.showFieldErrors(error.fields) : error.fields;
        setMessage(status, 'task.invalid', { count: error.fields.length || 1 });
        if (unmatched.length || !error.fields.length) {
          replaceChildren(
            problems,
            h(
              'ul',
              {},
              ...(error.fields.length
                ? unmatched.map((f) => h('li', { attrs: { dir: 'auto' } }, humanMessage(f.message)))
                : [h('li', { attrs: { dir: 'auto' } }, error.message)]),
            ),
          );
        }
      } else setMessage(status, ...apiErrorMessage(error));
    } finally {
      busy = false;
      submit.disabled = false;
    }
  }

  onLocaleChange(() => {
    renderServices();
    if (chosen && !application.hidden)
      setMessage(formTitle, 'apply.formTitle', { name: serviceName(chosen, chosen.key) });
    void redrawForm();
  });

  /** The form again in the chosen language, with what was typed. */
  async function redrawForm(): Promise<void> {
    if (!formView || !schema) return;
    const typed = formView.values();
    formView.destroy();
    replaceChildren(formHost);
    const draftId = chosen ? applicationDraftId(chosen.key) : undefined;
    formView = await renderForm(formHost, schema, typed, {
      ...(draftId ? { onChange: (values: Record<string, unknown>) => saveTaskDraft(draftId, values) } : {}),
    });
  }

  return {
    show(params) {
      const [key] = params;
      if (key) void openService(key);
      else {
        formView?.destroy();
        formView = undefined;
        catalogue.hidden = false;
        application.hidden = true;
        void loadServices();
      }
    },
  };
}
