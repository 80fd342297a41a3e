/**
 * The open cases of each version of some services and where they wait, by the names the model
 * gives those elements (`versionCases`, then the model of each version that has open cases).
 */
import { getDefinitionXml } from '../../api/definitions-api';
import { namesInXml } from '../work/names';
import { versionCases } from './migration-api';

export interface OpenCases {
  openCases: number;
  /** Busiest first: the element, its name (else its id) and how many open cases wait there. */
  waiting: { elementId: string; name: string; cases: number }[];
}

/** By `<key>@<version>`. */
export async function openCasesByVersion(keys: string[]): Promise<Map<string, OpenCases>> {
  const found = new Map<string, OpenCases>();
  await Promise.all(
    [...new Set(keys)].map(async (key) => {
      const versions = await versionCases(key);
      await Promise.all(
        versions.map(async (v) => {
          const names = v.waiting.length ? namesInXml(await getDefinitionXml(key, v.version)) : new Map();
          found.set(`${key}@${v.version}`, {
            openCases: v.openCases,
            waiting: v.waiting
              .map((w) => ({ ...w, name: names.get(w.elementId) ?? w.elementId }))
              .sort((a, b) => b.cases - a.cases || a.name.localeCompare(b.name)),
          });
        }),
      );
    }),
  );
  return found;
}
