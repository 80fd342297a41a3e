import { describe, expect, it } from 'vitest';
import { linkEventRule } from './link-event.rule';
import { checkRule, flow, model } from './rule-tester';

/** Start → GoOn (a link throw named `thrown`, line 3); Resume (a link catch named `caught`) → End. */
const linked = (thrown: string, caught: string) =>
  model([
    '<bpmn:startEvent id="Start" />',
    `<bpmn:intermediateThrowEvent id="GoOn"><bpmn:linkEventDefinition name="${thrown}" />` +
      `</bpmn:intermediateThrowEvent>`,
    `<bpmn:intermediateCatchEvent id="Resume"><bpmn:linkEventDefinition name="${caught}" />` +
      `</bpmn:intermediateCatchEvent>`,
    '<bpmn:endEvent id="End" />',
    flow('F1', 'Start', 'GoOn'),
    flow('F2', 'Resume', 'End'),
  ]);

describe('link-event rule', () => {
  it('accepts a link throw with a catch of the same name', async () => {
    expect(await checkRule(linkEventRule, linked('page2', 'page2'))).toEqual([]);
  });

  it('refuses a link throw that no catch answers', async () => {
    expect(await checkRule(linkEventRule, linked('page2', 'page3'))).toEqual([
      { code: 'UNKNOWN_LINK', elementId: 'GoOn', line: 3 },
    ]);
  });

  it('refuses a link throw whose catch sits in another scope', async () => {
    const xml = model([
      '<bpmn:startEvent id="Start" />',
      '<bpmn:intermediateThrowEvent id="GoOn"><bpmn:linkEventDefinition name="page2" /></bpmn:intermediateThrowEvent>',
      '<bpmn:subProcess id="Body">',
      '<bpmn:intermediateCatchEvent id="Resume"><bpmn:linkEventDefinition name="page2" />' +
        '</bpmn:intermediateCatchEvent>',
      '</bpmn:subProcess>',
      flow('F1', 'Start', 'GoOn'),
    ]);
    expect(await checkRule(linkEventRule, xml)).toEqual([{ code: 'UNKNOWN_LINK', elementId: 'GoOn', line: 3 }]);
  });
});
