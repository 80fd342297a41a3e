import { describe, expect, it } from 'vitest';
import { parseDefinition } from '../../parse';
import type { DefinitionIssue } from '../issue';
import { validateDefinition } from '../validate-definition';
import { formReferenceRule } from './form-reference.rule';
import { flow, model } from './rule-tester';

const xml = model([
  '<bpmn:startEvent id="Start" rebaz:form="apply" />',
  '<bpmn:userTask id="Review" rebaz:form="review" rebaz:candidateGroups="clerks" />',
  '<bpmn:endEvent id="End" name="Done" />',
  flow('F1', 'Start', 'Review'),
  flow('F2', 'Review', 'End'),
]);
const form = { components: [] };

async function check(
  forms?: Record<string, unknown>,
): Promise<Array<Pick<DefinitionIssue, 'code' | 'elementId' | 'line'>>> {
  const { issues } = validateDefinition(await parseDefinition(xml), {
    processId: 'P',
    rules: [formReferenceRule],
    ...(forms ? { forms } : {}),
  });
  return issues.map(({ code, elementId, line }) => ({ code, elementId, line }));
}

describe('form-reference rule', () => {
  it('accepts a model whose every form is deployed and used', async () => {
    expect(await check({ apply: form, review: form })).toEqual([]);
  });

  it('checks nothing when the caller has no forms to compare (rebaz validate)', async () => {
    expect(await check()).toEqual([]);
  });

  it('warns with FORM_NOT_DEPLOYED at the element whose form is missing', async () => {
    expect(await check({ apply: form })).toEqual([{ code: 'FORM_NOT_DEPLOYED', elementId: 'Review', line: 3 }]);
  });

  it('warns with FORM_UNUSED at the process for a deployed form no element shows', async () => {
    expect(await check({ apply: form, review: form, reveiw: form })).toEqual([
      { code: 'FORM_UNUSED', elementId: 'P', line: 1 },
    ]);
  });

  it('counts a form used by another process of the same file as used', async () => {
    const twoProcesses = xml.replace(
      '</bpmn:definitions>',
      '<bpmn:process id="Other"><bpmn:userTask id="Appeal" rebaz:form="appeal" /></bpmn:process></bpmn:definitions>',
    );
    const { issues } = validateDefinition(await parseDefinition(twoProcesses), {
      processId: 'P',
      rules: [formReferenceRule],
      forms: { apply: form, review: form, appeal: form },
    });
    expect(issues).toEqual([]);
  });
});
