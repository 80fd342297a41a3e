/**
 * Cheap checks that run before moddle sees the text, so a hostile or absurd upload is refused
 * in linear time: size, DTDs (XXE, "billion laughs") and nesting depth.
 */
import { DefinitionParseError } from './parse-error';
import { lineColumnAt, scanXml } from './xml-scan';

export const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;
export const DEFAULT_MAX_DEPTH = 200;

export interface GuardOptions {
  /** Largest accepted document in UTF-8 bytes (default 5 MiB). */
  maxBytes?: number;
  /** Deepest accepted element nesting, the root being level 1 (default 200). */
  maxDepth?: number;
}

/** Throws a DefinitionParseError when the text must not reach the XML parser. */
export function guardDefinitionXml(xml: string, options: GuardOptions = {}): void {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  // Size: every UTF-16 unit is at least one UTF-8 byte, at most three.
  if (xml.length > maxBytes) throw DefinitionParseError.tooLarge(utf8ByteLength(xml), maxBytes);
  if (xml.length * 3 > maxBytes) {
    const bytes = utf8ByteLength(xml);
    if (bytes > maxBytes) throw DefinitionParseError.tooLarge(bytes, maxBytes);
  }
  // DTDs: refused anywhere, even inside comments, so no parser quirk can ever expand one.
  const dtd = DTD_PATTERN.exec(xml);
  if (dtd) {
    const { line, column } = lineColumnAt(xml, dtd.index);
    throw DefinitionParseError.doctypeForbidden(dtd[1].toUpperCase(), line, column);
  }
  // Depth and any other markup declaration, in one streaming pass.
  scanXml(xml, {
    declaration(offset) {
      const { line, column } = lineColumnAt(xml, offset);
      throw DefinitionParseError.doctypeForbidden(
        /^<!\s*([A-Za-z]*)/.exec(xml.slice(offset, offset + 20))?.[1] || '…',
        line,
        column,
      );
    },
    openTag(tag) {
      if (tag.depth <= maxDepth) return;
      const { line, column } = lineColumnAt(xml, tag.offset);
      throw DefinitionParseError.tooDeep(maxDepth, line, column);
    },
  });
}

const DTD_PATTERN = /<!\s*(doctype|entity)/i;

/** The UTF-8 encoded length of a string, without Buffer or TextEncoder allocation. */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}
