/**
 * `npm run corpus`: how many files of each corpus folder parse, validate and compile, how many
 * compiled processes start in the simulator, and the most frequent error codes. Prints Markdown,
 * the same table docs/bpmn-coverage.md carries.
 */
import { isError } from '../../definitions';
import {
  analyseFile,
  CorpusMissingError,
  corpusDir,
  corpusFiles,
  holdsRunnableProcess,
  isCompiled,
  isValid,
  siblingProcesses,
  type FileOutcome,
} from './corpus';
import { SimulationPool, type SimulationOutcome } from './simulate';

interface FolderRow {
  folder: string;
  files: number;
  parsed: number;
  valid: number;
  compiled: number;
  simulated: number;
  statuses: Map<string, number>;
  codes: Map<string, number>;
}

function count(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

function top(map: Map<string, number>, n: number): string {
  return [...map]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, n)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
}

async function main(): Promise<void> {
  const dir = corpusDir();
  const files = corpusFiles(dir);
  const pool = new SimulationPool();
  const rows = new Map<string, FolderRow>();
  const problems: string[] = [];
  const phases = { parse: 0, validate: 0, compile: 0, simulate: 0 };
  const runnable = { files: 0, valid: 0 };
  try {
    for (const file of files) {
      const outcome = await analyseFile(file, dir);
      const row = rowOf(rows, outcome.folder);
      Object.assign(phases, {
        parse: phases.parse + outcome.ms.parse,
        validate: phases.validate + outcome.ms.validate,
        compile: phases.compile + outcome.ms.compile,
      });
      tally(row, outcome, problems);
      if (holdsRunnableProcess(outcome)) {
        runnable.files += 1;
        if (isValid(outcome)) runnable.valid += 1;
      }
      if (!isCompiled(outcome) || !outcome.parsed) continue;
      const siblings = siblingProcesses(outcome.parsed);
      const runs: SimulationOutcome[] = [];
      for (const process of outcome.processes) runs.push(await pool.simulate(process.compiled!, siblings));
      phases.simulate += runs.reduce((sum, r) => sum + r.ms, 0);
      for (const run of runs) {
        if (run.crash || run.runaway)
          problems.push(`${file}: simulation ${run.crash ? `threw ${run.crash.split('\n')[0]}` : run.runaway}`);
        else count(row.statuses, run.status ?? 'unknown');
      }
      if (runs.every((r) => !r.crash && !r.runaway)) row.simulated += 1;
    }
  } finally {
    await pool.close();
  }
  print(dir, files.length, [...rows.values()], problems, phases, runnable);
}

function rowOf(rows: Map<string, FolderRow>, folder: string): FolderRow {
  let row = rows.get(folder);
  if (!row)
    rows.set(
      folder,
      (row = {
        folder,
        files: 0,
        parsed: 0,
        valid: 0,
        compiled: 0,
        simulated: 0,
        statuses: new Map(),
        codes: new Map(),
      }),
    );
  return row;
}

function tally(row: FolderRow, outcome: FileOutcome, problems: string[]): void {
  row.files += 1;
  if (outcome.crash) problems.push(`${outcome.file}: parse crashed: ${outcome.crash}`);
  if (outcome.parseError) count(row.codes, outcome.parseError.code);
  if (!outcome.parsed) return;
  row.parsed += 1;
  if (isValid(outcome)) row.valid += 1;
  if (isCompiled(outcome)) row.compiled += 1;
  const codes = new Set<string>();
  for (const process of outcome.processes) {
    if (process.crash) problems.push(`${outcome.file}#${process.processId}: ${process.crash}`);
    for (const issue of process.issues) if (isError(issue)) codes.add(issue.code);
  }
  for (const code of codes) count(row.codes, code);
}

function print(
  dir: string,
  total: number,
  rows: FolderRow[],
  problems: string[],
  phases: Record<string, number>,
  runnable: { files: number; valid: number },
): void {
  const sum = (key: 'files' | 'parsed' | 'valid' | 'compiled' | 'simulated') => rows.reduce((n, r) => n + r[key], 0);
  const lines = [
    `Corpus: ${dir} (${total} files), ${new Date().toISOString().slice(0, 10)}, \`npm run corpus\``,
    '',
    '| folder | files | parse | valid | compile | simulate | top error codes (files) |',
    '|---|---:|---:|---:|---:|---:|---|',
    ...rows.map(
      (r) =>
        `| ${r.folder} | ${r.files} | ${r.parsed} | ${r.valid} | ${r.compiled} | ${r.simulated} | ${top(r.codes, 5)} |`,
    ),
    `| **total** | ${sum('files')} | ${sum('parsed')} | ${sum('valid')} | ${sum('compiled')} ` +
      `| ${sum('simulated')} | ${top(mergeCodes(rows), 6)} |`,
    '',
    `Valid: ${share(sum('valid'), sum('files'))} of all files; ${share(runnable.valid, runnable.files)} of the ` +
      `files that hold a process with at least one flow node (the others are parser fixtures with nothing to run).`,
    `Simulation with no events (per process): ${top(mergeStatuses(rows), 6) || 'none'}.`,
    `Time: parse ${ms(phases.parse)}, validate ${ms(phases.validate)}, compile ${ms(phases.compile)}, ` +
      `simulate ${ms(phases.simulate)}.`,
  ];
  lines.push(
    '',
    problems.length === 0 ? 'No crash, no runaway simulation.' : `Problems (${problems.length}):`,
    ...problems.map((p) => `- ${p}`),
  );
  process.stdout.write(`${lines.join('\n')}\n`);
  if (problems.length > 0) process.exitCode = 1;
}

function mergeCodes(rows: FolderRow[]): Map<string, number> {
  const all = new Map<string, number>();
  for (const r of rows) for (const [k, v] of r.codes) all.set(k, (all.get(k) ?? 0) + v);
  return all;
}

function mergeStatuses(rows: FolderRow[]): Map<string, number> {
  const all = new Map<string, number>();
  for (const r of rows) for (const [k, v] of r.statuses) all.set(k, (all.get(k) ?? 0) + v);
  return all;
}

function share(part: number, whole: number): string {
  return `${part} of ${whole} (${whole === 0 ? 0 : Math.round((1000 * part) / whole) / 10} %)`;
}

function ms(value: number): string {
  return `${Math.round(value)} ms`;
}

await main().catch((error: unknown) => {
  if (!(error instanceof CorpusMissingError)) throw error;
  console.error(error.message);
  process.exitCode = 2;
});
