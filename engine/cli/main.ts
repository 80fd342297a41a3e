/**
 * `rebaz validate | compile | simulate`: the definitions pipeline from the command line.
 * Exit codes: 0 success, 1 invalid definition or failed scenario, 2 unreadable input or bad usage.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import {
  buildDefinition,
  DefinitionParseError,
  isError,
  processResolver,
  validateFile,
  type DefinitionIssue,
  type ParsedDefinition,
} from '../../definitions';
import { hostFunctionNames, type HostFunctions } from '../../definitions/expressions/host-functions';
import type { ValidateOptions } from '../../definitions/validate/validate-definition';
import { loadHostFunctions } from '../host-functions/load';
import { evaluateCommand } from './evaluate';
import { checkScenario, failedReport, runScenario, type ScenarioEvent, type ScenarioReport } from '../runtime/scenario';

const USAGE = `Usage:
  rebaz validate <file.bpmn> [--process <id>] [--functions <module.mjs>] [--json]
  rebaz compile <file.bpmn> [--process <id>]
  rebaz simulate <file.bpmn> [--process <id>] [--functions <module.mjs>] --events <events.json> [--json]

  --functions: the host functions the engine will have (the module REBAZ_FUNCTIONS names): validate
  knows them, and refuses a call of any other; simulate calls them.
  rebaz evaluate <model.dmn> --input <inputs.json> [--decision-service <name>] [--models <dir>] --json`;

class UsageError extends Error {}

export async function main(
  argv: string[],
  out: (text: string) => void = (t) => process.stdout.write(t),
  err: (text: string) => void = (t) => process.stderr.write(t),
): Promise<number> {
  try {
    const { positionals, values } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        process: { type: 'string' },
        events: { type: 'string' },
        input: { type: 'string' },
        'decision-service': { type: 'string' },
        models: { type: 'string' },
        functions: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h' },
      },
    });
    const [command, file] = positionals;
    if (values.help || !command) {
      out(`${USAGE}\n`);
      return values.help ? 0 : 2;
    }
    if (!file) throw new UsageError(`"rebaz ${command}" needs a ${command === 'evaluate' ? 'DMN' : 'BPMN'} file`);
    const functions = values.functions ? await hostFunctionsFrom(values.functions) : undefined;
    const options = {
      ...(values.process ? { processId: values.process } : {}),
      ...(functions ? { hostFunctions: hostFunctionNames(functions) } : {}),
    };
    switch (command) {
      case 'validate':
        return await validateCommand(file, options, values.json === true, out);
      case 'compile':
        return await compileCommand(file, options, out, err);
      case 'simulate': {
        if (!values.events) throw new UsageError('"rebaz simulate" needs --events <events.json>');
        return await simulateCommand(file, values.events, options, functions, values.json === true, out, err);
      }
      case 'evaluate': {
        if (!values.input) throw new UsageError('"rebaz evaluate" needs --input <inputs.json>');
        return await evaluateCommand(
          file,
          { inputFile: values.input, decisionService: values['decision-service'], modelsDir: values.models },
          out,
          err,
        );
      }
      default:
        throw new UsageError(`Unknown command "${command}"`);
    }
  } catch (error) {
    if (argv[0] === 'validate' && argv.includes('--json')) return validateFailureAsJson(error, out);
    if (error instanceof DefinitionParseError) {
      err(`${error.message}\n`);
      return 2;
    }
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      err(`${(error as Error).message}\n${USAGE}\n`);
      return 2;
    }
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      err(`Cannot read ${(error as NodeJS.ErrnoException).path}: no such file\n`);
      return 2;
    }
    throw error;
  }
}

/** The module `--functions` names; one that cannot be loaded is a usage error, naming why. */
async function hostFunctionsFrom(path: string): Promise<HostFunctions> {
  try {
    return await loadHostFunctions(path, '--functions');
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

async function readBpmn(file: string): Promise<string> {
  return readFile(file, 'utf8');
}

/** Names an element as the analyst drew it: `"Approved?" (Flow_19987rd)`, or its id when it has no name. */
type Label = (elementId: string) => string;

function labels(parsed: ParsedDefinition): Label {
  return (id) => {
    const name = (parsed.elementsById[id] as { name?: unknown } | undefined)?.name;
    return typeof name === 'string' && name.trim() ? `"${name.trim()}" (${id})` : id;
  };
}

function formatIssue(issue: DefinitionIssue, label: Label): string {
  const where = issue.line !== undefined ? `${issue.line}:${issue.column ?? 0}` : '-';
  const element = issue.elementId ? label(issue.elementId) : '-';
  return `${issue.severity.padEnd(7)} ${where.padEnd(8)} ${issue.code.padEnd(26)} ${element}  ${issue.message}`;
}

async function validateCommand(
  file: string,
  options: ValidateOptions,
  json: boolean,
  out: (t: string) => void,
): Promise<number> {
  const { parseDefinition } = await import('../../definitions');
  const { decodeDefinitionBytes } = await import('../../definitions/parse');
  // bytes, decoded by the file's XML declaration: models exported as ISO-8859-1 keep their names
  const parsed = await parseDefinition(decodeDefinitionBytes(await readFile(file)));
  // Without --process, every process a deploy would take (each executable pool), as deploy refuses them.
  const { issues } = validateFile(parsed, options);
  const valid = !issues.some(isError);
  if (json) out(`${JSON.stringify({ valid, issues }, null, 2)}\n`);
  else {
    for (const issue of issues) out(`${formatIssue(issue, labels(parsed))}\n`);
    out(
      valid
        ? `${file}: valid${issues.length ? ` (${issues.length} warning${issues.length > 1 ? 's' : ''})` : ''}\n`
        : `${file}: invalid, ${issues.filter(isError).length} error(s)\n`,
    );
  }
  return valid ? 0 : 1;
}

/**
 * `rebaz validate --json` answers in JSON whatever happens: a file that cannot be read, is not
 * BPMN or holds no process exits 2 with the reason as the one issue, so scripts parse every answer.
 */
function validateFailureAsJson(error: unknown, out: (t: string) => void): number {
  const issue = failureIssue(error);
  if (!issue) throw error;
  out(`${JSON.stringify({ valid: false, issues: [issue] }, null, 2)}\n`);
  return 2;
}

function failureIssue(error: unknown): DefinitionIssue | undefined {
  const base = { severity: 'error' as const, elementId: '', elementType: 'bpmn:Definitions' };
  if (error instanceof DefinitionParseError) {
    return {
      ...base,
      code: error.code,
      message: error.message,
      ...(error.line !== undefined ? { line: error.line } : {}),
      ...(error.column !== undefined ? { column: error.column } : {}),
    };
  }
  const { code, path } = error as NodeJS.ErrnoException;
  if (code === 'ENOENT') return { ...base, code: 'FILE_NOT_FOUND', message: `Cannot read ${path}: no such file` };
  if (code === 'EISDIR' || code === 'EACCES' || code === 'EPERM')
    return {
      ...base,
      code: 'FILE_UNREADABLE',
      message: `Cannot read ${path ?? 'the file'}: ${code === 'EISDIR' ? 'it is a folder' : 'permission denied'}`,
    };
  if (error instanceof UsageError || code?.startsWith('ERR_PARSE_ARGS'))
    return { ...base, code: 'USAGE', message: `${(error as Error).message}\n${USAGE}` };
  return undefined;
}

async function compileCommand(
  file: string,
  options: { processId?: string },
  out: (t: string) => void,
  err: (t: string) => void,
): Promise<number> {
  const result = await buildDefinition(await readBpmn(file), options);
  if (result.kind === 'invalid') {
    for (const issue of result.issues) err(`${formatIssue(issue, labels(result.parsed))}\n`);
    return 1;
  }
  out(`${JSON.stringify(result.compiled, null, 2)}\n`);
  return 0;
}

async function simulateCommand(
  file: string,
  eventsFile: string,
  options: ValidateOptions,
  functions: HostFunctions | undefined,
  json: boolean,
  out: (t: string) => void,
  err: (t: string) => void,
): Promise<number> {
  // With --json, a scenario that cannot run still answers in JSON: a failed report saying why.
  const fail = (code: number, error: string, issues?: DefinitionIssue[]): number => {
    err(`${error}\n`);
    if (json) out(`${JSON.stringify({ ...failedReport(error), ...(issues ? { issues } : {}) }, null, 2)}\n`);
    return code;
  };
  const result = await buildDefinition(await readBpmn(file), options);
  if (result.kind === 'invalid') {
    const errors = result.issues.filter(isError);
    return fail(
      1,
      `${file} is invalid, so it cannot be simulated:\n${errors.map((i) => formatIssue(i, labels(result.parsed))).join('\n')}`,
      errors,
    );
  }
  let events: unknown;
  try {
    events = JSON.parse(await readFile(eventsFile, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw error;
    return fail(2, `${eventsFile} is not valid JSON: ${(error as Error).message}`);
  }
  const problem = checkScenario(events);
  if (problem) return fail(2, `${eventsFile}: ${problem}`);
  const report = runScenario(result.compiled, events as ScenarioEvent[], processResolver(result.parsed), functions);
  out(json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report, labels(result.parsed)));
  return report.status === 'failed' ? 1 : 0;
}

function formatReport(report: ScenarioReport, label: Label): string {
  const lines = report.trace.map((t) => `${t.at}  ${t.caseId.padEnd(7)} ${t.event.padEnd(10)} ${label(t.elementId)}`);
  lines.push('', `status: ${report.status}`);
  if (report.error) lines.push(`error: ${report.error}`);
  if (report.endEvents.length) lines.push(`end events: ${report.endEvents.map(label).join(', ')}`);
  if (report.active.length) lines.push(`waiting at: ${report.active.map(label).join(', ')}`);
  for (const task of report.openTasks)
    lines.push(
      `open task: ${task.name ? `"${task.name}" (${task.elementId})` : task.elementId}` +
        `${task.candidateGroups.length ? ` for ${task.candidateGroups.join(', ')}` : ''}`,
    );
  for (const incident of report.incidents) lines.push(`incident at ${label(incident.elementId)}: ${incident.message}`);
  for (const message of report.bufferedMessages)
    lines.push(
      `message kept for a case to take: "${message.name}"` +
        `${message.correlationKey !== undefined ? ` with correlation key "${message.correlationKey}"` : ''}` +
        ` until ${message.expiresAt}`,
    );
  lines.push(`variables: ${JSON.stringify(report.variables)}`);
  return `${lines.join('\n')}\n`;
}
