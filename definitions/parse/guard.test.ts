import { describe, expect, it } from 'vitest';
import { guardDefinitionXml, utf8ByteLength } from './guard';
import { DefinitionParseError } from './parse-error';

function rejection(xml: string, options = {}): DefinitionParseError {
  try {
    guardDefinitionXml(xml, options);
  } catch (error) {
    if (error instanceof DefinitionParseError) return error;
    throw error;
  }
  throw new Error('expected the guard to reject');
}

const BPMN = 'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"';

describe('guardDefinitionXml', () => {
  it('rejects an internal entity (billion laughs) with its position', () => {
    const xml =
      `<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n <!ENTITY lol2 ` +
      `"&lol;&lol;&lol;&lol;">\n]>\n<bpmn:definitions ${BPMN}>&lol2;</bpmn:definitions>`;
    const error = rejection(xml);
    expect(error.code).toBe('XML_DOCTYPE_FORBIDDEN');
    expect([error.line, error.column]).toEqual([2, 1]);
    expect(error.message).toMatch(
      /^Line 2, column 1: the file contains a <!DOCTYPE> declaration\..*Remove the declaration/,
    );
  });

  it('rejects an external entity, in any letter case', () => {
    const xml = `<!doctype d [<!ENTITY x SYSTEM "file:///etc/passwd">]><bpmn:definitions ${BPMN}>&x;</bpmn:definitions>`;
    expect(rejection(xml)).toMatchObject({ code: 'XML_DOCTYPE_FORBIDDEN', line: 1, column: 1 });
    const entityOnly = `<bpmn:definitions ${BPMN}>\n  <!Entity x SYSTEM "file:///etc/passwd"></bpmn:definitions>`;
    expect(rejection(entityOnly)).toMatchObject({ code: 'XML_DOCTYPE_FORBIDDEN', line: 2, column: 3 });
    expect(rejection(entityOnly).message).toContain('<!ENTITY>');
  });

  it('rejects other markup declarations that only make sense in a DTD', () => {
    expect(rejection('<a>\n<!ELEMENT a ANY></a>')).toMatchObject({ code: 'XML_DOCTYPE_FORBIDDEN', line: 2, column: 1 });
  });

  it('accepts comments and CDATA that start with <!', () => {
    expect(() => guardDefinitionXml('<a><!-- note --><![CDATA[x < y]]></a>')).not.toThrow();
  });

  it('rejects text over the byte limit, counting UTF-8 bytes', () => {
    const xml = `<a>${'é'.repeat(600)}</a>`; // 607 characters, 1207 bytes
    const error = rejection(xml, { maxBytes: 1000 });
    expect(error.code).toBe('XML_TOO_LARGE');
    expect(error.message).toBe(
      'The file is 1207 bytes; definitions are limited to 1000 bytes. Split the model or raise REBAZ_MAX_BPMN_BYTES.',
    );
    expect(() => guardDefinitionXml(xml, { maxBytes: 1207 })).not.toThrow();
  });

  it('reports megabytes for the default 5 MB limit', () => {
    const xml = `<a>${' '.repeat(Math.round(7.2 * 1024 * 1024))}</a>`;
    expect(rejection(xml).message).toBe(
      'The file is 7.2 MB; definitions are limited to 5 MB. Split the model or raise REBAZ_MAX_BPMN_BYTES.',
    );
  });

  it('rejects 10,000-deep nesting quickly, at the first element past the limit', () => {
    const xml = `<bpmn:definitions ${BPMN}>\n${'<a>'.repeat(10_000)}${'</a>'.repeat(10_000)}</bpmn:definitions>`;
    const started = performance.now();
    const error = rejection(xml);
    expect(performance.now() - started).toBeLessThan(100);
    expect(error.code).toBe('XML_TOO_DEEP');
    expect([error.line, error.column]).toEqual([2, 1 + 3 * 199]);
    expect(error.message).toMatch(/^Line 2, column 598: elements are nested more than 200 levels deep/);
  });

  it('counts depth correctly across self-closing and closed siblings', () => {
    const siblings = '<b/><c></c>'.repeat(1000);
    expect(() => guardDefinitionXml(`<a>${siblings}</a>`, { maxDepth: 2 })).not.toThrow();
    expect(rejection('<a><b><c/></b></a>', { maxDepth: 2 })).toMatchObject({ code: 'XML_TOO_DEEP', column: 7 });
  });
});

describe('utf8ByteLength', () => {
  it('counts 1, 2, 3 and 4 byte sequences', () => {
    for (const text of ['abc', 'é', '€', '😀', 'a€😀é', '\ud800']) {
      expect(utf8ByteLength(text)).toBe(new TextEncoder().encode(text).length);
    }
  });
});
