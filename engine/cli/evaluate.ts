/**
 * `rebaz evaluate <model.dmn> --input <inputs.json> [--decision-service <name>] [--models <dir>] --json`
 *
 * Prints `{"runs": [{"results": {...}, "errors": {...}}, ...]}`, one run per input set. Exit 0 when
 * evaluated, 1 when the model is invalid (its issues as JSON), 2 when a file is unreadable.
 */
import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import {
  DecisionError,
  DecisionParseError,
  evaluateDecisions,
  parseDecisionModel,
  toJsonValue,
  validateDecisionModel,
  type DecisionModel,
  type DecisionResults,
} from '../../definitions/decisions';

export interface EvaluateCommandOptions {
  inputFile: string;
  decisionService?: string;
  modelsDir?: string;
}

/** The other DMN models of the folder, for imports; files that cannot be read are left out. */
async function otherModels(modelFile: string, dir: string): Promise<DecisionModel[]> {
  const files = (await readdir(dir)).filter(
    (f) => f.toLowerCase().endsWith('.dmn') && resolve(dir, f) !== resolve(modelFile),
  );
  const models: DecisionModel[] = [];
  for (const file of files) {
    try {
      models.push(await parseDecisionModel(await readFile(join(dir, file), 'utf8')));
    } catch {
      // A model that cannot be read cannot be imported either; the importing model's validation says so.
    }
  }
  return models;
}

function asJson(report: DecisionResults): { results: Record<string, unknown>; errors: Record<string, string> } {
  return {
    results: Object.fromEntries(Object.entries(report.results).map(([k, v]) => [k, toJsonValue(v)])),
    errors: report.errors,
  };
}

export async function evaluateCommand(
  file: string,
  options: EvaluateCommandOptions,
  out: (t: string) => void,
  err: (t: string) => void,
): Promise<number> {
  let model: DecisionModel;
  try {
    model = await parseDecisionModel(await readFile(file, 'utf8'));
  } catch (error) {
    if (error instanceof DecisionParseError) {
      err(`${file}: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  let inputSets: unknown;
  try {
    inputSets = JSON.parse(await readFile(options.inputFile, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw error;
    err(`${options.inputFile} is not valid JSON: ${(error as Error).message}\n`);
    return 2;
  }
  if (
    !Array.isArray(inputSets) ||
    inputSets.some((set) => set === null || typeof set !== 'object' || Array.isArray(set))
  ) {
    err(`${options.inputFile} must hold an array of input sets, each an object keyed by input-data name\n`);
    return 2;
  }
  const models = await otherModels(file, options.modelsDir ?? dirname(file));
  const { issues, valid } = validateDecisionModel(model, { models });
  if (!valid) {
    out(`${JSON.stringify({ valid, issues }, null, 2)}\n`);
    return 1;
  }
  try {
    const runs = (inputSets as Record<string, unknown>[]).map((inputs) =>
      asJson(evaluateDecisions(model, inputs, { models, decisionService: options.decisionService })),
    );
    out(`${JSON.stringify({ runs })}\n`);
    return 0;
  } catch (error) {
    if (error instanceof DecisionError) {
      err(`${basename(file)}: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
