/** Whether a definition holds JavaScript, so that its hosts load the sandbox before it runs. */
import type { Expression, ProcessGraph } from '../../model/graph';
import { isJavaScript } from './language';

const LANGUAGE_ATTRIBUTE = /\b(?:scriptFormat|language)\s*=\s*["']([^"']*)["']/g;

/** A script task that names no scriptFormat, whose body is read as JavaScript. */
const SCRIPT_WITHOUT_FORMAT = /<(?:[\w-]+:)?scriptTask\b(?![^>]*\bscriptFormat\s*=)[^>]*>/;
/** `this.x`, which only a JavaScript body reads (expression.ts, readsThis). */
const READS_THIS = /\bthis\s*\.\s*[A-Za-z_$]/;

/**
 * True when the XML may hold JavaScript: a `scriptFormat` or `language` attribute names it, a
 * script task names no format, or a body reads `this.x`. A false positive only loads the sandbox.
 */
export function mentionsJavaScript(xml: string): boolean {
  for (const match of xml.matchAll(LANGUAGE_ATTRIBUTE)) if (isJavaScript(match[1])) return true;
  return SCRIPT_WITHOUT_FORMAT.test(xml) || READS_THIS.test(xml);
}

/**
 * True when any expression of the graph is JavaScript: a script task, a condition, an input or
 * output parameter's script, wherever a node or flow holds one.
 */
export function graphUsesJavaScript(graph: ProcessGraph): boolean {
  return [...Object.values(graph.nodes), ...Object.values(graph.flows)].some(holdsJavaScript);
}

function holdsJavaScript(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(holdsJavaScript);
  if (typeof value !== 'object' || value === null) return false;
  if ((value as Expression).language === 'javascript') return true;
  return Object.values(value).some(holdsJavaScript);
}

/** `execution.setVariable("fee", …)`, `setVariableLocal('fee', …)`: a variable named in the code. */
const SET_VARIABLE = /\bsetVariable(?:Local)?\s*\(\s*(["'])([A-Za-z_$][\w$]*)\1/g;
/** bpmn-engine's `environment.output.count = …`, `environment.variables.count++`. */
const ENVIRONMENT_WRITE = /\benvironment\.(?:output|variables)\.([A-Za-z_$][\w$]*)\s*(?:[-+*/%]?=(?!=)|\+\+|--)/g;

/**
 * The variables a script's own code names as it writes them: the model states them as plainly as
 * rebaz:outputs would, so a script task may write them (runtime/tokens/evaluate.ts). A name built
 * at run time is not among them, and stays a failure unless the task declares it.
 */
export function literalWrites(source: string): string[] {
  const names = new Set<string>();
  for (const match of source.matchAll(SET_VARIABLE)) names.add(match[2]);
  for (const match of source.matchAll(ENVIRONMENT_WRITE)) names.add(match[1]);
  return [...names];
}
