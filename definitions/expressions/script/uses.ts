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
