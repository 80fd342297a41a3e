import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DMN_TRANSLATIONS, dmnTranslateModule } from './dmn-translations';

const PACKAGES = [
  'dmn-js-decision-table',
  'dmn-js-literal-expression',
  'dmn-js-drd',
  'dmn-js-shared',
  'dmn-js-boxed-expression',
];
/** `translate('…')` and `this._translate("…")` with a literal first argument. */
const CALL = /translate\(\s*(['"])((?:\\.|(?!\1).)*)\1/g;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : entry.name.endsWith('.js') ? [join(dir, entry.name)] : [],
  );
}

/** Lists whose labels dmn-js passes to translate as variables: hit policies, the DRD's replace menu. */
const LABEL_LISTS = [
  'dmn-js-decision-table/lib/features/hit-policy/HitPolicies.js',
  'dmn-js-drd/lib/features/replace/ReplaceOptions.js',
];
const LIST_ENTRY = /(?:label|explanation): '((?:\\.|[^'])*)'/g;

/** Every literal text dmn-js passes to translate, read from the installed packages. */
function collected(): Set<string> {
  const texts = new Set<string>();
  for (const name of PACKAGES)
    for (const file of filesUnder(join('node_modules', name, 'lib')))
      for (const match of readFileSync(file, 'utf8').matchAll(CALL)) texts.add(match[2].replace(/\\(.)/g, '$1'));
  for (const list of LABEL_LISTS)
    for (const match of readFileSync(join('node_modules', list), 'utf8').matchAll(LIST_ENTRY)) texts.add(match[1]);
  return texts;
}

describe("dmn-js's labels in Arabic and Kurdish", () => {
  it('has an ar and a ckb text for every label dmn-js translates, hit policies included', () => {
    const texts = collected();
    expect(texts.size).toBeGreaterThan(150);
    expect(texts).toContain('When');
    expect(texts).toContain('Collect (Sum)');
    const missing = [...texts].filter((text) => !DMN_TRANSLATIONS[text]?.ar || !DMN_TRANSLATIONS[text]?.ckb);
    expect(missing).toEqual([]);
  });

  it('keeps the placeholders of each label', () => {
    for (const [english, { ar, ckb }] of Object.entries(DMN_TRANSLATIONS)) {
      const placeholders = (text: string) => (text.match(/{[^}]+}/g) ?? []).sort();
      expect(placeholders(ar), english).toEqual(placeholders(english));
      expect(placeholders(ckb), english).toEqual(placeholders(english));
    }
  });

  it('translates in the locale of the moment, fills placeholders, and leaves unknown labels in English', () => {
    let locale: 'en' | 'ar' | 'ckb' = 'ckb';
    const [, translate] = dmnTranslateModule(() => locale).translate;
    expect(translate('When')).toBe('کاتێک');
    expect(translate('Function kind: {kind}', { kind: 'FEEL' })).toBe('جۆری فەنکشن: FEEL');
    expect(translate('Not a dmn-js label')).toBe('Not a dmn-js label');
    locale = 'ar';
    expect(translate('Then')).toBe('إذن');
    locale = 'en';
    expect(translate('Expression language: {expressionLanguageLabel}', { expressionLanguageLabel: 'FEEL' })).toBe(
      'Expression language: FEEL',
    );
  });
});
