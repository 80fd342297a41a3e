import { describe, expect, it } from 'vitest';
import { parseDefinition } from '../../parse';
import { validateDefinition } from '../validate-definition';
import { rebazAttributeRule } from './rebaz-attribute.rule';
import { checkRule, flow, model } from './rule-tester';

/** Start → Work → End, Work (line 3) being the given element. */
const around = (work: string) =>
  model([
    '<bpmn:startEvent id="Start" />',
    work,
    '<bpmn:endEvent id="End" name="Done" />',
    flow('F1', 'Start', 'Work'),
    flow('F2', 'Work', 'End'),
  ]);

async function messageOf(xml: string): Promise<string | undefined> {
  const { issues } = validateDefinition(await parseDefinition(xml), { processId: 'P', rules: [rebazAttributeRule] });
  return issues.find((i) => i.code !== 'XML_WARNING')?.message;
}

describe('rebaz-attribute rule', () => {
  it.each([
    [
      'rebaz attributes where they are read',
      '<bpmn:userTask id="Work" rebaz:form="apply" rebaz:candidateGroups="clerks" rebaz:name-ar="مراجعة" />',
    ],
    ['rebaz:calledElement on a call activity', '<bpmn:callActivity id="Work" rebaz:calledElement="child" />'],
    [
      'the Rebaz namespace under another prefix',
      '<bpmn:userTask id="Work" xmlns:rb="http://rebaz.dev/schema/bpmn" rb:form="apply" />',
    ],
    ["another vendor's attributes", '<bpmn:userTask id="Work" camunda:formKey="apply" />'],
  ])('accepts %s', async (_, work) => {
    expect(await checkRule(rebazAttributeRule, around(work))).toEqual([]);
  });

  it.each([
    ['a name Rebaz does not define', '<bpmn:userTask id="Work" rebaz:formKey="apply" />', 'did you mean rebaz:form?'],
    ['a misspelt name', '<bpmn:serviceTask id="Work" rebaz:jobtyp="check" />', 'did you mean rebaz:jobType?'],
    [
      'an attribute on an element that does not read it',
      '<bpmn:serviceTask id="Work" rebaz:jobType="check" rebaz:form="apply" />',
      'it is read on user tasks, start events only',
    ],
  ])('warns with UNKNOWN_REBAZ_ATTRIBUTE for %s', async (_, work, says) => {
    expect(await checkRule(rebazAttributeRule, around(work))).toEqual([
      { code: 'UNKNOWN_REBAZ_ATTRIBUTE', elementId: 'Work', line: 3 },
    ]);
    expect(await messageOf(around(work))).toContain(says);
  });

  it.each([
    ['a typo in the URI', 'http://rebaz.dev/schema/bpm'],
    ['https instead of http', 'https://rebaz.dev/schema/bpmn'],
    ['another path', 'http://rebaz.dev/bpmn'],
  ])('warns with REBAZ_NAMESPACE_TYPO for a prefix bound to %s', async (_, uri) => {
    const xml = around(`<bpmn:userTask id="Work" xmlns:rbz="${uri}" rbz:candidateGroups="clerks" />`);
    expect(await checkRule(rebazAttributeRule, xml)).toEqual([
      { code: 'REBAZ_NAMESPACE_TYPO', elementId: 'Work', line: 3 },
    ]);
    expect(await messageOf(xml)).toContain('bind the prefix to http://rebaz.dev/schema/bpmn');
  });

  it('finds the typo when the rebaz prefix itself is bound to the wrong URI on the definitions', async () => {
    const xml = around('<bpmn:userTask id="Work" rebaz:candidateGroups="clerks" />').replace(
      'xmlns:rebaz="http://rebaz.dev/schema/bpmn"',
      'xmlns:rebaz="http://rebaz.dev/schema/bpmn2"',
    );
    expect(await checkRule(rebazAttributeRule, xml)).toEqual([
      { code: 'REBAZ_NAMESPACE_TYPO', elementId: 'Work', line: 3 },
    ]);
  });

  it.each([
    ['camunda: bound to a shortened URI', 'camunda', 'http://camunda.org/bpmn', 'http://camunda.org/schema/1.0/bpmn'],
    ['https instead of http', 'camunda', 'https://camunda.org/schema/1.0/bpmn', 'http://camunda.org/schema/1.0/bpmn'],
    ["a typo in Zeebe's URI", 'zb', 'http://camunda.org/schema/zeebe/1.1', 'http://camunda.org/schema/zeebe/1.0'],
    [
      'flowable: bound to another flowable.org path',
      'flowable',
      'http://flowable.org/schema/bpmn',
      'http://flowable.org/bpmn',
    ],
    [
      "operaton: bound to Operaton's DMN namespace",
      'operaton',
      'http://operaton.org/schema/1.0/dmn',
      'http://operaton.org/schema/1.0/bpmn',
    ],
  ])('warns with ENGINE_NAMESPACE_TYPO for %s', async (_, prefix, uri, meant) => {
    const xml = around(`<bpmn:userTask id="Work" xmlns:${prefix}="${uri}" ${prefix}:assignee="kermit" />`);
    expect(await checkRule(rebazAttributeRule, xml)).toEqual([
      { code: 'ENGINE_NAMESPACE_TYPO', elementId: 'Work', line: 3 },
    ]);
    const message = await messageOf(xml);
    expect(message).toContain(
      `so its attributes are ignored (${prefix}:assignee among them): bind the prefix to ${meant}`,
    );
  });

  it.each([
    ['Camunda 7 under the activiti URI, as Camunda 7 reads it', 'camunda', 'http://activiti.org/bpmn'],
    ["Camunda Modeler's own namespace", 'modeler', 'http://camunda.org/schema/modeler/1.0'],
    ["Flowable's design namespace", 'design', 'http://flowable.org/design'],
    ["Operaton's namespace, read as Camunda 7's", 'operaton', 'http://operaton.org/schema/1.0/bpmn'],
  ])('leaves alone %s', async (_, prefix, uri) => {
    const xml = around(`<bpmn:userTask id="Work" xmlns:${prefix}="${uri}" ${prefix}:assignee="kermit" />`);
    expect(await checkRule(rebazAttributeRule, xml)).toEqual([]);
  });

  it("gives one OTHER_ENGINE_NAMESPACE for jBPM's drools: attributes, and no spelling warning per attribute", async () => {
    const xml = model([
      '<bpmn:startEvent id="Start" xmlns:drools="http://www.jboss.org/drools" drools:selectable="true" />',
      '<bpmn:endEvent id="End" name="Done" />',
      flow('F1', 'Start', 'End').replace('<bpmn:sequenceFlow', '<bpmn:sequenceFlow drools:priority="1"'),
    ]).replace(
      'xmlns:xsi=',
      'xmlns:drools="http://www.jboss.org/drools" xmlns="http://www.jboss.org/drools" xmlns:xsi=',
    );
    expect(await checkRule(rebazAttributeRule, xml)).toEqual([
      { code: 'OTHER_ENGINE_NAMESPACE', elementId: 'Start', line: 2 },
    ]);
    expect(await messageOf(xml)).toContain(
      "jBPM's namespace http://www.jboss.org/drools (prefix drools:) is used on start event Start and 1 other elements " +
        "(drools:selectable, drools:priority); Rebaz does not read jBPM's extensions",
    );
    const { issues } = validateDefinition(await parseDefinition(xml), { processId: 'P' });
    expect(issues.filter((i) => i.code === 'XML_WARNING')).toEqual([]);
  });
});
