/**
 * Where each element starts in the source, so warnings and validation issues can point at a line.
 */
import { createLineCounter, scanXml } from './xml-scan';

export interface SourceLocation {
  /** 1-based line. */
  line: number;
  /** 1-based column of the `<` (UTF-16 code units). */
  column: number;
}

/**
 * Maps every `id` attribute to the position of its element's start tag, in one linear pass.
 * The first element wins when an id is duplicated (validation reports duplicates).
 *
 * @example
 * locateElements('<definitions>\n  <process id="p"/>').get('p') // { line: 2, column: 3 }
 */
export function locateElements(xml: string): Map<string, SourceLocation> {
  const locations = new Map<string, SourceLocation>();
  const position = createLineCounter(xml);
  scanXml(xml, {
    openTag(tag) {
      const id = tag.attributes.find(([name]) => name === 'id')?.[1];
      if (id !== undefined && !locations.has(id)) locations.set(id, position(tag.offset));
    },
  });
  return locations;
}
