/** A validation finding: what is wrong, where (element id, type, line, column), and what to do. */
export type Severity = 'error' | 'warning';

export interface DefinitionIssue {
  code: string;
  severity: Severity;
  elementId: string;
  elementType: string;
  message: string;
  line?: number;
  column?: number;
}

export function isError(issue: DefinitionIssue): boolean {
  return issue.severity === 'error';
}

/** `<bpmn:UserTask id="Review" name="Review documents" />` as a short phrase for messages. */
export function describeElement(el: { id?: string; $type?: string; name?: string; type?: string }): string {
  const type = (el.$type ?? el.type ?? 'bpmn:Element').replace(/^bpmn:/, '');
  const words = type.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  if (!el.id) return el.name ? `${words} "${el.name}" (without an id)` : `a ${words} without an id`;
  return el.name ? `${words} "${el.name}" (${el.id})` : `${words} ${el.id}`;
}

/** A sequence flow at the start of a sentence: `Sequence flow "Approved?" (Flow_19987rd)`, or `Sequence flow F1` unnamed. */
export function describeFlow(flow: { id?: string; name?: string }): string {
  const phrase = describeElement({ ...flow, $type: 'bpmn:SequenceFlow' });
  return phrase.charAt(0).toUpperCase() + phrase.slice(1);
}
