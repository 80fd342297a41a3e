/**
 * Shared setup of the engine suites: a fresh database per file (PGlite, or PostgreSQL with
 * DATABASE_URL), an engine on a ManualClock, the usual actors and a tiny BPMN writer.
 */
import { createEngine, ManualClock, type Actor, type Engine, type EngineOptions } from '../../engine';
import { createTestDatabase, type TestDatabase } from '../support/database';

export const T0 = '2030-01-01T08:00:00.000Z';

export const analyst: Actor = { id: 'ana', roles: ['analyst'], groups: [] };
export const admin: Actor = { id: 'root', roles: ['admin'], groups: [] };
export const clerk: Actor = { id: 'clara', roles: ['clerk'], groups: ['licensing'] };
export const otherClerk: Actor = { id: 'carl', roles: ['clerk'], groups: ['licensing'] };
export const outsider: Actor = { id: 'olga', roles: ['clerk'], groups: ['permits'] };
export const applicant: Actor = { id: 'alice', roles: ['applicant'], groups: [] };
export const otherApplicant: Actor = { id: 'bob', roles: ['applicant'], groups: [] };
export const auditor: Actor = { id: 'audrey', roles: ['auditor'], groups: [] };
export const worker: Actor = { id: 'w-1', roles: ['worker'], groups: [] };

export interface Harness {
  db: TestDatabase;
  engine: Engine;
  clock: ManualClock;
  /** Another engine (node) on the same database and clock. */
  node(options?: Partial<EngineOptions>): Engine;
  /** Deploys and fails the test with the issues when the model is invalid. */
  deploy(xml: string, forms?: Record<string, unknown>): Promise<{ key: string; version: number; id: string }>;
  dispose(): Promise<void>;
}

export async function createHarness(options: Partial<EngineOptions> = {}): Promise<Harness> {
  const db = await createTestDatabase();
  const clock = new ManualClock(T0);
  const node = (extra: Partial<EngineOptions> = {}) => createEngine({ db, clock, ...options, ...extra });
  const engine = node();
  return {
    db,
    engine,
    clock,
    node,
    async deploy(xml, forms) {
      const result = await engine.deploy({ xml, ...(forms ? { forms } : {}), actor: analyst });
      if (result.kind === 'invalid')
        throw new Error(
          `Invalid test model:\n${result.issues.map((i) => `${i.code} ${i.elementId}: ${i.message}`).join('\n')}`,
        );
      return result.definition;
    },
    async dispose() {
      await engine.stopScheduler();
      await db.dispose();
    },
  };
}

const NAMESPACES = [
  'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"',
  'xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"',
  'xmlns:rebaz="http://rebaz.dev/schema/bpmn"',
  'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"',
].join(' ');

/** A whole document: `body` is the inside of <bpmn:process id="…">, `extra` more root elements. */
export function bpmn(id: string, body: string, extra = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions ${NAMESPACES} id="Defs_${id}" targetNamespace="http://rebaz.dev/test">
  <bpmn:process id="${id}" isExecutable="true">${body}</bpmn:process>${extra}
</bpmn:definitions>`;
}

export const flow = (from: string, to: string, condition?: string) => {
  const id = `Flow_${from}_${to}`;
  if (!condition) return `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}" />`;
  const escaped = condition.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}">
  <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${escaped}</bpmn:conditionExpression>
  </bpmn:sequenceFlow>`;
};

/** Flows a → b → c … between already declared elements. */
export const chain = (...ids: string[]) =>
  ids
    .slice(1)
    .map((id, i) => flow(ids[i], id))
    .join('');

/** A Zeebe-style user task offered to candidate groups, with an optional form. */
export const userTask = (id: string, groups = 'licensing', form?: string) =>
  `<bpmn:userTask id="${id}" name="${id}"><bpmn:extensionElements>
  <zeebe:assignmentDefinition candidateGroups="${groups}" />
  ${form ? `<zeebe:formDefinition formId="${form}" />` : ''}</bpmn:extensionElements></bpmn:userTask>`;

export const serviceTask = (id: string, type: string, retries = 3) =>
  `<bpmn:serviceTask id="${id}" name="${id}"><bpmn:extensionElements>
  <zeebe:taskDefinition type="${type}" retries="${retries}" /></bpmn:extensionElements></bpmn:serviceTask>`;

/** start → the given tasks → end, as one process. */
export function line(id: string, ...elements: [string, string][]): string {
  const ids = elements.map(([elementId]) => elementId);
  return bpmn(
    id,
    `<bpmn:startEvent id="Start" />${elements.map(([, xml]) => xml).join('')}<bpmn:endEvent id="End" />
    ${chain('Start', ...ids, 'End')}`,
  );
}

/** Catches the error a promise rejects with (fails the test when it resolves). */
export async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/**
 * The model with its start event declaring what a start may write (rebaz:outputs): applicants
 * write only what a model declares for them.
 */
export function startWrites(xml: string, names: string): string {
  return xml.replace(
    /<bpmn:startEvent id="(Start|[A-Za-z]*Start[A-Za-z]*)"/,
    `<bpmn:startEvent id="$1" rebaz:outputs="${names}"`,
  );
}
