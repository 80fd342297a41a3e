/**
 * A tiny forward-only XML tag scanner for the checks that must run before moddle sees the text
 * (depth, DTDs, the root element) and for element locations. It is not a validating parser:
 * it finds tags, skips comments, CDATA and processing instructions, and gives up quietly at the
 * first unterminated construct, leaving the error to moddle. Every character is visited a bounded
 * number of times, so a scan is linear in the input and never recurses.
 */

export interface OpenTag {
  /** The qualified tag name as written, e.g. `bpmn:userTask`. */
  name: string;
  /** Offset of the `<` that starts the tag. */
  offset: number;
  /** 1 for the root element. */
  depth: number;
  selfClosing: boolean;
  /** Attributes in document order, values with the predefined entities decoded. */
  attributes: Array<[name: string, value: string]>;
}

export interface ScanVisitor {
  /** Return false to stop the scan. */
  openTag?(tag: OpenTag): boolean | void;
  /** A `<!…>` markup declaration that is neither a comment nor CDATA (DOCTYPE, ENTITY, …). */
  declaration?(offset: number): boolean | void;
}

/** Walks the tags of `xml` in document order. */
export function scanXml(xml: string, visitor: ScanVisitor): void {
  let i = 0;
  let depth = 0;
  for (;;) {
    const lt = xml.indexOf('<', i);
    if (lt < 0) return;
    const next = xml.charCodeAt(lt + 1);
    let end: number;
    if (xml.startsWith('<!--', lt)) end = endOf(xml, '-->', lt + 4);
    else if (xml.startsWith('<![CDATA[', lt)) end = endOf(xml, ']]>', lt + 9);
    else if (next === QUESTION) end = endOf(xml, '?>', lt + 2);
    else if (next === BANG) {
      if (visitor.declaration?.(lt) === false) return;
      end = endOf(xml, '>', lt + 2);
    } else if (next === SLASH) {
      depth--;
      end = endOf(xml, '>', lt + 2);
    } else {
      const tag = readOpenTag(xml, lt, depth + 1);
      if (!tag) return;
      if (!tag.selfClosing) depth++;
      if (visitor.openTag?.(tag) === false) return;
      end = tag.end;
    }
    if (end < 0) return;
    i = end;
  }
}

/** The first element of the document, or undefined when there is none. */
export function rootTag(xml: string): OpenTag | undefined {
  let root: OpenTag | undefined;
  scanXml(xml, {
    openTag: (tag) => {
      root = tag;
      return false;
    },
  });
  return root;
}

/** The namespace URI a tag's prefix is bound to, looked up on the tag itself (enough for the root). */
export function namespaceOf(tag: OpenTag): string | undefined {
  const colon = tag.name.indexOf(':');
  const xmlns = colon < 0 ? 'xmlns' : `xmlns:${tag.name.slice(0, colon)}`;
  return tag.attributes.find(([name]) => name === xmlns)?.[1];
}

const QUESTION = 63; // ?
const BANG = 33; // !
const SLASH = 47; // /

function endOf(xml: string, terminator: string, from: number): number {
  const at = xml.indexOf(terminator, from);
  return at < 0 ? -1 : at + terminator.length;
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}

/** Reads `<name attr="v" …>` from `lt`; `end` is the offset after the closing `>`. */
function readOpenTag(xml: string, lt: number, depth: number): (OpenTag & { end: number }) | undefined {
  const n = xml.length;
  let i = lt + 1;
  while (i < n && !isSpace(xml.charCodeAt(i)) && xml[i] !== '>' && xml[i] !== '/') i++;
  const name = xml.slice(lt + 1, i);
  const attributes: Array<[string, string]> = [];
  while (i < n) {
    const c = xml[i];
    if (c === '>') return { name, offset: lt, depth, selfClosing: false, attributes, end: i + 1 };
    if (c === '/' && xml[i + 1] === '>') return { name, offset: lt, depth, selfClosing: true, attributes, end: i + 2 };
    if (isSpace(xml.charCodeAt(i)) || c === '/') {
      i++;
      continue;
    }
    const attrStart = i;
    while (i < n && !isSpace(xml.charCodeAt(i)) && xml[i] !== '=' && xml[i] !== '>' && xml[i] !== '/') i++;
    const attrName = xml.slice(attrStart, i);
    while (i < n && isSpace(xml.charCodeAt(i))) i++;
    if (xml[i] !== '=') {
      attributes.push([attrName, '']);
      continue;
    }
    i++;
    while (i < n && isSpace(xml.charCodeAt(i))) i++;
    const quote = xml[i];
    if (quote === '"' || quote === "'") {
      const close = xml.indexOf(quote, i + 1);
      if (close < 0) return undefined;
      attributes.push([attrName, decodeEntities(xml.slice(i + 1, close))]);
      i = close + 1;
    } else {
      const valueStart = i;
      while (i < n && !isSpace(xml.charCodeAt(i)) && xml[i] !== '>') i++;
      attributes.push([attrName, xml.slice(valueStart, i)]);
    }
  }
  return undefined;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(value: string): string {
  if (value.indexOf('&') < 0) return value;
  return value.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, ref: string) => {
    if (ref[0] !== '#') return ENTITIES[ref] ?? whole;
    const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/**
 * Converts increasing offsets to 1-based line and column in one pass over the text.
 * Lines end at `\n`, `\r\n` or a lone `\r` (as saxen counts them); columns count UTF-16 code units.
 */
export function createLineCounter(xml: string): (offset: number) => { line: number; column: number } {
  let scanned = 0;
  let line = 1;
  let lineStart = 0;
  return (offset) => {
    if (offset < scanned) return lineColumnAt(xml, offset);
    for (; scanned < offset; scanned++) {
      const c = xml.charCodeAt(scanned);
      if (c === 10 || (c === 13 && xml.charCodeAt(scanned + 1) !== 10)) {
        line++;
        lineStart = scanned + 1;
      }
    }
    return { line, column: offset - lineStart + 1 };
  };
}

/** 1-based line and column of one offset (a single linear pass; for error reporting). */
export function lineColumnAt(xml: string, offset: number): { line: number; column: number } {
  return createLineCounter(xml)(offset);
}

/**
 * XML allows white space around an attribute's `=` (`name = "After MI"`), which moddle's reader
 * does not: it drops the element's attributes with a warning. This moves that white space after
 * the value inside each tag (`name="After MI"  `), so no offset, line or column changes, and leaves
 * text, comments, CDATA and processing instructions alone.
 */
export function tightenAttributeEquals(xml: string): string {
  if (!/\s=\s*["']|=\s+["']/.test(xml)) return xml;
  let out = '';
  let i = 0;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    if (lt < 0) return out + xml.slice(i);
    out += xml.slice(i, lt);
    const skip = SKIPPED.find(([open]) => xml.startsWith(open, lt));
    const closed = skip ? endOf(xml, skip[1], lt + skip[0].length) : tagEnd(xml, lt);
    const end = closed < 0 ? xml.length : closed;
    const markup = xml.slice(lt, end);
    out += skip
      ? markup
      : markup.replace(
          ATTRIBUTE_EQUALS,
          (_, before, after, quote, value) => `=${quote}${value}${quote}${before}${after}`,
        );
    i = end;
  }
  return out;
}

const SKIPPED: [open: string, close: string][] = [
  ['<!--', '-->'],
  ['<![CDATA[', ']]>'],
  ['<?', '?>'],
  ['<!', '>'],
];
const ATTRIBUTE_EQUALS = /(\s*)=(\s*)(["'])([\s\S]*?)\3/g;

/** Just past the `>` that closes the tag at `lt`, quotes respected. */
function tagEnd(xml: string, lt: number): number {
  let quote = '';
  for (let j = lt + 1; j < xml.length; j++) {
    const c = xml[j];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return j + 1;
  }
  return xml.length;
}

/**
 * Prefixes used in element or attribute names that no `xmlns:` declaration anywhere in the file
 * binds (`<zeebe:taskDefinition>` in a file that never declares `xmlns:zeebe`), each with the
 * offset of its first use. Such XML is not namespace-well-formed, and the reader ignores what the
 * prefix names.
 */
export function undeclaredPrefixes(xml: string): Map<string, number> {
  const declared = new Set(['xml', 'xmlns']);
  const used = new Map<string, number>();
  scanXml(xml, {
    openTag: (tag) => {
      for (const [name] of tag.attributes) if (name.startsWith('xmlns:')) declared.add(name.slice(6));
      for (const name of [tag.name, ...tag.attributes.map(([attribute]) => attribute)]) {
        const colon = name.indexOf(':');
        if (colon > 0 && !used.has(name.slice(0, colon))) used.set(name.slice(0, colon), tag.offset);
      }
    },
  });
  for (const prefix of declared) used.delete(prefix);
  return used;
}
