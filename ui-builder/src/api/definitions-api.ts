/** GraphQL operations on service definitions: one function per operation. */
import type { FormSchema } from '../../../engine/forms/form-schema';
import { graphqlRequest } from './graphql-client';

export interface DeployInput {
  bpmnXml: string;
  forms: Record<string, FormSchema>;
}

export type DeployResult =
  | { __typename: 'DeploySuccess'; definition: { key: string; version: number } }
  | { __typename: 'ValidationFailed'; issues: Array<{ code: string; elementId: string; message: string }> };

const DEPLOY = /* GraphQL */ `
  mutation Deploy($input: DeployDefinitionInput!) {
    deployDefinition(input: $input) {
      __typename
      ... on DeploySuccess { definition { key version } }
      ... on ValidationFailed { issues { code elementId message } }
    }
  }`;

export async function deployDefinition(input: DeployInput): Promise<DeployResult> {
  const data = await graphqlRequest<{ deployDefinition: DeployResult }>(DEPLOY, { input });
  return data.deployDefinition;
}

const HOST_FUNCTIONS = /* GraphQL */ `
  query HostFunctions {
    hostFunctions
  }`;

/** The names of the host functions the server's engine provides, which its deploy checks calls against. */
export async function fetchHostFunctions(): Promise<string[]> {
  const data = await graphqlRequest<{ hostFunctions: string[] }>(HOST_FUNCTIONS);
  return data.hostFunctions;
}

export interface DefinitionSummary {
  key: string;
  version: number;
  name: string | null;
  deployedAt: string;
}

const LIST = /* GraphQL */ `
  query Definitions {
    definitions(first: 50) { edges { node { key version name deployedAt } } }
  }`;

export async function listDefinitions(): Promise<DefinitionSummary[]> {
  const data = await graphqlRequest<{ definitions: { edges: Array<{ node: DefinitionSummary }> } }>(LIST);
  return data.definitions.edges.map((edge) => edge.node);
}

const XML = /* GraphQL */ `
  query DefinitionXml($key: String!, $version: Int) {
    definition(key: $key, version: $version) { bpmnXml }
  }`;

export async function getDefinitionXml(key: string, version: number): Promise<string> {
  const data = await graphqlRequest<{ definition: { bpmnXml: string } | null }>(XML, { key, version });
  if (!data.definition) throw new Error(`No definition ${key} version ${version}`);
  return data.definition.bpmnXml;
}
