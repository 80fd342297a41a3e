import { describe, expect, it } from 'vitest';
import { startableElements } from './startable-elements';

const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="http://t">
  <bpmn:process id="Other" isExecutable="false"><bpmn:task id="Elsewhere" /></bpmn:process>
  <bpmn:process id="Licence" isExecutable="true">
    <bpmn:startEvent id="Start" name="Applied" />
    <bpmn:exclusiveGateway id="Route" />
    <bpmn:userTask id="Review" name=" Review the application " />
    <bpmn:boundaryEvent id="Late" attachedToRef="Review"><bpmn:timerEventDefinition /></bpmn:boundaryEvent>
    <bpmn:subProcess id="Pay" name="Payment"><bpmn:serviceTask id="Charge" name="Charge fee" /></bpmn:subProcess>
    <bpmn:subProcess id="OnCancel" triggeredByEvent="true">
      <bpmn:startEvent id="Cancelled"><bpmn:messageEventDefinition /></bpmn:startEvent>
    </bpmn:subProcess>
    <bpmn:endEvent id="End" name="Issued" />
    <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Route" />
    <bpmn:textAnnotation id="Note" />
  </bpmn:process>
</bpmn:definitions>`;

describe('startable elements', () => {
  it('lists the flow nodes of the process and its sub-processes, by name, without boundary events or event sub-processes', async () => {
    expect(await startableElements(xml, 'Licence')).toEqual([
      { id: 'Start', name: 'Applied' },
      { id: 'Route', name: null },
      { id: 'Review', name: 'Review the application' },
      { id: 'Pay', name: 'Payment' },
      { id: 'Charge', name: 'Charge fee' },
      { id: 'End', name: 'Issued' },
    ]);
  });

  it('is empty for an id that is not a process of the model', async () => {
    expect(await startableElements(xml, 'Review')).toEqual([]);
    expect(await startableElements(xml, 'Missing')).toEqual([]);
  });
});
