/**
 * XML attacks against the definitions pipeline: each is refused with a clear error, within bounded
 * time and memory (the parse guard reads the text once and never expands or fetches anything).
 */
import { describe, expect, it } from 'vitest';
import { DefinitionParseError, parseDefinition } from '../../definitions';

async function refusal(xml: string): Promise<{ error: DefinitionParseError; ms: number; heapMb: number }> {
  const heapBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  const error = await parseDefinition(xml).then(
    () => undefined,
    (e: unknown) => e,
  );
  const ms = performance.now() - started;
  expect(error).toBeInstanceOf(DefinitionParseError);
  return { error: error as DefinitionParseError, ms, heapMb: (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20 };
}

const process_ = (inner: string) =>
  `<?xml version="1.0"?>\n<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="x">
  <bpmn:process id="P">${inner}</bpmn:process></bpmn:definitions>`;

describe('hostile XML', () => {
  it('entity expansion (billion laughs) is refused before anything expands', async () => {
    const lol = [
      '<!ENTITY lol "lol">',
      ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`),
    ].join('');
    const { error, heapMb } = await refusal(
      `<?xml version="1.0"?><!DOCTYPE lolz [${lol}]><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL">
      <bpmn:process id="P" name="&lol9;"/></bpmn:definitions>`,
    );
    expect(error.code).toBe('XML_DOCTYPE_FORBIDDEN');
    expect(heapMb).toBeLessThan(50);
  });

  it('external entities are refused and never fetched', async () => {
    const { error } = await refusal(
      '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>' +
        '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL">' +
        '<bpmn:process id="&xxe;"/></bpmn:definitions>',
    );
    expect(error.code).toBe('XML_DOCTYPE_FORBIDDEN');
    expect(error.message).toMatch(/DOCTYPE/);
  });

  it('deeply nested elements are refused without recursion', async () => {
    const depth = 100_000;
    const { error } = await refusal(
      process_(`${'<bpmn:subProcess id="s">'.repeat(depth)}${'</bpmn:subProcess>'.repeat(depth)}`),
    );
    expect(error.code).toBe('XML_TOO_DEEP');
  });

  it('a 50 MB document is refused by size, quickly and without parsing it', async () => {
    const filler = `<bpmn:task id="t" name="${'x'.repeat(1000)}"/>`;
    const huge = process_(filler.repeat(Math.ceil((50 * 2 ** 20) / filler.length)));
    const { error, ms } = await refusal(huge);
    expect(error.code).toBe('XML_TOO_LARGE');
    expect(error.message).toMatch(/MB/);
    expect(ms).toBeLessThan(5_000);
  });

  it('non-BPMN XML and garbage are refused with what to do', async () => {
    expect((await refusal('<html><body>hello</body></html>')).error.code).toBe('NOT_BPMN');
    expect((await refusal('\u0000\u0001binary')).error.code).toBe('XML_MALFORMED');
  });
});
