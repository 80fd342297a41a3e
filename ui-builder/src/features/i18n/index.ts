/**
 * Translation: `t(key, params)` for text built in code, and `data-i18n*` attributes for static
 * markup, re-applied to the whole page when the locale changes. Choosing a locale sets `lang` and
 * `dir` on <html>, so right-to-left scripts lay out the page mirrored.
 */
import { ar } from './ar';
import { ckb } from './ckb';
import { en, type MessageKey, type Messages } from './en';

export type { MessageKey } from './en';

/**
 * `intl`: the tag for Intl's number and date formats, when the browser's ICU has the locale's data
 * (Chromium's has none for Sorani: `ckb` dates are composed in i18n/format.ts from its messages).
 */
export interface Locale {
  messages: Messages;
  dir: 'ltr' | 'rtl';
  name: string;
  intl?: string;
  digits: 'latn' | 'arab';
}

export const LOCALES = {
  en: { messages: en, dir: 'ltr', name: 'English', intl: 'en-GB', digits: 'latn' },
  ar: { messages: ar, dir: 'rtl', name: 'العربية', intl: 'ar-IQ', digits: 'arab' },
  ckb: { messages: ckb, dir: 'rtl', name: 'کوردی (سۆرانی)', digits: 'arab' },
} as const satisfies Record<string, Locale>;

export type LocaleId = keyof typeof LOCALES;

const STORAGE_KEY = 'rebaz.builder.locale';
let current: LocaleId = 'en';
const listeners = new Set<(locale: LocaleId) => void>();

export function currentLocale(): LocaleId {
  return current;
}

/** The message for `key` with `{name}` placeholders filled from `params`. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const template: string = LOCALES[current].messages[key] ?? en[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/**
 * Text from elsewhere (a name, a value, a task's name) set inside a sentence with Unicode's first
 * strong isolate, so its direction cannot reorder the sentence around it: an English name in a
 * Kurdish sentence, a Kurdish one in English.
 */
export function isolate(text: string): string {
  return `\u2068${text}\u2069`;
}

export function isLocale(value: string): value is LocaleId {
  return Object.hasOwn(LOCALES, value);
}

export function setLocale(locale: LocaleId): void {
  current = locale;
  document.documentElement.lang = locale;
  document.documentElement.dir = LOCALES[locale].dir;
  localStorage.setItem(STORAGE_KEY, locale);
  translateTree(document.body);
  document.title = t('app.title');
  for (const listener of listeners) listener(locale);
}

/** The saved locale, else the browser's when we have it, else English. */
export function initialLocale(): LocaleId {
  const saved = localStorage.getItem(STORAGE_KEY);
  if (saved && isLocale(saved)) return saved;
  const browser = navigator.language.toLowerCase().split('-')[0];
  return isLocale(browser) ? browser : 'en';
}

export function onLocaleChange(listener: (locale: LocaleId) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const ATTRIBUTES: Array<[string, (el: HTMLElement, text: string) => void]> = [
  [
    'data-i18n',
    (el, text) => {
      el.textContent = text;
    },
  ],
  ['data-i18n-label', (el, text) => el.setAttribute('aria-label', text)],
  ['data-i18n-title', (el, text) => el.setAttribute('title', text)],
  ['data-i18n-placeholder', (el, text) => el.setAttribute('placeholder', text)],
];

/** Fills every element under `root` that names a message in a `data-i18n*` attribute. */
export function translateTree(root: ParentNode): void {
  for (const [attribute, apply] of ATTRIBUTES) {
    root.querySelectorAll<HTMLElement>(`[${attribute}]`).forEach((el) => {
      const key = el.getAttribute(attribute) as MessageKey;
      const params = el.dataset.i18nParams ? (JSON.parse(el.dataset.i18nParams) as Record<string, string>) : {};
      apply(el, t(key, params));
    });
  }
}
