/**
 * Sign in: pick one of the demo identities a dev-mode server offers (`GET /auth/demo`), or paste
 * a token from your identity provider. The token stays in this browser (localStorage) until
 * signing out. Shows who is signed in, with their roles and groups.
 */
import { fetchDemoIdentities, type DemoIdentity } from '../../api/work-api';
import { returnAfterSignIn, session, signIn, signOut, type SessionState } from '../../state/session';
import { apiErrorMessage } from '../deploy/deploy-action';
import { field, h, replaceChildren, setMessage } from '../shell/dom';

export function mountSignInView(host: HTMLElement, home: () => string): { show(): void } {
  const status = h('p', {
    class: 'status-line',
    testid: 'signin-status',
    attrs: { role: 'status', 'aria-live': 'polite' },
  });
  const current = h('div', { class: 'panel signin__current', testid: 'signin-current' });
  const demoList = h('ul', { class: 'cards cards--grid', testid: 'signin-demo' });
  const demo = h(
    'section',
    { class: 'signin__demo', attrs: { hidden: true } },
    h('h3', { i18n: 'signin.demo' }),
    h('p', { class: 'muted', i18n: 'signin.demoIntro' }),
    demoList,
  );
  const token = h('textarea', {
    class: 'json',
    testid: 'signin-token',
    attrs: { rows: 3, spellcheck: 'false', autocomplete: 'off', dir: 'ltr' },
  });

  replaceChildren(
    host,
    h(
      'div',
      { class: 'page signin' },
      h('h2', { i18n: 'signin.title' }),
      status,
      current,
      demo,
      h(
        'section',
        {},
        h('h3', { i18n: 'signin.tokenTitle' }),
        h(
          'form',
          {
            class: 'panel',
            testid: 'signin-token-form',
            on: {
              submit: (event) => {
                event.preventDefault();
                void use(token.value);
              },
            },
          },
          field('signin.token', token),
          h('button', {
            class: 'button button--primary',
            testid: 'signin-token-submit',
            i18n: 'signin.useToken',
            attrs: { type: 'submit' },
          }),
        ),
      ),
    ),
  );

  async function use(value: string, label?: string): Promise<void> {
    if (!value.trim()) {
      setMessage(status, 'signin.tokenMissing');
      return;
    }
    setMessage(status, 'signin.working');
    try {
      await signIn(value);
      token.value = '';
      setMessage(status, 'signin.done', { name: label ?? '' });
      // Back to the page the session expired on (a task with its form kept), else the role's start.
      location.hash = returnAfterSignIn() ?? `#/${home()}`;
    } catch (error) {
      if (error instanceof Error && error.message.startsWith('The server did not accept'))
        setMessage(status, 'signin.refused');
      else setMessage(status, ...apiErrorMessage(error));
    }
  }

  function renderCurrent(state: SessionState): void {
    if (state.status === 'signed-in') {
      const { viewer } = state;
      replaceChildren(
        current,
        h('p', { testid: 'signin-who', i18n: 'account.signedInAs', params: { name: viewer.name ?? viewer.id } }),
        h(
          'dl',
          { class: 'meta' },
          h('dt', { i18n: 'signin.id' }),
          h('dd', {}, h('code', {}, viewer.id)),
          h('dt', { i18n: 'signin.roles' }),
          h('dd', {}, viewer.roles.join(', ').toLowerCase()),
          h('dt', { i18n: 'signin.groups' }),
          h('dd', {}, viewer.groups.join(', ') || '—'),
        ),
        h(
          'div',
          { class: 'row' },
          h('a', {
            class: 'button button--primary',
            testid: 'signin-continue',
            i18n: 'signin.continue',
            attrs: { href: `#/${home()}` },
          }),
          h('button', {
            class: 'button',
            testid: 'signin-signout',
            i18n: 'account.signOut',
            attrs: { type: 'button' },
            on: { click: () => signOut() },
          }),
        ),
      );
    } else {
      replaceChildren(
        current,
        h('p', {
          i18n:
            state.status === 'checking'
              ? 'account.checking'
              : state.status === 'unknown'
                ? 'signin.unknown'
                : 'signin.none',
        }),
        (state.status === 'signed-out' && state.reason === 'expired') || state.status === 'expired'
          ? h('p', { class: 'notice', testid: 'signin-expired', i18n: 'signin.expired' })
          : null,
        h('p', { class: 'muted' }, h('a', { attrs: { href: '#/model' }, i18n: 'signin.offline' })),
      );
    }
  }

  function renderDemo(identities: DemoIdentity[]): void {
    demo.hidden = identities.length === 0;
    replaceChildren(
      demoList,
      ...identities.map((identity) =>
        h(
          'li',
          { class: 'card' },
          h('p', { class: 'card__title' }, identity.name),
          h(
            'p',
            { class: 'card__meta muted' },
            `${identity.roles.join(', ')}${identity.groups.length ? ` · ${identity.groups.join(', ')}` : ''}`,
          ),
          h('button', {
            class: 'button',
            testid: `signin-as-${identity.id}`,
            i18n: 'signin.as',
            i18nLabel: 'signin.asLabel',
            params: { name: identity.name },
            attrs: { type: 'button' },
            on: { click: () => void use(identity.token, identity.name) },
          }),
        ),
      ),
    );
  }

  session.subscribe(({ state }) => renderCurrent(state));
  renderCurrent(session.get().state);

  return {
    show() {
      setMessage(status, '');
      void fetchDemoIdentities()
        .then(renderDemo)
        .catch((error: unknown) => setMessage(status, ...apiErrorMessage(error)));
    },
  };
}
