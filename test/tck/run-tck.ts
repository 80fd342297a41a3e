/**
 * Runs TCK folders through the `rebaz evaluate` CLI contract (in-process): one call per model and
 * decision service with every case's inputs, then each result compared with the expected value.
 */
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dateAndTime, date, duration, time } from 'feelin';
import { main } from '../../engine/cli/main';
import { readSuites, toInputJson, type TckCase, type TckSuite, type TckValue } from './tck-cases';

export interface CaseOutcome { folder: string; id: string; passed: boolean; detail?: string }

const folderName = (path: string) => path.split(/[\\/]/).pop()!;

function sameNumber(actual: number, expected: number): boolean {
  return actual === expected || Math.abs(actual - expected) <= 1e-10 * Math.max(1, Math.abs(expected));
}

/** Why `actual` (CLI JSON) differs from the expected TCK value, or undefined when it matches. */
export function difference(actual: unknown, expected: TckValue, path = 'value'): string | undefined {
  const show = () => `${path}: expected ${JSON.stringify(expected.kind === 'null' ? null : 'text' in expected ? expected.text : expected.kind)}, got ${JSON.stringify(actual)}`;
  switch (expected.kind) {
    case 'null': return actual === null ? undefined : show();
    case 'number': return typeof actual === 'number' && sameNumber(actual, Number(expected.text.trim())) ? undefined : show();
    case 'boolean': return actual === (expected.text.trim() === 'true') ? undefined : show();
    case 'string': return actual === expected.text ? undefined : show();
    case 'untyped': {
      const reading = toInputJson(expected);
      if (typeof reading === 'number' && typeof actual === 'number') return sameNumber(actual, reading) ? undefined : show();
      return actual === reading || (typeof actual === 'string' && actual === expected.text) ? undefined : show();
    }
    case 'date': case 'time': case 'dateTime': case 'duration': {
      if (typeof actual !== 'string') return show();
      const read = { date, time, dateTime: dateAndTime, duration }[expected.kind] as (text: string) => unknown;
      const canonical = (text: string) => { try { return String(read(text.trim()) ?? text); } catch { return text; } };
      return canonical(actual) === canonical(expected.text) ? undefined : show();
    }
    case 'list': {
      if (!Array.isArray(actual) || actual.length !== expected.items.length) return `${path}: expected a list of ${expected.items.length}, got ${JSON.stringify(actual)}`;
      for (let i = 0; i < actual.length; i++) {
        const found = difference(actual[i], expected.items[i], `${path}[${i}]`);
        if (found) return found;
      }
      return undefined;
    }
    case 'context': {
      if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return `${path}: expected a context, got ${JSON.stringify(actual)}`;
      const record = actual as Record<string, unknown>;
      const extra = Object.keys(record).filter((k) => !(k in expected.entries));
      if (extra.length > 0) return `${path}: unexpected entries ${extra.join(', ')}`;
      for (const [name, value] of Object.entries(expected.entries)) {
        const found = difference(record[name] ?? null, value, `${path}.${name}`);
        if (found) return found;
      }
      return undefined;
    }
  }
}

async function runGroup(suite: TckSuite, cases: TckCase[], service: string | undefined, scratch: string): Promise<CaseOutcome[]> {
  const inputFile = join(scratch, 'inputs.json');
  writeFileSync(inputFile, JSON.stringify(cases.map((c) => c.inputs)));
  let stdout = '';
  let stderr = '';
  const args = ['evaluate', join(suite.folder, suite.model), '--input', inputFile, '--json', ...(service ? ['--decision-service', service] : [])];
  const code = await main(args, (t) => { stdout += t; }, (t) => { stderr += t; });
  const folder = folderName(suite.folder);
  if (code !== 0) return cases.map((c) => ({ folder, id: c.id, passed: false, detail: `exit ${code}: ${(stderr || stdout).slice(0, 300)}` }));
  const { runs } = JSON.parse(stdout) as { runs: { results: Record<string, unknown>; errors: Record<string, string> }[] };
  return cases.map((c, i) => {
    for (const result of c.results) {
      const actual = result.service ? runs[i].results : runs[i].results[result.name];
      const found = result.error
        ? (actual === null ? undefined : `${result.name}: expected an error (null), got ${JSON.stringify(actual)}`)
        : difference(actual ?? null, result.expected, result.name);
      if (found) return { folder, id: c.id, passed: false, detail: `${found}${runs[i].errors[result.name] ? ` (${runs[i].errors[result.name]})` : ''}` };
    }
    return { folder, id: c.id, passed: true };
  });
}

/** Every case of every folder under `root` (or `root` itself when it holds a test file). */
export async function runTck(root: string): Promise<CaseOutcome[]> {
  const folders = readdirSync(root).map((f) => join(root, f)).filter((p) => statSync(p).isDirectory()).sort();
  const scratch = mkdtempSync(join(tmpdir(), 'rebaz-tck-'));
  const outcomes: CaseOutcome[] = [];
  try {
    for (const folder of folders.length > 0 ? folders : [root]) {
      for (const suite of readSuites(folder)) {
        const services = [...new Set(suite.cases.map((c) => c.service))];
        for (const service of services) outcomes.push(...await runGroup(suite, suite.cases.filter((c) => c.service === service), service, scratch));
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return outcomes;
}

export const caseKey = (outcome: CaseOutcome) => `${outcome.folder}/${outcome.id}`;
