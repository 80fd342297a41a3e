import { describe, expect, it } from 'vitest';
import { en } from './en';
import { LOCALES } from './index';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('locale files', () => {
  it('offer English, Arabic and Kurdish (Sorani), the last two right to left', () => {
    expect(Object.entries(LOCALES).map(([id, locale]) => [id, locale.dir])).toEqual([
      ['en', 'ltr'],
      ['ar', 'rtl'],
      ['ckb', 'rtl'],
    ]);
  });

  for (const [id, locale] of Object.entries(LOCALES)) {
    it(`${id} has exactly the keys of en.ts, each with its placeholders and some text`, () => {
      const messages: Record<string, string> = locale.messages;
      expect(Object.keys(messages).sort()).toEqual(Object.keys(en).sort());
      for (const [key, text] of Object.entries(en)) {
        expect({ key, placeholders: placeholders(messages[key]) }).toEqual({ key, placeholders: placeholders(text) });
        expect(messages[key].trim(), key).not.toBe('');
      }
    });
  }
});
