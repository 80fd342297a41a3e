import { describe, expect, it } from 'vitest';
import { buildDefinition, type CompiledProcess } from '../../../definitions';
import { startCaseMachine } from '../step';

const xml = `<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="D" targetNamespace="t">
  <bpmn:process id="P" isExecutable="true">
    <bpmn:startEvent id="Start" />
    <bpmn:userTask id="Review"><bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements>
      <zeebe:loopCharacteristics inputCollection="=items" inputElement="item" /></bpmn:extensionElements>
    </bpmn:multiInstanceLoopCharacteristics></bpmn:userTask>
    <bpmn:endEvent id="End" />
    <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Review" /><bpmn:sequenceFlow id="F2" sourceRef="Review"
      targetRef="End" />
  </bpmn:process></bpmn:definitions>`;

async function compiled(): Promise<CompiledProcess> {
  const built = await buildDefinition(xml);
  if (built.kind !== 'compiled') throw new Error(JSON.stringify(built.issues));
  return built.compiled;
}

const userTasks = (waits: Record<string, { kind: string }>) =>
  Object.values(waits).filter((w) => w.kind === 'userTask').length;

describe('multi-instance limit', () => {
  it('starts as many instances as the collection holds, up to the limit', async () => {
    const result = startCaseMachine(await compiled(), {
      variables: { items: [1, 2, 3] },
      at: '2030-01-01T00:00:00Z',
      limits: { instances: 3 },
    });
    expect(result.status).toBe('ACTIVE');
    expect(userTasks(result.snapshot.context.waits)).toBe(3);
  });

  it('raises an incident on the element past the limit, naming the setting, and opens no task', async () => {
    const result = startCaseMachine(await compiled(), {
      variables: { items: [1, 2, 3, 4] },
      at: '2030-01-01T00:00:00Z',
      limits: { instances: 3 },
    });
    expect(result.status).toBe('INCIDENT');
    expect(Object.values(result.snapshot.context.incidents)).toEqual([
      expect.objectContaining({
        elementId: 'Review',
        message: expect.stringMatching(/asks for 4 instances; at most 3.*REBAZ_MAX_INSTANCES/),
      }),
    ]);
    expect(userTasks(result.snapshot.context.waits)).toBe(0);
  });

  it('holds to 1000 instances when the host sets no limit', async () => {
    const result = startCaseMachine(await compiled(), {
      variables: { items: Array.from({ length: 1001 }, (_, i) => i) },
      at: '2030-01-01T00:00:00Z',
    });
    expect(result.status).toBe('INCIDENT');
  });
});
