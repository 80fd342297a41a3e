/**
 * Every form rule's message in words, in the reader's language. form-js (1.23) writes its own in
 * English and shows a broken pattern as the regex itself ("Field must match pattern ^[0-9]{10}$.");
 * the server's checks (engine/forms) write theirs with the field's label. Both are matched here by
 * their fixed wording and said again: a pattern failure says the value does not have the expected
 * format, followed by the field's description when the form gives one. A message the form's
 * author wrote (`patternErrorMessage`) is theirs and stays as it is.
 */
import { t } from '../i18n';
import { formatNumber } from '../i18n/format';
import type { Component } from './form-i18n';

type Rule = [RegExp, (match: RegExpMatchArray, field: Component | undefined) => string];

const number = (text: string | undefined) =>
  text !== undefined && text.trim() !== '' && Number.isFinite(Number(text)) ? formatNumber(Number(text)) : (text ?? '');

function patternMessage(field: Component | undefined): string {
  const description = field?.description?.trim();
  return description ? `${t('form.pattern')} ${t('form.expected', { description })}` : t('form.pattern');
}

const RULES: Rule[] = [
  // form-js
  [/^Field is required\.$/, () => t('form.required')],
  [/^Field must match pattern /, (_, field) => patternMessage(field)],
  [/^Field must have minimum value of (.+)\.$/, ([, min]) => t('form.min', { min: number(min) })],
  [/^Field must have maximum value of (.+)\.$/, ([, max]) => t('form.max', { max: number(max) })],
  [/^Field must have minimum length of (.+)\.$/, ([, length]) => t('form.minLength', { count: number(length) })],
  [/^Field must have maximum length of (.+)\.$/, ([, length]) => t('form.maxLength', { count: number(length) })],
  [/^Field must be a valid +international phone number/, () => t('form.phone')],
  [/^Field must be a valid email\.$/, () => t('form.email')],
  [/^Value is not a number\.$/, () => t('form.number')],
  [/^Value is expected to be an integer\.$/, () => t('form.integer')],
  [
    /^Value is expected to have at most (\d+) decimal digit/,
    ([, digits]) => t('form.decimals', { count: number(digits) }),
  ],
  [
    /^Please select a valid value, the two nearest valid values are (.+) and (.+)\.$/,
    ([, below, above]) => t('form.increment', { below: number(below), above: number(above) }),
  ],
  // the server (engine/forms/validate-form.ts): `"Label" is required`, …
  [/ is required$/, () => t('form.required')],
  [/ must match the pattern /, (_, field) => patternMessage(field)],
  [/ must have at least (\d+) characters$/, ([, length]) => t('form.minLength', { count: number(length) })],
  [/ must have at most (\d+) characters$/, ([, length]) => t('form.maxLength', { count: number(length) })],
  [/ must be at least (.+)$/, ([, min]) => t('form.min', { min: number(min) })],
  [/ must be at most (.+)$/, ([, max]) => t('form.max', { max: number(max) })],
  [/ must be an email address$/, () => t('form.email')],
  [/ must be a phone number$/, () => t('form.phone')],
  [/ must be a number$/, () => t('form.number')],
  [/ must be one of /, () => t('form.choice')],
  [/ must be a (date|time|datetime)/, () => t('form.date')],
];

/** The message for `field` in words; one the form's author wrote, or one not recognised, as it is. */
export function humanMessage(message: string, field?: Component): string {
  const own = field?.validate && (field.validate as { patternErrorMessage?: string }).patternErrorMessage;
  if (own && message === own) return message;
  for (const [pattern, say] of RULES) {
    const match = message.match(pattern);
    if (match) return say(match, field);
  }
  return message;
}
