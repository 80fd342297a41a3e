/**
 * Dates, numbers and ages in the chosen locale. Intl does the work where the browser has the
 * locale's data; for a locale it lacks (Sorani in Chromium) a date is composed from Intl's numeric
 * parts, in the locale's digits, and the month names of its messages (`month.1` … `month.12`).
 */
import { currentLocale, LOCALES, t, type Locale, type MessageKey } from './index';

function locale(): Locale {
  return LOCALES[currentLocale()];
}

/** 1234.5 as `1,234.5`, `١٬٢٣٤٫٥`… */
export function formatNumber(value: number): string {
  const { intl, digits } = locale();
  return new Intl.NumberFormat(intl ?? 'en', { numberingSystem: digits }).format(value);
}

/** A day, or a day and a time (`withTime`), as the locale writes it. */
export function formatDate(date: Date, withTime = false): string {
  const { intl, digits } = locale();
  if (intl)
    return date.toLocaleString(intl, withTime ? { dateStyle: 'medium', timeStyle: 'short' } : { dateStyle: 'medium' });
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      day: 'numeric',
      month: 'numeric',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      numberingSystem: digits,
    })
      .formatToParts(date)
      .map((part) => [part.type, part.value]),
  );
  const month = t(`month.${date.getMonth() + 1}` as MessageKey);
  const day = t('date.day', { day: parts.day ?? '', month, year: parts.year ?? '' });
  return withTime ? t('date.dayTime', { day, time: `${parts.hour}:${parts.minute}` }) : day;
}

/** How long ago `date` was, in whole minutes, hours or days: `3 days ago`. */
export function formatAge(date: Date, now: Date = new Date()): string {
  const minutes = Math.max(0, Math.floor((now.getTime() - date.getTime()) / 60_000));
  if (minutes < 1) return t('age.now');
  if (minutes < 60) return t('age.minutes', { count: formatNumber(minutes) });
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return t('age.hours', { count: formatNumber(hours) });
  return t('age.days', { count: formatNumber(Math.floor(hours / 24)) });
}
