/**
 * The BPMN corpus (test/corpus/models, see its SOURCES.md) read through our real
 * pipeline: bytes decoded, each executable process (or the first process) parsed, validated and
 * compiled, each phase caught separately so a crash is told apart from a refusal.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  compileProcess,
  DefinitionParseError,
  isError,
  parseDefinition,
  processesOf,
  selectProcess,
  validateDefinition,
  type CompiledProcess,
  type DefinitionIssue,
  type ParsedDefinition,
} from '../../definitions';
import { buildGraph, nodeKindOf } from '../../definitions/model/build-graph';
import type { ModdleElement } from '../../definitions/model/extensions';
import { decodeDefinitionBytes } from '../../definitions/parse';
import { runScenario, type ScenarioEvent, type ScenarioReport } from '../../engine/runtime/scenario';

export const REPO_ROOT = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..');

/** The corpus kept in the repository: real models by other people, with their sources and licences. */
export const BUNDLED_CORPUS = path.join(REPO_ROOT, 'test', 'corpus', 'models');

/** `REBAZ_CORPUS_DIR`, else the bundled corpus. A folder that is not there is a clear error, not ENOENT. */
export function corpusDir(): string {
  const override = process.env.REBAZ_CORPUS_DIR;
  const dir = override ? path.resolve(override) : BUNDLED_CORPUS;
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    const source = override ? `REBAZ_CORPUS_DIR points to ${dir}` : `The bundled corpus ${dir}`;
    throw new CorpusMissingError(
      `${source}, which is not a folder. Unset REBAZ_CORPUS_DIR to use the models in test/corpus/models, ` +
        `or point it at a folder of .bpmn files.`,
    );
  }
  return dir;
}

export class CorpusMissingError extends Error {
  override name = 'CorpusMissingError';
}

/** Every BPMN file of the corpus, as sorted `/`-separated paths relative to it. */
export function corpusFiles(dir = corpusDir()): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => f.split(path.sep).join('/'))
    .filter((f) => f.endsWith('.bpmn') || f.endsWith('.bpmn20.xml'))
    .sort();
}

export function folderOf(file: string): string {
  return file.split('/')[0];
}

/** The file as text: the bytes decoded by their XML declaration (some files are ISO-8859-1). */
export function readCorpusXml(file: string, dir = corpusDir()): string {
  return decodeDefinitionBytes(readFileSync(path.join(dir, file)));
}

export interface ProcessOutcome {
  processId: string;
  issues: DefinitionIssue[];
  compiled?: CompiledProcess;
  /** A throw out of validate or compile: always a bug. */
  crash?: string;
}

export interface FileOutcome {
  file: string;
  folder: string;
  parsed?: ParsedDefinition;
  /** Set when parsing refused the file (a DefinitionParseError). */
  parseError?: DefinitionParseError;
  /** A throw out of parse that is not a DefinitionParseError: always a bug. */
  crash?: string;
  processes: ProcessOutcome[];
  ms: { parse: number; validate: number; compile: number };
}

/** What we build per file: every executable process, or else the one `rebaz validate` picks (selectProcess). */
export function processesToBuild(parsed: ParsedDefinition): ModdleElement[] {
  const executable = processesOf(parsed).filter((p) => p.isExecutable === true);
  if (executable.length > 0) return executable;
  const chosen = selectProcess(parsed);
  return chosen ? [chosen] : [];
}

/**
 * Whether the file holds a model that can run at all: a process with at least one flow node. Parser
 * fixtures (no process, an empty process, a lone data object or group) do not.
 */
export function holdsRunnableProcess(outcome: FileOutcome): boolean {
  if (!outcome.parsed) return false;
  return processesOf(outcome.parsed).some((p) =>
    ((p.flowElements ?? []) as ModdleElement[]).some((e) => nodeKindOf(e) !== undefined),
  );
}

export function isValid(outcome: FileOutcome): boolean {
  return outcome.processes.length > 0 && outcome.processes.every((p) => !p.crash && !p.issues.some(isError));
}

export function isCompiled(outcome: FileOutcome): boolean {
  return outcome.processes.length > 0 && outcome.processes.every((p) => p.compiled !== undefined);
}

export async function analyseFile(file: string, dir = corpusDir()): Promise<FileOutcome> {
  const outcome: FileOutcome = {
    file,
    folder: folderOf(file),
    processes: [],
    ms: { parse: 0, validate: 0, compile: 0 },
  };
  let started = performance.now();
  try {
    outcome.parsed = await parseDefinition(readCorpusXml(file, dir));
  } catch (error) {
    if (error instanceof DefinitionParseError) outcome.parseError = error;
    else outcome.crash = describeCrash(error);
    return outcome;
  } finally {
    outcome.ms.parse = performance.now() - started;
  }
  for (const processEl of processesToBuild(outcome.parsed)) {
    const result: ProcessOutcome = { processId: processEl.id ?? '', issues: [] };
    outcome.processes.push(result);
    try {
      started = performance.now();
      const { issues, graph } = validateDefinition(outcome.parsed, processEl.id ? { processId: processEl.id } : {});
      outcome.ms.validate += performance.now() - started;
      result.issues = issues;
      if (issues.some(isError) || !graph) continue;
      started = performance.now();
      result.compiled = compileProcess(graph);
      outcome.ms.compile += performance.now() - started;
    } catch (error) {
      result.crash = describeCrash(error);
    }
  }
  return outcome;
}

/** The other processes of the same file, compiled, for call activities (as `rebaz simulate` does). */
export function siblingProcesses(parsed: ParsedDefinition): CompiledProcess[] {
  const compiled: CompiledProcess[] = [];
  for (const el of processesOf(parsed)) {
    if (!el.id) continue;
    try {
      compiled.push(compileProcess(buildGraph(el)));
    } catch {
      // a sibling that cannot compile cannot be called either; the call raises an incident
    }
  }
  return compiled;
}

function describeCrash(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** A corpus process compiled for a behaviour test; it must be valid. */
export async function loadCorpusProcess(
  file: string,
  processId?: string,
  dir = corpusDir(),
): Promise<{ compiled: CompiledProcess; parsed: ParsedDefinition; siblings: CompiledProcess[] }> {
  const parsed = await parseDefinition(readCorpusXml(file, dir));
  const chosen = processId ?? processesToBuild(parsed)[0]?.id;
  const { issues, graph } = validateDefinition(parsed, chosen ? { processId: chosen } : {});
  const errors = issues.filter(isError);
  if (errors.length > 0 || !graph)
    throw new Error(
      `${file} does not compile:\n${errors.map((i) => `${i.code} ${i.elementId}: ${i.message}`).join('\n')}`,
    );
  return { compiled: compileProcess(graph), parsed, siblings: siblingProcesses(parsed) };
}

/**
 * Runs a scenario against a corpus file, as `rebaz simulate` does. Call activities reach the
 * other processes of the same file and, first, those of `callable` (other corpus files).
 */
export async function simulateCorpus(
  file: string,
  events: ScenarioEvent[],
  options: { processId?: string; callable?: string[] } = {},
): Promise<ScenarioReport> {
  const { compiled, siblings } = await loadCorpusProcess(file, options.processId);
  const others = await Promise.all((options.callable ?? []).map(async (f) => (await loadCorpusProcess(f)).compiled));
  const all = [...others, ...siblings];
  return runScenario(compiled, events, (id) => all.find((p) => p.processId === id));
}
