import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const scripts = Object.keys(
  (JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { scripts: Record<string, string> }).scripts,
);
const readme = readFileSync(`${root}README.md`, 'utf8');

/** The scripts named in the first cell of the rows of the README's "Scripts" table. */
function scriptsInTable(text: string): Set<string> {
  const section = text.split(/^## Scripts$/m)[1]?.split(/^## /m)[0] ?? '';
  const named = new Set<string>();
  for (const row of section.split('\n').filter((line) => line.startsWith('| `npm'))) {
    const cell = row.split('|')[1];
    for (const [, name] of cell.matchAll(/`npm (?:run )?([\w:-]+)/g)) named.add(name);
  }
  return named;
}

describe("the README's script table", () => {
  it('has a row for every npm script of package.json', () => {
    const named = scriptsInTable(readme);
    expect(scripts.filter((script) => !named.has(script))).toEqual([]);
  });

  it('reads the rows it checks (a row per script at least)', () => {
    expect(scriptsInTable(readme).size).toBeGreaterThanOrEqual(scripts.length);
  });
});
