/**
 * `npm run tck [folder]`: the pass rate of the DMN TCK, per folder and overall.
 * Defaults to the compliance level 2 cases kept in this repository.
 */
import { join } from 'node:path';
import { runTck, type CaseOutcome } from './run-tck';

const root = process.argv[2] ?? join(import.meta.dirname, 'compliance-level-2');
const verbose = process.argv.includes('--verbose');
const outcomes = await runTck(root);
const byFolder = new Map<string, CaseOutcome[]>();
for (const outcome of outcomes) byFolder.set(outcome.folder, [...(byFolder.get(outcome.folder) ?? []), outcome]);
const percent = (passed: number, total: number) => `${total === 0 ? '0.0' : ((100 * passed) / total).toFixed(1)}%`;
for (const [folder, cases] of byFolder) {
  const passed = cases.filter((c) => c.passed).length;
  console.log(`${percent(passed, cases.length).padStart(6)}  ${String(passed).padStart(3)}/${String(cases.length).padEnd(3)}  ${folder}`);
  if (verbose) for (const failure of cases.filter((c) => !c.passed)) console.log(`          ${failure.id}: ${failure.detail}`);
}
const passed = outcomes.filter((c) => c.passed).length;
console.log(`\n${percent(passed, outcomes.length)} of ${outcomes.length} test cases passed (${byFolder.size} folders)`);
