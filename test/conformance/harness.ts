/**
 * Conformance harness: a BPMN body wrapped into a definitions document, compiled by the real
 * pipeline and run by the same simulator `rebaz simulate` uses. Traces are compared as
 * `event:elementId` strings so each test reads like the expected token walk.
 */
import { expect } from 'vitest';
import { buildDefinition, processResolver } from '../../definitions';
import { compactSnapshot, expandSnapshot } from '../../engine/persistence/case/compact-snapshot';
import type { JsonObject } from '../../engine/persistence/json';
import { runScenario, type ScenarioEvent, type ScenarioReport } from '../../engine/runtime/scenario';
import { Simulation, type SimulatedCase } from '../../engine/runtime/simulator';
import type { CaseSnapshot } from '../../engine/runtime/step';

/**
 * Every snapshot a conformance model reaches goes through the form the database stores
 * (engine/persistence/case/compact-snapshot.ts) and must come back equal; the case then runs on
 * from the restored one, as the engine's cases do.
 */
const absorb = (Simulation.prototype as unknown as { absorb: (c: SimulatedCase, result: unknown) => void }).absorb;
(Simulation.prototype as unknown as { absorb: typeof absorb }).absorb = function (c, result) {
  absorb.call(this, c, result);
  const full = JSON.parse(JSON.stringify(c.snapshot)) as JsonObject;
  const stored = JSON.parse(JSON.stringify(compactSnapshot(full))) as JsonObject;
  const restored = expandSnapshot(stored);
  expect(restored).toEqual(full);
  c.snapshot = restored as unknown as CaseSnapshot;
};

const NAMESPACES = [
  'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"',
  'xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"',
  'xmlns:camunda="http://camunda.org/schema/1.0/bpmn"',
  'xmlns:rebaz="http://rebaz.dev/schema/bpmn"',
  'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"',
].join(' ');

/** A whole document: `process` is the inside of <bpmn:process id="P">, `extra` more root elements. */
export function bpmn(process: string, extra = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions ${NAMESPACES} id="Defs" targetNamespace="http://rebaz.dev/test">
  <bpmn:process id="P" isExecutable="true">${process}</bpmn:process>${extra}
</bpmn:definitions>`;
}

export async function simulate(xml: string, events: ScenarioEvent[] = []): Promise<ScenarioReport> {
  const result = await buildDefinition(xml, { processId: 'P' });
  if (result.kind === 'invalid') {
    throw new Error(
      `Invalid test model:\n${result.issues.map((i) => `${i.code} ${i.elementId}: ${i.message}`).join('\n')}`,
    );
  }
  return runScenario(result.compiled, events, processResolver(result.parsed));
}

/** The completed elements of the main case, in order ("completed" trace entries, flows excluded). */
export function completed(report: ScenarioReport, caseId = 'case-1'): string[] {
  return report.trace
    .filter(
      (t) => t.caseId === caseId && t.event === 'completed' && !t.elementId.startsWith('Flow') && t.elementId !== 'P',
    )
    .map((t) => t.elementId);
}

/** Trace entries as `event:elementId`, flows and the process itself left out. */
export function walk(report: ScenarioReport, caseId = 'case-1'): string[] {
  return report.trace
    .filter((t) => t.caseId === caseId && t.event !== 'taken' && t.elementId !== 'P')
    .map((t) => `${t.event}:${t.elementId}`);
}

export async function validate(
  xml: string,
): Promise<{ code: string; elementId: string; severity: string; message: string }[]> {
  const result = await buildDefinition(xml, { processId: 'P' });
  return result.issues;
}

export const flow = (id: string, from: string, to: string, condition?: string) =>
  condition
    ? `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}">
    <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${condition.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</bpmn:conditionExpression>
    </bpmn:sequenceFlow>`
    : `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}" />`;

export const userTask = (id: string, attrs = '') => `<bpmn:userTask id="${id}" ${attrs} />`;
export const job = (id: string, type: string) =>
  `<bpmn:serviceTask id="${id}"><bpmn:extensionElements><zeebe:taskDefinition type="${type}" /></bpmn:extensionElements>
  </bpmn:serviceTask>`;

/** A chain a → b → c … of already declared element ids, flows named Flow_<a>_<b>. */
export function chain(...ids: string[]): string {
  return ids
    .slice(1)
    .map((id, i) => flow(`Flow_${ids[i]}_${id}`, ids[i], id))
    .join('');
}
