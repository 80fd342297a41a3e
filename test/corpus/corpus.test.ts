/**
 * Every file of the BPMN corpus (test/corpus/models) (real models by other people, see its SOURCES.md) goes
 * through the whole pipeline: it compiles, or it is refused with located diagnostics that name
 * what stops it; and every compiled process starts in the simulator and reports back in time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isError, type DefinitionIssue } from '../../definitions';
import {
  analyseFile,
  corpusDir,
  corpusFiles,
  folderOf,
  holdsRunnableProcess,
  isCompiled,
  isValid,
  siblingProcesses,
  type FileOutcome,
} from './corpus';
import { SimulationPool } from './simulate';

const STATUSES = ['completed', 'active', 'terminated', 'incident', 'failed', 'cancelled'];
/** Issues about the file or about elements that have no id to point at. */
const FILE_LEVEL = new Set(['NO_PROCESS', 'MISSING_ID']);
const CODE = /^[A-Z][A-Z0-9_]*$/;

const dir = corpusDir();
const files = corpusFiles(dir);
const outcomes = new Map<string, FileOutcome>();
const errorsOf = (o: FileOutcome): DefinitionIssue[] => o.processes.flatMap((p) => p.issues.filter(isError));

/** Why an error issue is not a usable diagnostic, or undefined when it is one. */
function unusable(issue: DefinitionIssue, fileHasNodesWithoutId: boolean): string | undefined {
  if (!CODE.test(issue.code)) return `code "${issue.code}"`;
  if (issue.message.trim().length < 10 || /\n\s+at /.test(issue.message)) return `message "${issue.message}"`;
  if (issue.elementId) return issue.line === undefined ? `${issue.elementId} has no line` : undefined;
  return FILE_LEVEL.has(issue.code) || fileHasNodesWithoutId ? undefined : `${issue.code} names no element`;
}

describe('the BPMN corpus through parse, validate and compile', () => {
  beforeAll(async () => {
    for (const file of files) outcomes.set(file, await analyseFile(file, dir));
  });

  it('is there: every source folder holds files', () => {
    const folders = new Set(files.map(folderOf));
    expect([...folders].sort()).toEqual(
      expect.arrayContaining(['bpmn-elements', 'camunda-bpm-examples', 'lib-bpmn-engine', 'miwg-reference']),
    );
    expect(files.length).toBeGreaterThanOrEqual(200);
  });

  it('never crashes: parse refuses only with a DefinitionParseError, validate and compile never throw', () => {
    const crashes = [...outcomes.values()].flatMap((o) => [
      ...(o.crash ? [`${o.file}: ${o.crash}`] : []),
      ...o.processes.filter((p) => p.crash).map((p) => `${o.file}#${p.processId}: ${p.crash}`),
    ]);
    expect(crashes).toEqual([]);
    const refused = [...outcomes.values()].filter((o) => o.parseError);
    for (const { file, parseError } of refused) {
      expect.soft(parseError?.code, file).toMatch(CODE);
      expect.soft(parseError?.message.length, file).toBeGreaterThan(20);
    }
    // Only fixtures that hold no process (or no BPMN at all) are refused while parsing.
    expect(
      refused
        .map((o) => `${o.parseError?.code} ${o.folder}`)
        .filter((r) => !/^(NO_PROCESS|NOT_BPMN) bpmn-moddle$/.test(r)),
    ).toEqual([]);
  });

  it(
    'compiles each file, or refuses it with errors that carry a code, ' +
      'an element id and line (or a file-level code), and a message',
    () => {
      const bad: string[] = [];
      for (const outcome of outcomes.values()) {
        if (!outcome.parsed || isCompiled(outcome)) continue;
        const errors = errorsOf(outcome);
        if (errors.length === 0) bad.push(`${outcome.file}: not compiled, yet no error explains why`);
        const withoutId = errors.some((e) => e.code === 'MISSING_ID');
        for (const issue of errors) {
          const why = unusable(issue, withoutId);
          if (why) bad.push(`${outcome.file}: ${why}`);
        }
      }
      expect(bad).toEqual([]);
    },
  );

  it.each([
    [
      'camunda-bpm-examples/bpmn-model-api/parse-bpmn/src/test/resources/process.bpmn',
      'scriptTask',
      'SCRIPT_NOT_SUPPORTED',
      /groovy/,
    ],
    ['lib-bpmn-engine/test-cases/simple-link-event-broken.bpmn', 'Link-A-Throw', 'UNKNOWN_LINK', /Link-A/],
    [
      'bpmn-js-examples/starter/diagram.bpmn',
      'sid-52EB1772-F36E-433E-8F5B-D5DFD26E6F26',
      'ENDLESS_LOOP',
      /never waits/,
    ],
  ])('%s is refused at %s with %s, naming the construct', (file, elementId, code, message) => {
    const outcome = outcomes.get(file);
    expect(outcome && isCompiled(outcome)).toBe(false);
    const issue = outcome && errorsOf(outcome).find((i) => i.elementId === elementId && i.code === code);
    expect(issue?.message).toMatch(message);
    expect(issue?.line).toBeGreaterThan(0);
  });

  it.each([
    'bpmn-elements/transaction.bpmn',
    'bpmn-elements/ad-hoc-subprocess.bpmn',
    'bpmn-elements/throw-compensate.bpmn',
    'bpmn-elements/end-compensate.bpmn',
    'camunda-bpm-examples/clients/java/order-handling/order-handling.bpmn',
  ])('%s: transactions, compensation, ad-hoc and conditional events are no longer refused', (file) => {
    const outcome = outcomes.get(file);
    expect(outcome).toBeDefined();
    expect(errorsOf(outcome as FileOutcome).filter((i) => i.code === 'UNSUPPORTED_ELEMENT')).toEqual([]);
  });

  it('validates most files that hold a runnable process; the rest are parser fixtures refused as such', () => {
    const all = [...outcomes.values()];
    const runnable = all.filter(holdsRunnableProcess);
    const valid = all.filter(isValid);
    // Measured by `npm run corpus` (docs/bpmn-coverage.md): a floor, so a change that refuses real models fails here.
    expect(valid.length).toBeGreaterThanOrEqual(205);
    expect(valid.every(holdsRunnableProcess)).toBe(true);
    expect(valid.length / runnable.length).toBeGreaterThanOrEqual(0.8);
    // A file with nothing to run is refused while parsing, or validated and refused with NO_START.
    const why = (o: FileOutcome) => o.parseError?.code ?? [...new Set(errorsOf(o).map((i) => i.code))].join(',');
    const notRunnable = all.filter((o) => !holdsRunnableProcess(o)).map((o) => `${o.file}: ${why(o)}`);
    expect(notRunnable.filter((r) => !/: (NO_PROCESS|NOT_BPMN|NO_START)$/.test(r))).toEqual([]);
  });

  it('reads the dialect details real models use: Flowable flows without ids, Zeebe static mapping values', () => {
    const flowable = outcomes.get(
      'flowable-examples/blog/04-2021-jobs/src/main/resources/processes/async-job-noop.bpmn20.xml',
    );
    expect(flowable?.processes[0].issues.filter((i) => i.code === 'DISCONNECTED')).toEqual([]);
    const zeebe = outcomes.get('miwg-reference/C.9.0.bpmn');
    expect(zeebe?.processes[0].issues.filter((i) => i.code === 'FEEL_SYNTAX')).toEqual([]);
  });
});

describe('the compiled corpus in the simulator', () => {
  const pool = new SimulationPool(2_000);
  afterAll(() => pool.close());

  it('starts every compiled process with no events and gets a report back within 2 s each', async () => {
    const bad: string[] = [];
    let simulated = 0;
    for (const file of files) {
      const outcome = outcomes.get(file) ?? (await analyseFile(file, dir));
      if (!outcome.parsed || !isCompiled(outcome)) continue;
      const siblings = siblingProcesses(outcome.parsed);
      for (const process of outcome.processes) {
        const compiled = process.compiled!;
        const run = await pool.simulate(compiled, siblings);
        simulated += 1;
        // With only message or signal start events, nothing starts until one arrives.
        const startsAlone =
          compiled.catalogue.startEvents.length === 0 ||
          compiled.catalogue.startEvents.some((s) => s.kind === 'none' || s.kind === 'timer');
        if (run.crash || run.runaway) bad.push(`${file}#${process.processId}: ${run.runaway ?? run.crash}`);
        else if (!STATUSES.includes(run.status ?? '')) bad.push(`${file}#${process.processId}: status ${run.status}`);
        else if (startsAlone && !run.trace) bad.push(`${file}#${process.processId}: started, yet nothing in the trace`);
      }
    }
    expect(bad).toEqual([]);
    expect(simulated).toBeGreaterThanOrEqual(100);
  }, 60_000);
});
