/**
 * Accessible tabs (WAI-ARIA tabs pattern): buttons with role="tab", arrow keys move between them,
 * Home/End jump, and only the chosen panel is shown.
 */
import type { MessageKey } from '../i18n';
import { h } from './dom';

export interface TabSpec {
  id: string;
  label: MessageKey;
  panel: HTMLElement;
  /** Extra content after the label, e.g. a count badge. */
  badge?: HTMLElement;
}

export function createTabs(
  labelKey: MessageKey,
  specs: TabSpec[],
  onSelect?: (id: string) => void,
): { element: HTMLElement; select(id: string): void } {
  const tabs = specs.map((spec) =>
    h(
      'button',
      {
        class: 'tab',
        id: `tab-${spec.id}`,
        testid: `tab-${spec.id}`,
        attrs: { type: 'button', role: 'tab', 'aria-controls': `panel-${spec.id}` },
        on: { click: () => select(spec.id), keydown: (event) => move(event, spec.id) },
      },
      h('span', { i18n: spec.label }),
      spec.badge,
    ),
  );
  for (const spec of specs) {
    spec.panel.id = `panel-${spec.id}`;
    spec.panel.setAttribute('role', 'tabpanel');
    spec.panel.setAttribute('aria-labelledby', `tab-${spec.id}`);
    spec.panel.tabIndex = 0;
  }

  function select(id: string, focus = false): void {
    specs.forEach((spec, i) => {
      const chosen = spec.id === id;
      tabs[i].setAttribute('aria-selected', String(chosen));
      tabs[i].tabIndex = chosen ? 0 : -1;
      spec.panel.hidden = !chosen;
      if (chosen && focus) tabs[i].focus();
    });
    onSelect?.(id);
  }

  function move(event: KeyboardEvent, from: string): void {
    const index = specs.findIndex((s) => s.id === from);
    const rtl = document.documentElement.dir === 'rtl';
    const step: Record<string, number> = { ArrowRight: rtl ? -1 : 1, ArrowLeft: rtl ? 1 : -1 };
    let next: number | undefined;
    if (event.key in step) next = (index + step[event.key] + specs.length) % specs.length;
    if (event.key === 'Home') next = 0;
    if (event.key === 'End') next = specs.length - 1;
    if (next === undefined) return;
    event.preventDefault();
    select(specs[next].id, true);
  }

  const element = h(
    'div',
    { class: 'tabs' },
    h('div', { class: 'tabs__list', attrs: { role: 'tablist' }, i18nLabel: labelKey }, ...tabs),
    ...specs.map((spec) => spec.panel),
  );
  select(specs[0].id);
  return { element, select: (id) => select(id) };
}
