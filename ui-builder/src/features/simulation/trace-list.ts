/** The simulation trace, newest last: what each element did, in which case, at which virtual time. */
import type { TraceEntry } from '../../../../engine/runtime/simulator';
import { t, type MessageKey } from '../i18n';
import { h } from '../shell/dom';

/** `label` shows an element by its name, its id after it (validation/element-label.ts). */
export function renderTrace(
  trace: TraceEntry[],
  multipleCases: boolean,
  label: (elementId: string) => HTMLElement,
): HTMLElement {
  return h(
    'ol',
    { class: 'trace', testid: 'sim-trace' },
    ...trace.map((entry) =>
      h(
        'li',
        {
          class: `trace__entry trace__entry--${entry.event}`,
          attrs: { 'data-element-id': entry.elementId, 'data-event': entry.event },
        },
        h('time', { class: 'muted', attrs: { datetime: entry.at } }, entry.at.slice(11, 19)),
        ' ',
        label(entry.elementId),
        ' ',
        eventLabel(entry.event),
        multipleCases ? h('span', { class: 'muted' }, ` · ${entry.caseId}`) : null,
      ),
    ),
  );
}

function eventLabel(event: string): string {
  const key = `sim.event.${event}` as MessageKey;
  return t(key) === key ? event : t(key);
}
