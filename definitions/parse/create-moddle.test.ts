import { describe, expect, it } from 'vitest';
import { createModdle, UNDECLARED_ATTRIBUTES } from './create-moddle';

describe('createModdle', () => {
  it('builds every type of every package without property collisions', () => {
    const moddle = createModdle();
    const registry = moddle.registry;
    const failures: string[] = [];
    for (const [name, type] of Object.entries<{ extends?: string[] }>(registry.typeMap)) {
      if (type.extends?.length) continue; // traits only add properties to other types
      try {
        registry.getEffectiveDescriptor(name);
      } catch (error) {
        failures.push(`${name}: ${(error as Error).message}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('registers the rebaz, camunda, zeebe, flowable and activiti packages', () => {
    const moddle = createModdle();
    expect(
      ['rebaz', 'camunda', 'zeebe', 'flowable', 'activiti'].map((prefix) => moddle.getPackage(prefix)?.uri),
    ).toEqual([
      'http://rebaz.dev/schema/bpmn',
      'http://camunda.org/schema/1.0/bpmn',
      'http://camunda.org/schema/zeebe/1.0',
      'http://flowable.org/bpmn',
      'http://activiti.org/bpmn',
    ]);
  });

  it('declares rebaz attributes on the BPMN types they belong to', () => {
    const moddle = createModdle();
    const attrs = (type: string) =>
      moddle
        .create(type)
        .$descriptor.properties.filter((p: { ns: { prefix: string } }) => p.ns.prefix === 'rebaz')
        .map((p: { name: string }) => p.name)
        .sort();
    expect(attrs('bpmn:UserTask')).toEqual([
      'assignee',
      'candidateGroups',
      'candidateUsers',
      'dueDate',
      'form',
      'name-ar',
      'name-ckb',
      'outputs',
      'personal',
      'priority',
    ]);
    expect(attrs('bpmn:ScriptTask')).toEqual([
      'fetchVariables',
      'jobType',
      'name-ar',
      'name-ckb',
      'outputs',
      'personal',
      'resultVariable',
      'retries',
    ]);
    expect(attrs('bpmn:StartEvent')).toEqual(['form', 'name-ar', 'name-ckb', 'outputs', 'personal']);
    expect(attrs('bpmn:Message')).toEqual(['correlationKey', 'publishers']);
    expect(attrs('bpmn:Signal')).toEqual(['publishers']);
    expect(attrs('bpmn:Process')).toEqual(['agencies', 'name-ar', 'name-ckb', 'personal', 'sla']);
    expect(attrs('bpmn:BusinessRuleTask')).toEqual([
      'decisionVersion',
      'fetchVariables',
      'jobType',
      'name-ar',
      'name-ckb',
      'outputs',
      'personal',
      'retries',
    ]);
    expect(UNDECLARED_ATTRIBUTES.has('camunda:assignee')).toBe(true);
  });
});
