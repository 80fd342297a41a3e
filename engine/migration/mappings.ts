/**
 * Which element of the new version stands for which element of the old one: the same id, unless a
 * mapping says otherwise. Mappings may name flow nodes, sequence flows and scopes (sub-processes,
 * event sub-processes, the process itself).
 */
import type { ProcessGraph } from '../../definitions/model/graph';

export interface ElementMapping {
  from: string;
  to: string;
}

/** A mapping that names no element of its version: the input is wrong, nothing is tried. */
export interface MappingIssue {
  /** `mappings[2].from` */
  path: string;
  message: string;
}

export interface Mapper {
  /** The id of the counterpart in the new version. */
  target(oldId: string): string;
  /** Whether some element of the old version maps onto this new id. */
  hasSource(newId: string): boolean;
}

function holds(graph: ProcessGraph, id: string): boolean {
  return id === graph.id || id in graph.nodes || id in graph.flows || id in graph.scopes;
}

/** Checks the mappings against both versions; every issue, none when they are usable. */
export function mappingIssues(
  from: ProcessGraph,
  to: ProcessGraph,
  mappings: readonly ElementMapping[],
  versions: { from: number; to: number },
): MappingIssue[] {
  const issues: MappingIssue[] = [];
  const seen = new Set<string>();
  mappings.forEach((mapping, i) => {
    if (seen.has(mapping.from))
      issues.push({
        path: `mappings[${i}].from`,
        message: `"${mapping.from}" is mapped twice; give each element one counterpart`,
      });
    seen.add(mapping.from);
    if (!holds(from, mapping.from))
      issues.push({
        path: `mappings[${i}].from`,
        message: `version ${versions.from} has no element "${mapping.from}"; check the id in that version`,
      });
    if (!holds(to, mapping.to))
      issues.push({
        path: `mappings[${i}].to`,
        message: `version ${versions.to} has no element "${mapping.to}"; check the id in that version`,
      });
  });
  return issues;
}

export function createMapper(from: ProcessGraph, mappings: readonly ElementMapping[]): Mapper {
  const explicit = new Map(mappings.map((m) => [m.from, m.to]));
  const sources = new Set<string>();
  for (const id of [from.id, ...Object.keys(from.nodes), ...Object.keys(from.flows)])
    sources.add(explicit.get(id) ?? id);
  return {
    target: (oldId) => explicit.get(oldId) ?? oldId,
    hasSource: (newId) => sources.has(newId),
  };
}
