/**
 * The page frame: title, main navigation (the views the signed-in roles use), who is signed in,
 * the language picker, and the view area. Navigation is a list of real links (`#/model`), so the
 * keyboard, the back button and bookmarks all work.
 */
import { hasRole, session, signOut, type SessionState } from '../../state/session';
import { currentLocale, isLocale, LOCALES, setLocale } from '../i18n';
import { connectionIndicator, sessionExpiredPrompt } from './session-notices';
import { h, replaceChildren } from './dom';
import { currentRoute, type View } from './views';

export interface ShellOptions {
  /** The view to show when the address names none: depends on who is signed in. */
  home(): string;
}

export function mountShell(root: HTMLElement, views: View[], options: ShellOptions): void {
  const hosts = new Map(
    views.map((view) => [
      view.id,
      h('section', { class: `view view--${view.id}`, testid: `view-${view.id}`, i18nLabel: view.label }),
    ]),
  );
  const listed = views.filter((view) => !view.hidden);
  const items = new Map(
    listed.map((view) => [
      view.id,
      h(
        'li',
        {},
        h('a', {
          id: `nav-${view.id}`,
          class: 'nav__link',
          testid: `nav-${view.id}`,
          i18n: view.label,
          attrs: { href: `#/${view.id}` },
        }),
      ),
    ]),
  );
  const picker = h(
    'select',
    {
      id: 'locale-picker',
      testid: 'locale-picker',
      on: { change: () => isLocale(picker.value) && setLocale(picker.value) },
    },
    ...Object.entries(LOCALES).map(([id, locale]) =>
      h('option', { attrs: { value: id, lang: id, selected: id === currentLocale() } }, locale.name),
    ),
  );
  const account = h('div', { class: 'account', testid: 'account' });

  replaceChildren(
    root,
    h(
      'header',
      { class: 'app-header' },
      h('h1', { class: 'app-title', i18n: 'app.title' }),
      h('nav', { class: 'nav', i18nLabel: 'nav.label' }, h('ul', {}, ...items.values())),
      account,
      h('div', { class: 'locale' }, h('label', { attrs: { for: 'locale-picker' }, i18n: 'locale.label' }), picker),
    ),
    h(
      'main',
      { id: 'main', attrs: { tabindex: -1 } },
      sessionExpiredPrompt(),
      connectionIndicator(),
      ...hosts.values(),
    ),
  );

  for (const view of views) view.mount(hosts.get(view.id) as HTMLElement);

  const renderAccount = (state: SessionState) => {
    if (state.status === 'signed-in') {
      const { viewer } = state;
      replaceChildren(
        account,
        h('span', {
          class: 'account__who',
          testid: 'signed-in-as',
          i18n: 'account.signedInAs',
          params: { name: viewer.name ?? viewer.id },
        }),
        h('button', {
          class: 'button button--quiet',
          testid: 'sign-out',
          i18n: 'account.signOut',
          attrs: { type: 'button' },
          on: {
            click: () => {
              signOut();
              location.hash = '#/signin';
            },
          },
        }),
      );
    } else {
      replaceChildren(
        account,
        h('a', {
          class: 'nav__link',
          testid: 'nav-signin',
          i18n: state.status === 'checking' ? 'account.checking' : 'account.signIn',
          attrs: { href: '#/signin' },
        }),
      );
    }
    for (const view of listed) {
      const item = items.get(view.id) as HTMLElement;
      item.hidden = !listedFor(view, state);
    }
  };

  let shown: View | undefined;
  let shownParams = '';
  const route = () => {
    const { view: active, params } = currentRoute(views, options.home);
    for (const view of views) {
      (hosts.get(view.id) as HTMLElement).hidden = view !== active;
      const link = document.getElementById(`nav-${view.id}`);
      if (view === active) link?.setAttribute('aria-current', 'page');
      else link?.removeAttribute('aria-current');
    }
    const key = params.join('/');
    if (shown === active && shownParams === key) return;
    if (shown && shown !== active) shown.hide?.();
    shown = active;
    shownParams = key;
    active.show?.(params);
  };
  let identity = identityOf(session.get().state);
  session.subscribe(({ state }) => {
    renderAccount(state);
    if (state.status === 'checking') return;
    // Signing in, out or as someone else changes what the current view shows: show it again.
    const next = identityOf(state);
    if (next === identity) return;
    identity = next;
    shown?.hide?.();
    shown = undefined;
    route();
  });
  renderAccount(session.get().state);
  window.addEventListener('hashchange', route);
  route();
}

/** An expired session is still its viewer's page: the view stays as it is under the prompt. */
function identityOf(state: SessionState): string {
  return state.status === 'signed-in' || state.status === 'expired' ? `user:${state.viewer.id}` : state.status;
}

function listedFor(view: View, state: SessionState): boolean {
  if (state.status !== 'signed-in' && state.status !== 'expired') return !!view.offline;
  return !view.roles || hasRole(state.viewer, ...view.roles);
}
