/** Small display helpers shared by the clerk and applicant views. */
import { t, type MessageKey } from '../i18n';
import { formatDate } from '../i18n/format';
import { h } from '../shell/dom';

/** A date and time in the chosen locale, inside <time> with the machine-readable value. */
export function formatTime(iso: string): HTMLTimeElement {
  const date = new Date(iso);
  const text = Number.isNaN(date.getTime()) ? iso : formatDate(date, true);
  return h('time', { class: 'time--local', attrs: { datetime: iso } }, text);
}

const TONES: Record<string, string> = {
  ACTIVE: 'info',
  OPEN: 'info',
  INCIDENT: 'error',
  COMPLETED: 'ok',
  CANCELLED: 'muted',
  TERMINATED: 'muted',
};

/** A case or task status as a coloured, translated badge (the colour is never the only cue); `tone` overrides the colour. */
export function statusBadge(status: string, tone?: string): HTMLElement {
  return h('span', {
    class: `badge badge--${tone ?? TONES[status] ?? 'info'}`,
    testid: 'status-badge',
    attrs: { 'data-status': status },
    i18n: `status.${status}` as MessageKey,
  });
}

export function statusText(status: string): string {
  return t(`status.${status}` as MessageKey);
}

/** A JSON value as short readable text. */
export function showValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}
