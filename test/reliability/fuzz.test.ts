/**
 * Property-based fuzzing of the definitions pipeline over mutated real models: whatever the bytes,
 * parse, validate and compile answer with a refusal, issues or a machine — never a crash — and a
 * compiled machine's first step returns within a time bound. REBAZ_FUZZ_RUNS sets the count.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { analyseFile, corpusFiles, readCorpusXml } from '../corpus/corpus';
import { SimulationPool } from '../corpus/simulate';
import { DefinitionParseError, isError, parseDefinition, validateDefinition, compileProcess } from '../../definitions';

const RUNS = Number(process.env.REBAZ_FUZZ_RUNS ?? 500);
const files = corpusFiles();
const sources = new Map(files.map((f) => [f, readCorpusXml(f)]));
const pool = new SimulationPool(5_000, 256);
afterAll(() => pool.close());

const REFS = [
  'sourceRef',
  'targetRef',
  'attachedToRef',
  'default',
  'messageRef',
  'signalRef',
  'errorRef',
  'calledElement',
  'id',
];

/** One textual mutation of a BPMN document. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('drop-element' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate-element' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('retarget' as const),
    at: fc.nat(),
    attr: fc.constantFrom(...REFS),
    value: fc.oneof(fc.constantFrom('', 'Missing_1', 'StartEvent_1'), fc.string({ maxLength: 12 })),
  }),
  fc.record({
    kind: fc.constant('condition' as const),
    at: fc.nat(),
    body: fc.oneof(
      fc.constantFrom('=', '${a.b()}', '= a >', 'true', '#{x}', '= [1,2][', 'return 1;'),
      fc.string({ maxLength: 30 }),
    ),
  }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.constantFrom(
      '<',
      '>',
      '&',
      '<bpmn:task/>',
      '<bpmn:startEvent id="S"/>',
      '"',
      '\u0000',
      '<![CDATA[x]]>',
      '<bpmn:parallelGateway id="G"/>',
    ),
  }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

const ELEMENT = /<bpmn:(\w+)\b[^>]*?(\/>|>[\s\S]*?<\/bpmn:\1>)/g;

function pick<T>(items: T[], at: number): T | undefined {
  return items.length === 0 ? undefined : items[at % items.length];
}

function mutate(xml: string, m: Mutation): string {
  switch (m.kind) {
    case 'drop-element':
    case 'duplicate-element': {
      const match = pick([...xml.matchAll(ELEMENT)], m.at);
      if (!match || match.index === undefined) return xml;
      const end = match.index + match[0].length;
      return m.kind === 'drop-element'
        ? xml.slice(0, match.index) + xml.slice(end)
        : xml.slice(0, end) + match[0] + xml.slice(end);
    }
    case 'retarget': {
      const match = pick([...xml.matchAll(new RegExp(`\\b${m.attr}="[^"]*"`, 'g'))], m.at);
      if (!match || match.index === undefined) return xml;
      return `${xml.slice(0, match.index)}
      ${m.attr}="${m.value.replace(/["<&]/g, '')}"${xml.slice(match.index + match[0].length)}`;
    }
    case 'condition': {
      const match = pick(
        [...xml.matchAll(/(<(?:bpmn:)?conditionExpression[^>]*>)([\s\S]*?)(<\/(?:bpmn:)?conditionExpression>)/g)],
        m.at,
      );
      if (!match || match.index === undefined) return xml;
      const body = m.body.replace(/[<&]/g, ' ');
      return xml.slice(0, match.index) + match[1] + body + match[3] + xml.slice(match.index + match[0].length);
    }
    case 'truncate':
      return xml.slice(0, m.at % (xml.length + 1));
    case 'insert': {
      const at = m.at % (xml.length + 1);
      return xml.slice(0, at) + m.text + xml.slice(at);
    }
  }
}

describe('fuzzing validate and compile over the corpus', () => {
  it(`answers every mutated model with a refusal, issues or a machine (${RUNS} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: files.length - 1 }),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        async (index, mutations) => {
          const xml = mutations.reduce(mutate, sources.get(files[index]) as string);
          let parsed;
          try {
            parsed = await parseDefinition(xml);
          } catch (error) {
            expect(error).toBeInstanceOf(DefinitionParseError);
            expect((error as Error).message.length).toBeGreaterThan(10);
            return;
          }
          const { issues, graph } = validateDefinition(parsed);
          for (const issue of issues) expect(issue.code && issue.message).toBeTruthy();
          if (issues.some(isError) || !graph) return;
          const compiled = compileProcess(graph);
          expect(JSON.parse(JSON.stringify(compiled))).toEqual(compiled);
          const outcome = await pool.simulate(compiled);
          expect(outcome.crash).toBeUndefined();
          expect(outcome.runaway).toBeUndefined();
        },
      ),
      { numRuns: RUNS, seed: process.env.REBAZ_FUZZ_SEED ? Number(process.env.REBAZ_FUZZ_SEED) : undefined },
    );
  }, 300_000);

  it('the unmutated corpus goes through the same path without a crash', async () => {
    for (const file of files.slice(0, 40)) {
      const outcome = await analyseFile(file);
      expect(outcome.crash).toBeUndefined();
    }
  });
});
