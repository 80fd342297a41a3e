import { describe, expect, it } from 'vitest';
import { buildDefinition } from '..';

const XML = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:rebaz="http://rebaz.dev/schema/bpmn"
  id="Defs" targetNamespace="http://rebaz.dev/test">
  <bpmn:process id="Sign" name="Shop sign licence" rebaz:name-ckb="مۆڵەتی تابلۆی دوکان"
    rebaz:name-ar="رخصة لافتة المحل" isExecutable="true">
    <bpmn:startEvent id="Start" />
    <bpmn:userTask id="Check" name="Check" rebaz:name-ckb="پشکنین" rebaz:candidateGroups="office" />
    <bpmn:endEvent id="Refused" name="Refused" rebaz:name-ar="مرفوض" />
    <bpmn:endEvent id="Plain" name="Plain" />
    <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Check" />
    <bpmn:sequenceFlow id="F2" sourceRef="Check" targetRef="Refused" />
    <bpmn:sequenceFlow id="F3" sourceRef="Check" targetRef="Plain" />
  </bpmn:process>
</bpmn:definitions>`;

describe('translated names (rebaz:name-<locale>)', () => {
  it('reads the process and element names per locale into the graph, and nothing for untranslated elements', async () => {
    const built = await buildDefinition(XML);
    if (built.kind !== 'compiled') throw new Error(JSON.stringify(built));
    const { graph } = built.compiled;
    expect(graph.names).toEqual({ ckb: 'مۆڵەتی تابلۆی دوکان', ar: 'رخصة لافتة المحل' });
    expect(graph.nodes.Check.names).toEqual({ ckb: 'پشکنین' });
    expect(graph.nodes.Refused.names).toEqual({ ar: 'مرفوض' });
    expect(graph.nodes.Plain.names).toBeUndefined();
  });
});
