import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkDecisionXml, evaluateOpenModel, inputFields, readField } from './decision-check';

const LICENCE = readFileSync(
  new URL('../../../../examples/driving-licence/driving-licence.dmn', import.meta.url),
  'utf8',
);

describe('the decisions tab: checking and trying the open model', () => {
  it('validates the open model, with located issues', async () => {
    expect((await checkDecisionXml(LICENCE)).issues).toEqual([]);
    const broken = LICENCE.replace('<text>&lt; 16</text>', '<text>&lt; (16</text>');
    const { issues } = await checkDecisionXml(broken);
    expect(issues).toContainEqual(
      expect.objectContaining({ code: 'DMN_FEEL_SYNTAX', severity: 'error', elementId: 'TooYoungForA_age' }),
    );
    expect(issues.find((i) => i.code === 'DMN_FEEL_SYNTAX')?.line).toEqual(expect.any(Number));
  });

  it('reports a document that is not DMN as one issue', async () => {
    expect((await checkDecisionXml('<process/>')).issues).toEqual([
      expect.objectContaining({ code: expect.stringMatching(/^(NOT_DMN|DMN_UNREADABLE)$/), severity: 'error' }),
    ]);
  });

  it('offers one field per input data, typed by its typeRef', async () => {
    const { model } = await checkDecisionXml(LICENCE);
    expect(inputFields(model!)).toEqual([
      { name: 'category', typeRef: 'string', kind: 'string' },
      { name: 'age', typeRef: 'number', kind: 'number' },
      { name: 'priorLicence', typeRef: 'boolean', kind: 'boolean' },
    ]);
  });

  it('reads typed fields, and says what is wrong with one that does not read', () => {
    expect(readField('number', ' 17 ')).toEqual({ ok: true, value: 17 });
    expect(readField('number', 'seventeen')).toEqual({ ok: false, reason: 'not a number' });
    expect(readField('boolean', 'false')).toEqual({ ok: true, value: false });
    expect(readField('json', '{"a": [1]}')).toEqual({ ok: true, value: { a: [1] } });
    expect(readField('json', '{a}')).toEqual({ ok: false, reason: 'not JSON' });
    expect(readField('date', '')).toEqual({ ok: true, value: null });
  });

  it('evaluates every decision with the matched rules, and the errors', async () => {
    const { model } = await checkDecisionXml(LICENCE);
    expect(evaluateOpenModel(model!, { category: 'B', age: 17, priorLicence: false })).toEqual({
      results: {
        Eligibility: { eligible: false, reason: 'Category B is for applicants aged 18 or over' },
        Fee: 50,
        Assessment: { eligible: false, reason: 'Category B is for applicants aged 18 or over', fee: 50 },
      },
      errors: {},
      matched: { Eligibility: ['rule 2 (TooYoungForB)'], Fee: ['rule 1 (LightVehicles)'] },
    });
    const unknown = evaluateOpenModel(model!, { category: 'E', age: 30, priorLicence: false });
    expect(unknown.results.Fee).toBeNull();
    expect(unknown.errors.Fee).toMatch(/"E"/);
  });
});
