/**
 * The open cases of each version of some services and where they wait (`versionCases`), with the
 * names the model of that version gives those elements, in every language it has them.
 */
import { graphqlRequest } from '../../api/graphql-client';
import type { TranslatedNames } from '../../api/work-api';
import { modelName, namesInXml } from '../work/names';
import { versionCases } from './migration-api';

export interface OpenCases {
  openCases: number;
  waiting: { elementId: string; cases: number }[];
  /** The names of the version's elements: as drawn, and translated (`rebaz:name-ckb`). */
  drawn: Map<string, string>;
  translatedNames: TranslatedNames | undefined;
}

/** Where the cases wait, busiest first, by name in the reader's language: "Review (2)", "Pay (1)". */
export function waitingByName(open: OpenCases): { name: string; cases: number }[] {
  return open.waiting
    .map((w) => ({ name: modelName(open.translatedNames, w.elementId, open.drawn.get(w.elementId)), cases: w.cases }))
    .sort((a, b) => b.cases - a.cases || a.name.localeCompare(b.name));
}

/** By `<key>@<version>`. */
export async function openCasesByVersion(keys: string[]): Promise<Map<string, OpenCases>> {
  const found = new Map<string, OpenCases>();
  await Promise.all(
    [...new Set(keys)].map(async (key) => {
      const versions = await versionCases(key);
      await Promise.all(
        versions.map(async (v) => {
          const names = v.waiting.length ? await modelNames(key, v.version) : undefined;
          found.set(`${key}@${v.version}`, {
            openCases: v.openCases,
            waiting: v.waiting,
            drawn: names ? namesInXml(names.bpmnXml) : new Map(),
            translatedNames: names?.translatedNames,
          });
        }),
      );
    }),
  );
  return found;
}

async function modelNames(
  key: string,
  version: number,
): Promise<{ bpmnXml: string; translatedNames: TranslatedNames }> {
  const data = await graphqlRequest<{ definition: { bpmnXml: string; translatedNames: TranslatedNames } | null }>(
    /* GraphQL */ `query ModelNames($key: String!, $version: Int) {
      definition(key: $key, version: $version) { bpmnXml translatedNames }
    }`,
    { key, version },
  );
  return data.definition ?? { bpmnXml: '', translatedNames: {} };
}
