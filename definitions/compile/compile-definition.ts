/**
 * Compile: a validated process becomes a CompiledProcess — the XState machine config, the graph
 * its actions read, and the catalogue the engine needs. Deterministic and JSON-serialisable, so
 * the same output is stored at deploy, shipped to the browser and hashed.
 */
import type { ParsedDefinition } from '../parse';
import { processesOf, selectProcess } from '../parse/processes';
import { buildGraph } from '../model/build-graph';
import type { GeneratedForm, ProcessGraph } from '../model/graph';
import { isError } from '../validate/issue';
import { validateDefinition } from '../validate/validate-definition';
import { compileCatalogue, type Catalogue } from './catalogue';
import { compileMachineConfig, type MachineConfig } from './machine-config';

export interface CompiledProcess {
  formatVersion: 1;
  processId: string;
  name?: string;
  machine: MachineConfig;
  graph: ProcessGraph;
  catalogue: Catalogue;
}

export function compileProcess(graph: ProcessGraph): CompiledProcess {
  const compiled: CompiledProcess = {
    formatVersion: 1,
    processId: graph.id,
    machine: compileMachineConfig(graph),
    graph,
    catalogue: compileCatalogue(graph),
  };
  if (graph.name) compiled.name = graph.name;
  return compiled;
}

/** The forms the process generates from its elements' declared fields, by form key (generated-form.ts). */
export function generatedForms(compiled: CompiledProcess): Record<string, GeneratedForm> {
  const forms: Record<string, GeneratedForm> = {};
  for (const node of Object.values(compiled.graph.nodes))
    if (node.task?.generatedForm) forms[node.task.generatedForm.id] = node.task.generatedForm;
  return forms;
}

export function compileDefinition(parsed: ParsedDefinition, options: { processId?: string } = {}): CompiledProcess {
  const processEl = selectProcess(parsed, options.processId);
  if (!processEl)
    throw new Error(options.processId ? `The file has no process "${options.processId}"` : 'The file has no process');
  return compileProcess(buildGraph(processEl));
}

/**
 * Finds the other processes of the same file by id, compiled on first use: what call activities,
 * messages and signals start when a file is simulated on its own (the CLI, the browser, the
 * conformance tests).
 */
export function processResolver(parsed: ParsedDefinition): ProcessResolver {
  const cache = new Map<string, CompiledProcess | undefined>();
  const resolve = (processId: string) => {
    if (!cache.has(processId)) {
      const el = processesOf(parsed).find((p) => p.id === processId);
      // A called process is held to the rules its own deployment would be: an invalid one is not run.
      const valid = el && !validateDefinition(parsed, { processId }).issues.some(isError);
      cache.set(processId, valid ? compileProcess(buildGraph(el)) : undefined);
    }
    return cache.get(processId);
  };
  return Object.assign(resolve, { processIds: processesOf(parsed).map((p) => p.id as string) });
}

/**
 * Finds a file's processes by id; `processIds` lists them all, so that a message or signal can
 * start any of them at its start event, as it would start each once deployed.
 */
export type ProcessResolver = ((processId: string) => CompiledProcess | undefined) & {
  readonly processIds?: readonly string[];
};
