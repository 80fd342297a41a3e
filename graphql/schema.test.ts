/** graphql/schema.graphql is the contract frontends read: it must be what the code builds. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { printRebazSchema } from './schema';

describe('schema.graphql', () => {
  it('matches the schema the code builds (run `npm run schema` after changing a type)', () => {
    const committed = readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8');
    expect(printRebazSchema() === committed, 'graphql/schema.graphql is out of date: run `npm run schema`').toBe(true);
  });

  it('keeps the operations other tools depend on', () => {
    const sdl = printRebazSchema();
    for (const line of [
      'deployDefinition(input: DeployDefinitionInput!): DeployResult!',
      'startCase(input: StartCaseInput!): StartCasePayload!',
      'tasks(after: String, before: String, filter: TaskFilter, first: Int, last: Int): TaskConnection!',
      'claimTask(input: TaskInput!): ClaimTaskPayload!',
      'completeTask(input: CompleteTaskInput!): CompleteTaskPayload!',
      'case(id: ID!): Case',
      'union DeployResult = DeploySuccess | ValidationFailed',
      'caseUpdated(id: ID!): Case!',
      'inboxChanged: InboxChange!',
    ])
      expect(sdl).toContain(line);
  });
});
