/**
 * Cases changing version (migration) and repaired by hand (modification), as pure functions of
 * the compiled versions and the case's snapshot; engine/commands/migrate.ts and modify.ts write
 * what they decide.
 */
export { createMapper, mappingIssues, type ElementMapping, type MappingIssue } from './mappings';
export { migrateCase, type MigrationBlock, type MigrationInput, type MigrationOutcome } from './migrate-case';
export { modifyCase, ModificationRefused, type Modification, type ModificationResult } from './modify-case';
