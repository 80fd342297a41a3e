/**
 * The elements of a process where an administrator may start a token by hand (`modifyCase`): its
 * flow nodes in the order the model lists them, with those of its sub-processes. Boundary events
 * and event sub-processes are left out: only their trigger starts them.
 */
import { parseDefinition } from '../../../../definitions';

export interface ElementChoice {
  id: string;
  /** The name the model gives it, if any. */
  name: string | null;
}

interface ModdleElement {
  id: string;
  name?: string;
  $type: string;
  triggeredByEvent?: boolean;
  flowElements?: ModdleElement[];
  $instanceOf(type: string): boolean;
}

export async function startableElements(xml: string, processId: string): Promise<ElementChoice[]> {
  const { elementsById } = await parseDefinition(xml);
  const process = elementsById[processId] as ModdleElement | undefined;
  if (process?.$type !== 'bpmn:Process') return [];
  const found: ElementChoice[] = [];
  const walk = (scope: ModdleElement) => {
    for (const el of scope.flowElements ?? []) {
      if (!el.$instanceOf('bpmn:FlowNode') || el.$type === 'bpmn:BoundaryEvent' || el.triggeredByEvent) continue;
      found.push({ id: el.id, name: el.name?.trim() || null });
      if (el.flowElements) walk(el);
    }
  };
  walk(process);
  return found;
}
