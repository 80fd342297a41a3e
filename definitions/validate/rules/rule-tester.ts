/**
 * Runs validation on small models written inline, for the rule tests. A model is the body of one
 * process, one element per line, so a test can state the line every issue must point at.
 *
 * @example
 * const xml = model([
 *   '<bpmn:startEvent id="Start" />',        // line 2
 *   '<bpmn:exclusiveGateway id="Choice" />', // line 3
 *   flow('F1', 'Start', 'Choice'),           // line 4
 * ]);
 * await checkRule(gatewayWithoutOutgoingRule, xml)
 * // [{ code: 'GATEWAY_WITHOUT_OUTGOING', elementId: 'Choice', line: 3 }]
 */
import { parseDefinition } from '../../parse';
import type { DefinitionIssue } from '../issue';
import type { Rule } from '../rule-context';
import { validateDefinition } from '../validate-definition';

const NAMESPACES = [
  'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"',
  'xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"',
  'xmlns:camunda="http://camunda.org/schema/1.0/bpmn"',
  'xmlns:rebaz="http://rebaz.dev/schema/bpmn"',
  'xmlns:flowable="http://flowable.org/bpmn"',
  'xmlns:activiti="http://activiti.org/bpmn"',
  'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"',
].join(' ');

/** What a rule test asserts of an issue: which rule fired, on which element, where. */
export type Finding = Pick<DefinitionIssue, 'code' | 'elementId' | 'line'>;

/**
 * A document with one process "P". Line 1 opens the definitions and the process, so `body[i]` is
 * on line i + 2; `roots` (messages, signals, errors) follow the process.
 */
export function model(body: string[], roots: string[] = []): string {
  return [
    `<bpmn:definitions ${NAMESPACES} id="Defs" targetNamespace="http://rebaz.dev/test">` +
      `<bpmn:process id="P" isExecutable="true">`,
    ...body,
    '</bpmn:process>',
    ...roots,
    '</bpmn:definitions>',
  ].join('\n');
}

/** A sequence flow on one line; a condition is written as FEEL unless it says otherwise. */
export function flow(id: string, from: string, to: string, condition?: string, language?: string): string {
  if (condition === undefined) return `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}" />`;
  const lang = language ? ` language="${language}"` : '';
  return (
    `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}">` +
    `<bpmn:conditionExpression ` +
    `xsi:type="bpmn:tFormalExpression"${lang}>${escapeXml(condition)}</bpmn:conditionExpression>` +
    `</bpmn:sequenceFlow>`
  );
}

/** The issues one rule finds in a model, in the order it reports them (the reader's warnings left out). */
export async function checkRule(
  rule: Rule,
  xml: string,
  options: { minTimerCycleSeconds?: number } = {},
): Promise<Finding[]> {
  const parsed = await parseDefinition(xml);
  const { issues } = validateDefinition(parsed, { ...options, processId: 'P', rules: [rule] });
  return issues.filter((issue) => issue.code !== 'XML_WARNING').map(finding);
}

/** Every issue validation finds with all its rules, parse warnings included. */
export async function validateModel(
  xml: string,
  options: { processId?: string } = { processId: 'P' },
): Promise<Finding[]> {
  const { issues } = validateDefinition(await parseDefinition(xml), options);
  return issues.map(finding);
}

function finding(issue: DefinitionIssue): Finding {
  return { code: issue.code, elementId: issue.elementId, line: issue.line };
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
