import { describe, expect, it } from 'vitest';
import { validateDefinition } from '../validate-definition';
import { parseDefinition } from '../../parse';
import { decisionBindingRule } from './decision-binding.rule';
import { checkRule, flow, model, validateModel } from './rule-tester';

/** Start → Work → End, Work (line 3) being the given business rule task. */
const around = (work: string) =>
  model([
    '<bpmn:startEvent id="Start" />',
    work,
    '<bpmn:endEvent id="End" />',
    flow('F1', 'Start', 'Work'),
    flow('F2', 'Work', 'End'),
  ]);

const zeebe = (attributes: string) =>
  `<bpmn:businessRuleTask id="Work"><bpmn:extensionElements><zeebe:calledDecision decisionId="fee" ` +
  `resultVariable="fee" ${attributes}/></bpmn:extensionElements></bpmn:businessRuleTask>`;
const camunda = (attributes: string) =>
  `<bpmn:businessRuleTask id="Work" camunda:decisionRef="fee" camunda:resultVariable="fee" ${attributes}/>`;

async function taskOf(work: string) {
  const { graph } = validateDefinition(await parseDefinition(around(work)), { processId: 'P' });
  return graph?.nodes.Work.task;
}

describe('decision-binding rule', () => {
  it.each([
    ['the latest version (Zeebe, by default)', zeebe(''), undefined],
    ['the latest version (Zeebe, said)', zeebe('bindingType="latest"'), undefined],
    ['the latest version (Camunda 7)', camunda('camunda:decisionRefBinding="latest"'), undefined],
    ['Zeebe deployment', zeebe('bindingType="deployment"'), { type: 'deployment' }],
    ['Camunda 7 deployment', camunda('camunda:decisionRefBinding="deployment"'), { type: 'deployment' }],
    [
      'Camunda 7 version',
      camunda('camunda:decisionRefBinding="version" camunda:decisionRefVersion="3"'),
      { type: 'version', version: 3 },
    ],
    [
      'rebaz:decisionVersion over Zeebe',
      zeebe('').replace('id="Work"', 'id="Work" rebaz:decisionVersion="2"'),
      {
        type: 'version',
        version: 2,
      },
    ],
    [
      'rebaz:decisionVersion over Camunda 7',
      camunda('rebaz:decisionVersion="4" camunda:decisionRefBinding="latest"'),
      { type: 'version', version: 4 },
    ],
  ])('reads %s and finds nothing wrong', async (_, work, binding) => {
    expect(await checkRule(decisionBindingRule, around(work))).toEqual([]);
    const task = await taskOf(work);
    expect(task?.jobType).toBe('decision:fee');
    if (binding === undefined) expect(task?.decisionBinding).toBeUndefined();
    else expect(task?.decisionBinding).toMatchObject(binding);
  });

  it.each([
    ['a version that is not a number', camunda('rebaz:decisionVersion="latest"'), 'rebaz:decisionVersion="latest"'],
    ['version 0', camunda('rebaz:decisionVersion="0"'), 'whole number from 1'],
    ['a version binding without a version', camunda('camunda:decisionRefBinding="version"'), 'decisionRefVersion'],
    [
      'a version given as an expression',
      camunda('camunda:decisionRefBinding="version" camunda:decisionRefVersion="${v}"'),
      'not "${v}"',
    ],
    ['an unknown Camunda 7 binding', camunda('camunda:decisionRefBinding="newest"'), 'latest, deployment or version'],
    ['a Camunda 7 version tag', camunda('camunda:decisionRefBinding="versionTag"'), 'no version tags'],
    ['a Zeebe version tag', zeebe('bindingType="versionTag" versionTag="v1"'), 'rebaz:decisionVersion'],
    ['an unknown Zeebe binding', zeebe('bindingType="pinned"'), 'latest, deployment or versionTag'],
  ])('reports %s on the task, with what to do', async (_, work, words) => {
    expect(await checkRule(decisionBindingRule, around(work))).toEqual([
      { code: 'DECISION_BINDING', elementId: 'Work', line: 3 },
    ]);
    const { issues } = validateDefinition(await parseDefinition(around(work)), { processId: 'P' });
    expect(issues.find((i) => i.code === 'DECISION_BINDING')?.message).toContain(words);
  });

  it('reads camunda:mapDecisionResult, resultList by default as Camunda 7 does, and only in its dialect', async () => {
    expect((await taskOf(camunda('')))?.mapDecisionResult).toBe('resultList');
    expect((await taskOf(camunda('camunda:mapDecisionResult="singleEntry"')))?.mapDecisionResult).toBe('singleEntry');
    expect((await taskOf(zeebe('')))?.mapDecisionResult).toBeUndefined();
  });

  it('reports a mapping Camunda 7 does not have', async () => {
    const work = camunda('camunda:mapDecisionResult="firstEntry"');
    expect(await checkRule(decisionBindingRule, around(work))).toEqual([
      { code: 'DECISION_RESULT_MAPPING', elementId: 'Work', line: 3 },
    ]);
  });

  it('rebaz:decisionVersion is a known attribute of business rule tasks', async () => {
    const codes = (await validateModel(around(camunda('rebaz:decisionVersion="2"')))).map((i) => i.code);
    expect(codes).not.toContain('UNKNOWN_REBAZ_ATTRIBUTE');
    expect(codes).not.toContain('DECISION_BINDING');
  });
});
