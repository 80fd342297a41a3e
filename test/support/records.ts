import { randomUUID } from 'node:crypto';
import type { EntityManager, RequiredEntityData } from '@mikro-orm/core';
import { Case } from '../../engine/persistence/case/case.entity';
import { ProcessDefinition } from '../../engine/persistence/process-definition/process-definition.entity';

/** A fixed instant for rows whose time does not matter to the test. */
export const T0 = new Date('2026-01-01T00:00:00.000Z');

/** Persists (without flushing) a small deployed definition; override any field. */
export function createDefinition(
  em: EntityManager,
  overrides: Partial<RequiredEntityData<ProcessDefinition>> = {},
): ProcessDefinition {
  return em.create(ProcessDefinition, {
    id: randomUUID(),
    key: 'driving-licence',
    version: 1,
    name: 'Driving licence',
    xml: '<definitions/>',
    sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    compiled: { id: 'driving-licence', states: {} },
    forms: {},
    deployedBy: 'analyst@example.org',
    deployedAt: T0,
    ...overrides,
  });
}

/** Persists (without flushing) an ACTIVE case of `definition`; override any field. */
export function createCase(
  em: EntityManager,
  definition: ProcessDefinition,
  overrides: Partial<RequiredEntityData<Case>> = {},
): Case {
  return em.create(Case, {
    id: randomUUID(),
    definition,
    definitionKey: definition.key,
    status: 'ACTIVE',
    snapshot: { status: 'active', value: 'start', context: {} },
    variables: {},
    startedAt: T0,
    updatedAt: T0,
    ...overrides,
  });
}
