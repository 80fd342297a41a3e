import { describe, expect, it } from 'vitest';
import { buildDefinition } from '../../index';
import { bpmn, chain } from '../../../test/conformance/harness';

const XML = bpmn(
  `<bpmn:startEvent id="Start" /><bpmn:userTask id="Check" name="Check documents" rebaz:form="check" />` +
    `<bpmn:endEvent id="End" />${chain('Start', 'Check', 'End')}`,
);

async function warnings(components: unknown[]) {
  const result = await buildDefinition(XML, { processId: 'P', forms: { check: { components } } });
  return result.issues.filter((i) => i.code === 'FORM_VALUE_IN_ADDRESS');
}

describe('form-value-address rule', () => {
  it('warns when case data becomes an image source, naming the form, the component and the task', async () => {
    const found = await warnings([{ id: 'Photo', type: 'image', source: '{{photoUrl}}' }]);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ severity: 'warning', elementId: 'Check' });
    expect(found[0].message).toMatch(
      /^Form "check", component Photo \(image\): its source "\{\{photoUrl\}\}" takes a value from the case/,
    );
  });

  it('warns for a link target or an HTML attribute in a template, also inside a group', async () => {
    const found = await warnings([
      { id: 'Summary', type: 'text', text: 'See [the receipt](https://bank.example/{{receipt}})' },
      { type: 'group', components: [{ id: 'Banner', type: 'html', content: '<img src="{{logo}}">' }] },
    ]);
    expect(found.map((i) => i.message.slice(0, 40))).toEqual([
      'Form "check", component Summary (text): ',
      'Form "check", component Banner (html): a',
    ]);
  });

  it('accepts values inserted as text, fixed addresses, and forms no element uses', async () => {
    expect(
      await warnings([
        {
          id: 'Summary',
          type: 'text',
          text:
            '### Application of {{fullName}}\nCategory **{{licenceCategory}}** · ' +
            '[rules](https://gov.example/rules)',
        },
        { id: 'Logo', type: 'image', source: 'https://gov.example/logo.png' },
      ]),
    ).toEqual([]);
    const unused = await buildDefinition(XML, {
      processId: 'P',
      forms: { other: { components: [{ id: 'Photo', type: 'image', source: '{{photoUrl}}' }] } },
    });
    expect(unused.issues.filter((i) => i.code === 'FORM_VALUE_IN_ADDRESS')).toEqual([]);
  });
});
