/**
 * BPMN in, machine config out. Pure: runs in Node and in the browser alike.
 *
 * @example
 * const result = await buildDefinition(xml);
 * if (result.kind === 'invalid') showIssues(result.issues);
 * else runCase(result.compiled);
 */
import { compileProcess, type CompiledProcess } from './compile/compile-definition';
import { parseDefinition, type ParsedDefinition } from './parse';
import { isError, type DefinitionIssue } from './validate/issue';
import { validateDefinition, validateFile, type ValidateOptions } from './validate/validate-definition';

export type BuildResult =
  | { kind: 'compiled'; compiled: CompiledProcess; parsed: ParsedDefinition; issues: DefinitionIssue[] }
  | { kind: 'invalid'; issues: DefinitionIssue[]; parsed: ParsedDefinition };

/** Parse, validate, compile — stopping with every issue when validation finds an error. */
export async function buildDefinition(xml: string, options: Omit<ValidateOptions, 'rules'> = {}): Promise<BuildResult> {
  // Parse (throws DefinitionParseError only when the XML is unreadable)
  const parsed = await parseDefinition(xml);
  // Validate
  const { issues, graph } = validateDefinition(parsed, options);
  if (issues.some(isError) || !graph) return { kind: 'invalid', issues, parsed };
  // Compile
  return { kind: 'compiled', compiled: compileProcess(graph), parsed, issues };
}

export type DeployableBuild =
  | { kind: 'compiled'; compiled: CompiledProcess[]; parsed: ParsedDefinition; issues: DefinitionIssue[] }
  | { kind: 'invalid'; issues: DefinitionIssue[]; parsed: ParsedDefinition };

/**
 * {@link buildDefinition} for a deploy: every process the file deploys (processesToDeploy),
 * compiled only when all of them are valid, so a file deploys whole or not at all.
 */
export async function buildDeployable(
  xml: string,
  options: Omit<ValidateOptions, 'rules' | 'processId'> = {},
): Promise<DeployableBuild> {
  const parsed = await parseDefinition(xml);
  const { processes, issues } = validateFile(parsed, options);
  // A process has a graph only when it is valid: any error, or no process at all, refuses the file.
  const graphs = processes.flatMap((p) => (p.graph ? [p.graph] : []));
  if (issues.some(isError) || graphs.length === 0) return { kind: 'invalid', issues, parsed };
  return { kind: 'compiled', compiled: graphs.map(compileProcess), parsed, issues };
}

export { parseDefinition, DefinitionParseError } from './parse';
export type { ParsedDefinition } from './parse';
export {
  validateDefinition,
  validateFile,
  assertValidDefinition,
  InvalidDefinitionError,
} from './validate/validate-definition';
export {
  compileDefinition,
  compileProcess,
  generatedForms,
  processResolver,
  type ProcessResolver,
} from './compile/compile-definition';
export { processesOf, processesToDeploy, selectProcess } from './parse/processes';
export type { CompiledProcess } from './compile/compile-definition';
export { publishersOf, startsOn, type Catalogue } from './compile/catalogue';
export type { DefinitionIssue, Severity } from './validate/issue';
export { isError } from './validate/issue';
export type * from './model/graph';
