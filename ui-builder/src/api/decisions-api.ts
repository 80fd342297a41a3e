/** GraphQL operations on decision models (DMN): deploy, list versions, read a version's XML. */
import { graphqlRequest } from './graphql-client';

export interface DecisionVersion {
  key: string;
  version: number;
  name: string | null;
  decisionIds: string[];
  deployedBy: string;
  deployedAt: string;
}

export interface DecisionIssueView {
  code: string;
  elementId: string | null;
  line: number | null;
  column: number | null;
  message: string;
}

export type DeployDecisionResult =
  | {
      __typename: 'DecisionDeploySuccess';
      created: boolean;
      decisionDefinition: { key: string; version: number };
      warnings: DecisionIssueView[];
    }
  | { __typename: 'ValidationFailed'; issues: DecisionIssueView[] };

const ISSUE = 'code elementId line column message';
const DEPLOY = /* GraphQL */ `
  mutation DeployDecision($xml: String!) {
    deployDecision(input: { dmnXml: $xml }) {
      __typename
      ... on DecisionDeploySuccess { created decisionDefinition { key version } warnings { ${ISSUE} } }
      ... on ValidationFailed { issues { ${ISSUE} } }
    }
  }`;

export async function deployDecision(xml: string): Promise<DeployDecisionResult> {
  return (await graphqlRequest<{ deployDecision: DeployDecisionResult }>(DEPLOY, { xml })).deployDecision;
}

const LIST = /* GraphQL */ `
  query DecisionDefinitions($key: String) {
    decisionDefinitions(key: $key) { key version name decisionIds deployedBy deployedAt }
  }`;

/** The versions of one model, newest first; without a key, the latest version of every model. */
export async function listDecisionVersions(key?: string): Promise<DecisionVersion[]> {
  const data = await graphqlRequest<{ decisionDefinitions: DecisionVersion[] }>(LIST, key ? { key } : {});
  return data.decisionDefinitions;
}

const XML = /* GraphQL */ `
  query DecisionXml($key: String!, $version: Int) {
    decisionDefinition(key: $key, version: $version) { dmnXml }
  }`;

export async function getDecisionXml(key: string, version: number): Promise<string> {
  const data = await graphqlRequest<{ decisionDefinition: { dmnXml: string } }>(XML, { key, version });
  return data.decisionDefinition.dmnXml;
}
