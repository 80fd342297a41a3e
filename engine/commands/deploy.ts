/**
 * Deploy: BPMN (and its forms) in, an immutable definition version out — or every validation
 * issue. The same XML with the same forms deployed again returns the version it already has.
 */
import { createHash, randomUUID } from 'node:crypto';
import { hostFunctionNames } from '../../definitions/expressions/host-functions';
import {
  buildDeployable,
  DefinitionParseError,
  generatedForms,
  type CompiledProcess,
  type DefinitionIssue,
} from '../../definitions';
import { canonicalJson } from '../audit/chain';
import { latestHolding } from '../decisions/store';
import { hasRole, type Actor } from '../authz/actor';
import { assertCanDeploy } from '../authz/policy';
import { isFormSchema, type FormSchema } from '../forms';
import { compilePattern } from '../forms/pattern';
import { personalNames } from '../privacy/personal';
import { UniqueViolation, translateDatabaseError } from '../persistence/errors';
import { definitionView, type DefinitionView } from '../queries/views';
import { cancelStartTimers, scheduleStartTimers } from '../scheduler/start-timers';
import type { EngineContext } from './context';
import { unitSource, type LoadedDefinition } from './definition-cache';
import { ConflictError, ForbiddenError, ValidationError, type FieldError } from './errors';
import { jsonb, sql } from './sql/literal';
import { insert } from './sql/writes';
import { runCommand, type Unit } from './unit-of-work';

export interface DeployInput {
  xml: string;
  /** form-js schemas by form key (zeebe:formDefinition formId, rebaz:form). */
  forms?: Record<string, unknown>;
  /**
   * Names that earlier versions mark personal and this one no longer does, confirmed by the
   * analyst; anything else dropped from the personal data refuses the deploy.
   */
  confirmUnmarkedPersonal?: string[];
  /** Accept timer cycles shorter than a minute (administrators only): each firing is a step of every waiting case. */
  allowShortTimerCycles?: boolean;
  actor: Actor;
}

export type DeployResult =
  | {
      kind: 'deployed';
      /** The file's first process (the one `rebaz validate` and `compile` pick). */
      definition: DefinitionView;
      /** Every process the file deploys (processesToDeploy), the first one first. */
      definitions: DefinitionView[];
      /** False when every one of them was deployed before with this very content. */
      created: boolean;
      issues: DefinitionIssue[];
    }
  | { kind: 'invalid'; issues: DefinitionIssue[] };

/** A process of the file, found stored already or stored now. */
interface Version {
  created: boolean;
  loaded: LoadedDefinition;
  /** A new version's names that earlier versions mark personal and it does not. */
  unmarked: string[];
}

/** What the deploy's transaction did: stored the versions, found them stored already, or refused them. */
type Stored = { versions: Version[] } | { refused: DefinitionIssue[] };

/**
 * Deploys every process the file holds for running (processesToDeploy: a collaboration's pools, a
 * called process beside its caller), each as a version of its own key, in one transaction: all or
 * none.
 */
export async function deploy(ctx: EngineContext, input: DeployInput): Promise<DeployResult> {
  assertCanDeploy(input.actor);
  const forms = checkForms(input.forms ?? {});
  if (input.allowShortTimerCycles && !hasRole(input.actor, 'admin')) {
    throw new ForbiddenError(
      `${input.actor.id} may not allow short timer cycles; ask an administrator to deploy the model`,
    );
  }
  // Parse, validate, compile
  let built;
  try {
    built = await buildDeployable(input.xml, {
      forms,
      hostFunctions: ctx.hostFunctions ? hostFunctionNames(ctx.hostFunctions) : [],
      ...(input.allowShortTimerCycles ? { minTimerCycleSeconds: 0 } : {}),
    });
  } catch (error) {
    if (error instanceof DefinitionParseError) return { kind: 'invalid', issues: [parseIssue(error)] };
    throw error;
  }
  if (built.kind === 'invalid') return { kind: 'invalid', issues: built.issues };
  const { compiled } = built;
  const issues = [...built.issues];
  for (const process of compiled) issues.push(...(await undeployedDecisions(ctx, process)));
  const sha256 = createHash('sha256').update(input.xml).digest('hex');
  // Store: a new version of each process, unless this very content is deployed already
  for (let attempt = 1; ; attempt++) {
    try {
      const stored = await runCommand(ctx, 'deploy', input.actor, async (unit): Promise<Stored> => {
        const versions: Version[] = [];
        for (const process of compiled) versions.push(await versionOf(unit, input, process, forms, sha256));
        const refused = versions.flatMap((version) => refusalOf(input, version) ?? []);
        if (refused.length > 0) return { refused };
        for (const { created, loaded, unmarked } of versions) {
          if (!created) continue;
          unit.write(
            insert('process_definitions', [
              { ...loaded, xml: input.xml, unmarkedPersonal: unmarked.length > 0 ? jsonb(unmarked) : null },
            ]),
          );
          cancelStartTimers(unit, loaded.key);
          scheduleStartTimers(unit, loaded);
        }
        return { versions };
      });
      if ('refused' in stored) return { kind: 'invalid', issues: [...issues, ...stored.refused] };
      for (const { created, loaded } of stored.versions) if (created) ctx.definitions.deployed(loaded);
      const definitions = stored.versions.map(({ loaded }) => definitionView(loaded));
      return {
        kind: 'deployed',
        definition: definitions[0]!,
        definitions,
        created: stored.versions.some((v) => v.created),
        issues,
      };
    } catch (error) {
      // A concurrent deploy of the same key took the version number first: count again.
      const translated = translateDatabaseError(error);
      if (translated instanceof UniqueViolation && attempt < ctx.maxAttempts) continue;
      if (translated instanceof UniqueViolation)
        throw ConflictError.concurrent(`Definition "${compiled.map((c) => c.processId).join('", "')}"`, {
          cause: translated,
        });
      throw translated;
    }
  }
}

/** The version this very content already has, or the next version of the process's key. */
async function versionOf(
  unit: Unit,
  input: DeployInput,
  compiled: CompiledProcess,
  forms: Record<string, FormSchema>,
  sha256: string,
): Promise<Version> {
  // Forms the model declares field by field (camunda:formData) are stored beside the deployed ones.
  const storedForms: Record<string, FormSchema> = { ...generatedForms(compiled), ...forms };
  const same = await unit.select<LoadedDefinition>(
    sql`select "id", "forms" from "process_definitions" where "key" = ${compiled.processId} and "sha256" = ${sha256} order by "version" desc`,
  );
  const existing = same.find((row) => canonicalJson(row.forms) === canonicalJson(storedForms));
  if (existing)
    return { created: false, loaded: await unit.ctx.definitions.get(unitSource(unit), existing.id), unmarked: [] };
  const [latest] = await unit.select<{ version: number }>(
    sql`select coalesce(max("version"), 0) as "version" from "process_definitions" where "key" = ${compiled.processId}`,
  );
  const loaded: LoadedDefinition = {
    id: randomUUID(),
    key: compiled.processId,
    version: latest.version + 1,
    name: compiled.name ?? null,
    sha256,
    compiled,
    forms: storedForms,
    deployedBy: input.actor.id,
    deployedAt: unit.at,
  };
  return { created: true, loaded, unmarked: await unmarkedPersonal(unit, loaded) };
}

/** A new version that drops personal marks the deploy did not confirm is refused. */
function refusalOf(input: DeployInput, { loaded, unmarked }: Version): DefinitionIssue | undefined {
  const unconfirmed = unmarked.filter((name) => !input.confirmUnmarkedPersonal?.includes(name));
  return unconfirmed.length > 0 ? unmarkedIssue(loaded, unconfirmed) : undefined;
}

/**
 * A business rule task's decision that no deployed DMN model holds yet: the model deploys (the DMN
 * may follow), with a warning, since a case reaching the task would stop there with an incident.
 */
async function undeployedDecisions(ctx: EngineContext, compiled: CompiledProcess): Promise<DefinitionIssue[]> {
  const issues: DefinitionIssue[] = [];
  for (const job of compiled.catalogue.jobs) {
    if (!job.jobType.startsWith('decision:')) continue;
    const decisionId = job.jobType.slice('decision:'.length);
    if (await latestHolding(ctx, decisionId)) continue;
    issues.push({
      code: 'DECISION_NOT_DEPLOYED',
      severity: 'warning',
      elementId: job.elementId,
      elementType: 'bpmn:BusinessRuleTask',
      message:
        `The business rule task ${job.elementId} evaluates the decision "${decisionId}", which no deployed DMN ` +
        'model holds yet: deploy the DMN model before a case reaches the task, or the case stops there with an incident',
    });
  }
  return issues;
}

/** Names any earlier version of the key marks personal that this version does not. */
async function unmarkedPersonal(unit: Unit, next: LoadedDefinition): Promise<string[]> {
  const earlier = await unit.select<{ id: string }>(
    sql`select "id" from "process_definitions" where "key" = ${next.key}`,
  );
  const marked = new Set<string>();
  for (const { id } of earlier)
    for (const name of personalNames(await unit.ctx.definitions.get(unitSource(unit), id))) marked.add(name);
  const still = personalNames(next);
  return [...marked].filter((name) => !still.has(name)).sort();
}

function unmarkedIssue(next: LoadedDefinition, names: string[]): DefinitionIssue {
  return {
    code: 'PERSONAL_UNMARKED',
    severity: 'error',
    elementId: next.key,
    elementType: 'bpmn:Process',
    message:
      `Earlier versions of "${next.key}" mark ${names.map((n) => `"${n}"`).join(', ')} personal and this ` +
      `one does not: their values would lose their protection (hidden from other roles, ` +
      `erased after retention). Mark them again with rebaz:personal, ` +
      `or confirm the change by deploying with confirmUnmarkedPersonal: ` +
      `[${names.map((n) => `"${n}"`).join(', ')}]`,
  };
}

/** Forms must be form-js schemas whose patterns compile; errors name the form and the field. */
function checkForms(forms: Record<string, unknown>): Record<string, FormSchema> {
  const errors: FieldError[] = [];
  for (const [key, schema] of Object.entries(forms)) {
    if (!isFormSchema(schema)) {
      errors.push({ path: key, message: 'is not a form-js schema (an object with a "components" list)' });
      continue;
    }
    const shapeErrors = componentShapeErrors(key, schema.components);
    if (shapeErrors.length > 0) {
      errors.push(...shapeErrors);
      continue;
    }
    const visit = (components: FormSchema['components']) => {
      for (const c of components) {
        if (c.components) visit(c.components);
        const pattern = c.validate?.pattern;
        if (!pattern) continue;
        const compiled = compilePattern(pattern);
        if ('problem' in compiled)
          errors.push({
            path: `${key}.${c.key ?? c.type}`,
            message: `has a pattern that ${compiled.problem}: ${pattern}`,
          });
      }
    };
    visit(schema.components);
  }
  if (errors.length > 0) throw ValidationError.ofFields('The forms', errors);
  return forms as Record<string, FormSchema>;
}

/**
 * A form-js component is an object whose `type`, `key` and `path` are text and whose `components`
 * and `values` are lists: anything else in a deployed form is refused here, naming where it is,
 * before any part of the engine reads it.
 */
function componentShapeErrors(where: string, components: unknown[]): FieldError[] {
  return components.flatMap((component, index): FieldError[] => {
    const at = `${where}.components[${index}]`;
    if (typeof component !== 'object' || component === null || Array.isArray(component))
      return [{ path: at, message: 'is not a form-js component (an object with a "type")' }];
    const c = component as Record<string, unknown>;
    const errors: FieldError[] = [];
    for (const name of ['type', 'key', 'path'])
      if (c[name] !== undefined && typeof c[name] !== 'string')
        errors.push({ path: `${at}.${name}`, message: 'is not text' });
    for (const name of ['components', 'values'])
      if (c[name] !== undefined && !Array.isArray(c[name]))
        errors.push({ path: `${at}.${name}`, message: 'is not a list' });
    if (Array.isArray(c.components)) errors.push(...componentShapeErrors(at, c.components));
    return errors;
  });
}

function parseIssue(error: DefinitionParseError): DefinitionIssue {
  return {
    code: error.code,
    severity: 'error',
    elementId: '',
    elementType: 'bpmn:Definitions',
    message: error.message,
    ...(error.line !== undefined ? { line: error.line } : {}),
    ...(error.column !== undefined ? { column: error.column } : {}),
  };
}
