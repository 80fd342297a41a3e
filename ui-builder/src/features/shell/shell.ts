/**
 * The page frame: title, main navigation, language picker, and the view area. Navigation is a
 * list of real links (`#/model`), so the keyboard, the back button and bookmarks all work.
 */
import { currentLocale, isLocale, LOCALES, setLocale } from '../i18n';
import { h, replaceChildren } from './dom';
import { currentRoute, type View } from './views';

export function mountShell(root: HTMLElement, views: View[]): void {
  const hosts = new Map(views.map((view) => [view.id, h('section', { class: `view view--${view.id}`, testid: `view-${view.id}`, attrs: { 'aria-labelledby': `nav-${view.id}` } })]));
  const links = views.map((view) => h('a', { id: `nav-${view.id}`, class: 'nav__link', testid: `nav-${view.id}`, i18n: view.label, attrs: { href: `#/${view.id}` } }));
  const picker = h('select', { id: 'locale-picker', testid: 'locale-picker', on: { change: () => isLocale(picker.value) && setLocale(picker.value) } },
    ...Object.entries(LOCALES).map(([id, locale]) => h('option', { attrs: { value: id, lang: id, selected: id === currentLocale() } }, locale.name)));

  replaceChildren(root,
    h('header', { class: 'app-header' },
      h('h1', { class: 'app-title', i18n: 'app.title' }),
      h('nav', { class: 'nav', i18nLabel: 'nav.label' }, h('ul', {}, ...links.map((link) => h('li', {}, link)))),
      h('div', { class: 'locale' }, h('label', { attrs: { for: 'locale-picker' }, i18n: 'locale.label' }), picker)),
    h('main', { id: 'main', attrs: { tabindex: -1 } }, ...hosts.values()));

  for (const view of views) view.mount(hosts.get(view.id) as HTMLElement);

  const route = () => {
    const active = currentRoute(views);
    for (const view of views) {
      (hosts.get(view.id) as HTMLElement).hidden = view !== active;
      const link = links[views.indexOf(view)];
      if (view === active) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
    active.show?.();
  };
  window.addEventListener('hashchange', route);
  route();
}
