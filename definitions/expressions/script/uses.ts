/** Whether a definition holds JavaScript, so that its hosts load the sandbox before it runs. */
import type { Expression, ProcessGraph } from '../../model/graph';
import { isJavaScript } from './language';

const LANGUAGE_ATTRIBUTE = /\b(?:scriptFormat|language)\s*=\s*["']([^"']*)["']/g;

/** True when a `scriptFormat` or `language` attribute of the XML names JavaScript. */
export function mentionsJavaScript(xml: string): boolean {
  for (const match of xml.matchAll(LANGUAGE_ATTRIBUTE)) if (isJavaScript(match[1])) return true;
  return false;
}

/** True when a script task or a sequence-flow condition of the graph is JavaScript. */
export function graphUsesJavaScript(graph: ProcessGraph): boolean {
  const isScript = (expr: Expression | undefined) => expr?.language === 'javascript';
  return (
    Object.values(graph.nodes).some((node) => isScript(node.task?.script)) ||
    Object.values(graph.flows).some((flow) => isScript(flow.condition))
  );
}
