import { describe, expect, it } from 'vitest';
import { declaredEncoding, decodeDefinitionBytes } from './decode';

function latin1(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

describe('decodeDefinitionBytes', () => {
  it('honours an ISO-8859-1 declaration', () => {
    const bytes = latin1('<?xml version="1.0" encoding="ISO-8859-1"?><a name="Caf\u00e9"/>');
    expect(decodeDefinitionBytes(bytes)).toBe('<?xml version="1.0" encoding="ISO-8859-1"?><a name="Café"/>');
  });

  it('reads UTF-8 by default and after a byte order mark', () => {
    const utf8 = new TextEncoder().encode('<a name="Café €"/>');
    expect(decodeDefinitionBytes(utf8)).toBe('<a name="Café €"/>');
    expect(decodeDefinitionBytes(Uint8Array.of(0xef, 0xbb, 0xbf, ...utf8))).toBe('<a name="Café €"/>');
  });

  it('reads UTF-16 with a byte order mark', () => {
    const text = '<a name="é"/>';
    const bytes = Uint8Array.of(0xff, 0xfe, ...[...text].flatMap((c) => [c.charCodeAt(0), 0]));
    expect(decodeDefinitionBytes(bytes)).toBe(text);
  });

  it('falls back to UTF-8 for an unknown encoding', () => {
    const bytes = new TextEncoder().encode('<?xml version="1.0" encoding="x-martian"?><a name="é"/>');
    expect(decodeDefinitionBytes(bytes)).toContain('name="é"');
  });

  it('finds the declared encoding only in the XML declaration', () => {
    expect(declaredEncoding('<?xml version="1.0" encoding=\'windows-1252\' standalone="yes"?>')).toBe('windows-1252');
    expect(declaredEncoding('<a encoding="latin1"/>')).toBeUndefined();
  });
});
