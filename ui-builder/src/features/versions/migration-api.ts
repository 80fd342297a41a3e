/** GraphQL operations of the versions page: open cases per version, migration (dry run, background run), repair. */
import { graphqlRequest } from '../../api/graphql-client';

export interface VersionCases {
  version: number;
  openCases: number;
  waiting: { elementId: string; cases: number }[];
  openCaseIds: string[];
}

export interface ElementMapping {
  from: string;
  to: string;
}

export interface MigrationBlock {
  caseId: string;
  elementId: string | null;
  reason: string;
}

export interface MigrationRun {
  id: string;
  status: 'RUNNING' | 'COMPLETED' | 'CANCELLED';
  total: number;
  done: number;
  blocked: number;
  remaining: number;
  blocks: MigrationBlock[];
}

const RUN_FIELDS = 'id status total done blocked remaining blocks { caseId elementId reason }';

export async function versionCases(definitionKey: string): Promise<VersionCases[]> {
  const data = await graphqlRequest<{ versionCases: VersionCases[] }>(
    /* GraphQL */ `query VersionCases($key: String!) {
      versionCases(definitionKey: $key) { version openCases waiting { elementId cases } openCaseIds }
    }`,
    { key: definitionKey },
  );
  return data.versionCases;
}

export async function dryRunMigration(
  caseIds: string[],
  targetVersion: number,
  mappings: ElementMapping[],
): Promise<{ migrated: string[]; blocked: MigrationBlock[] }> {
  const data = await graphqlRequest<{ migrateCases: { migrated: string[]; blocked: MigrationBlock[] } }>(
    /* GraphQL */ `mutation DryRun($ids: [ID!]!, $v: Int!, $m: [ElementMappingInput!]) {
      migrateCases(input: {caseIds: $ids, targetVersion: $v, mappings: $m, dryRun: true}) {
        migrated blocked { caseId elementId reason }
      }
    }`,
    { ids: caseIds, v: targetVersion, m: mappings },
  );
  return data.migrateCases;
}

export async function startCaseMigration(
  definitionKey: string,
  fromVersion: number,
  targetVersion: number,
  mappings: ElementMapping[],
): Promise<MigrationRun> {
  const data = await graphqlRequest<{ startCaseMigration: MigrationRun }>(
    /* GraphQL */ `mutation StartMigration($key: String!, $from: Int!, $to: Int!, $m: [ElementMappingInput!]) {
      startCaseMigration(input: {definitionKey: $key, fromVersion: $from, targetVersion: $to, mappings: $m}) {
        ${RUN_FIELDS}
      }
    }`,
    { key: definitionKey, from: fromVersion, to: targetVersion, m: mappings },
  );
  return data.startCaseMigration;
}

export async function caseMigration(id: string): Promise<MigrationRun> {
  const data = await graphqlRequest<{ caseMigration: MigrationRun }>(
    /* GraphQL */ `query Migration($id: ID!) { caseMigration(id: $id) { ${RUN_FIELDS} } }`,
    { id },
  );
  return data.caseMigration;
}

export async function cancelCaseMigration(id: string): Promise<MigrationRun> {
  const data = await graphqlRequest<{ cancelCaseMigration: MigrationRun }>(
    /* GraphQL */ `mutation CancelMigration($id: ID!) { cancelCaseMigration(id: $id) { ${RUN_FIELDS} } }`,
    { id },
  );
  return data.cancelCaseMigration;
}

export interface TokenMove {
  caseId: string;
  cancel: string[];
  start: string[];
  reason: string;
}

export async function moveToken(move: TokenMove): Promise<{ status: string; activeElements: string[] }> {
  const data = await graphqlRequest<{ modifyCase: { case: { status: string; activeElements: string[] } } }>(
    /* GraphQL */ `mutation MoveToken($input: ModifyCaseInput!) {
      modifyCase(input: $input) { case { status activeElements } }
    }`,
    { input: move },
  );
  return data.modifyCase.case;
}
