/**
 * Where a character of an expression is in the DMN text: from the start tag of the element with
 * that id, through its `<text>` content (entities and CDATA taken into account), to a line and
 * column, so a FEEL syntax error points at the character itself.
 */
import type { SourceLocation } from '../parse/locations';
import type { DecisionModel } from './model';

const ENTITY = /^&(?:[a-zA-Z]+|#\d+|#x[0-9a-fA-F]+);/;

export function lineStarts(source: string): number[] {
  const starts = [0];
  for (let i = 0; i < source.length; i++) {
    if (source[i] === '\n' || (source[i] === '\r' && source[i + 1] !== '\n')) starts.push(i + 1);
  }
  return starts;
}

function locationAt(starts: readonly number[], offset: number): SourceLocation {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (starts[middle] <= offset) low = middle;
    else high = middle - 1;
  }
  return { line: low + 1, column: offset - starts[low] + 1 };
}

/** The position of character `index` of the `<text>` of element `elementId`, when it can be found. */
export function expressionPosition(
  model: DecisionModel,
  starts: readonly number[],
  elementId: string,
  index: number,
): SourceLocation | undefined {
  const element = model.locations.get(elementId);
  if (!element || element.line > starts.length) return undefined;
  const text = /<(?:[\w.-]+:)?text>/g;
  text.lastIndex = starts[element.line - 1] + element.column - 1;
  const open = text.exec(model.source);
  if (!open) return undefined;
  let raw = open.index + open[0].length;
  const cdata = model.source.startsWith('<![CDATA[', raw);
  if (cdata) raw += 9;
  for (let decoded = 0; decoded < index && raw < model.source.length; decoded++) {
    const entity = cdata ? null : ENTITY.exec(model.source.slice(raw, raw + 12));
    raw += entity ? entity[0].length : 1;
  }
  return locationAt(starts, raw);
}
