/**
 * Hostile values in every argument of every query and mutation, against a real server on
 * loopback, as an admin and as an applicant. The operations come from the built schema, so a
 * field added later is fuzzed without touching this file. Strings carry NUL, lone surrogates,
 * SQL and FEEL fragments, malformed ids, cursors and dates; numbers run to 1e20 and beyond.
 * Whatever arrives, while the database is up: no HTTP 5xx, no SERVICE_UNAVAILABLE, no masked
 * (INTERNAL_SERVER_ERROR) error, and /healthz stays ok. REBAZ_FUZZ_INPUT_RUNS sets the runs per
 * field and actor; REBAZ_FUZZ_INPUT_SECONDS bounds the whole run.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../engine';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLField,
  type GraphQLInputType,
} from '../../graphql/graphql-js';
import { schema } from '../../graphql/schema';
import { actors, graphql, startTestServer, type TestServer } from '../e2e/support';
import { CONSENT_XML } from '../e2e/models';
import { health } from './support/responsive';

const RUNS = Number(process.env.REBAZ_FUZZ_INPUT_RUNS ?? 15);
const BUDGET_MS = Number(process.env.REBAZ_FUZZ_INPUT_SECONDS ?? 90) * 1000;
const OUTAGE_CODES = new Set(['SERVICE_UNAVAILABLE', 'INTERNAL_SERVER_ERROR']);

/** Ids of real records, so that some requests get past "not found" into the code behind. */
const known = { caseId: '', taskId: '' };

const HOSTILE_TEXT = [
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfff',
  '\udc00\ud800',
  '😀',
  '\u202e',
  '',
  "'",
  "'; drop table cases; --",
  'a;b',
  '$1',
  '?',
  '\\',
  '%',
  '_',
  '%%%',
  "' or '1'='1",
  '\\x00',
  "E'\\\\'",
  '= 1/0',
  '${a.b}',
  '#{x}',
  'for i in 1..1000000 return i',
  'now()',
  '= (function() {})',
  'constructor',
  '__proto__',
  '1e20',
  '-1',
  '99999999999999999999999',
  'NaN',
  'Infinity',
  '00000000-0000-0000-0000-000000000000',
  'not-a-uuid',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  'eyJ4Ijo=',
  'MA==',
  'Y3Vyc29y',
  '2026-13-45',
  '0000-00-00',
  '+275760-09-13T00:00:00Z',
  '-271821-04-20T00:00:00Z',
  '300000-01-01',
  'yesterday',
  '<script>alert(1)</script>',
  '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
];

const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_TEXT) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(...HOSTILE_TEXT).chain((a) => fc.constantFrom(...HOSTILE_TEXT).map((b) => a + b)),
  },
  {
    weight: 2,
    arbitrary: fc.string({
      unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
      maxLength: 24,
    }),
  },
  { weight: 1, arbitrary: fc.constantFrom('caseId', 'taskId').map((k) => known[k as keyof typeof known]) },
);

const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(
    0,
    -1,
    1,
    2 ** 31 - 1,
    -(2 ** 31),
    2 ** 31,
    1e20,
    -1e20,
    1.5,
    Number.MAX_SAFE_INTEGER,
    Number.MIN_VALUE,
  ),
  fc.integer({ min: -1000, max: 1000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** A JSON value with hostile strings in keys and values, a few levels deep. */
const hostileJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileString,
    hostileNumber,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(hostileString, tie('value'), { maxKeys: 3 }),
  ),
})).value;

/** Any value, of any type: what a client can put in a variable whatever the schema says. */
const anything: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  hostileNumber,
  fc.boolean(),
  fc.constant(null),
  hostileJson,
);

/** A value for `type`, mostly of its shape, sometimes of another (the schema must refuse it cleanly). */
function valueFor(type: GraphQLInputType, depth = 0): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) return valueFor(type.ofType, depth);
  if (isListType(type)) return fc.array(valueFor(type.ofType, depth + 1), { maxLength: 3 });
  const shaped = shapedValue(type, depth);
  return fc.oneof({ weight: 5, arbitrary: shaped }, { weight: 1, arbitrary: anything });
}

function shapedValue(type: GraphQLInputType, depth: number): fc.Arbitrary<unknown> {
  if (isEnumType(type))
    return fc.oneof(fc.constantFrom(...type.getValues().map((v) => v.name)), fc.constantFrom('UNKNOWN', 'open', ''));
  if (isInputObjectType(type)) {
    if (depth > 3) return fc.constant({});
    const fields = Object.values(type.getFields());
    const entries = Object.fromEntries(fields.map((f) => [f.name, valueFor(f.type, depth + 1)]));
    const requiredKeys = fields.filter((f) => isNonNullType(f.type)).map((f) => f.name);
    return fc.record(entries, { requiredKeys });
  }
  if (isScalarType(type)) {
    switch (type.name) {
      case 'Int':
      case 'Float':
        return hostileNumber;
      case 'Boolean':
        return fc.boolean();
      case 'JSON':
        return hostileJson;
      default:
        return hostileString; // String, ID, DateTime and any scalar added later
    }
  }
  return anything;
}

interface Operation {
  name: string;
  text: string;
  variables: fc.Arbitrary<Record<string, unknown>>;
}

/** One operation per field: every argument through a variable of the argument's own type. */
function operationFor(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>): Operation {
  const declared = field.args.map((arg, i) => `$a${i}: ${arg.type.toString()}`);
  const passed = field.args.map((arg, i) => `${arg.name}: $a${i}`);
  const selection = isLeafType(getNamedType(field.type)) ? '' : ' { __typename }';
  const text =
    `${kind}${declared.length ? ` (${declared.join(', ')})` : ''} ` +
    `{ ${field.name}${passed.length ? `(${passed.join(', ')})` : ''}${selection} }`;
  const entries = Object.fromEntries(field.args.map((arg, i) => [`a${i}`, valueFor(arg.type)]));
  const requiredKeys = field.args.flatMap((arg, i) => (isNonNullType(arg.type) ? [`a${i}`] : []));
  return {
    name: `${kind} ${field.name}`,
    text,
    variables: fc.record(entries, { requiredKeys }) as fc.Arbitrary<Record<string, unknown>>,
  };
}

const operations: Operation[] = [
  ...Object.values(schema.getQueryType()?.getFields() ?? {})
    .filter((f) => f.args.length > 0)
    .map((f) => operationFor('query', f)),
  ...Object.values(schema.getMutationType()?.getFields() ?? {}).map((f) => operationFor('mutation', f)),
];

let server: TestServer;
const started = Date.now();
const tally = { requests: 0, coded: 0, ok: 0 };

beforeAll(async () => {
  server = await startTestServer();
  await server.engine.deploy({ xml: CONSENT_XML, actor: actors.analyst });
  const kase = await server.engine.startCase({ definitionKey: 'consent', actor: actors.applicant });
  known.caseId = kase.id;
  known.taskId = kase.openedTasks[0]?.id ?? kase.id;
});
afterAll(async () => {
  console.log(
    `fuzz-inputs: ${operations.length} operations, ${tally.requests} requests (${tally.ok} ` +
      `answered with data, ${tally.coded} refused with a code) ` +
      `in ${Math.round((Date.now() - started) / 1000)} s`,
  );
  await server?.dispose();
});

describe('hostile arguments', () => {
  it('covers every query with arguments and every mutation of the schema', () => {
    expect(operations.length).toBeGreaterThan(20);
    expect(operations.map((o) => o.name)).toEqual(
      expect.arrayContaining(['query cases', 'mutation startCase', 'mutation completeTask']),
    );
  });

  for (const [who, actor] of [
    ['admin', actors.admin],
    ['applicant', actors.applicant],
  ] as [string, Actor][]) {
    it(`never answers with an outage or a 5xx (as ${who})`, async () => {
      for (const operation of operations) {
        if (Date.now() - started > BUDGET_MS) break;
        await fc.assert(
          fc.asyncProperty(operation.variables, async (variables) => {
            const response = await graphql<unknown>(server.url, operation.text, variables, actor);
            tally.requests++;
            const codes = (response.errors ?? []).map((e) => e.extensions?.code);
            if (codes.length) tally.coded++;
            else tally.ok++;
            const context =
              `${operation.name} ${JSON.stringify(variables)} ` +
              `→ ${response.status} ${JSON.stringify(response.errors)}`;
            expect(response.status, context).toBeLessThan(500);
            for (const code of codes) {
              expect(code, context).toBeDefined();
              expect(OUTAGE_CODES.has(code as string), context).toBe(false);
            }
          }),
          {
            numRuns: RUNS,
            interruptAfterTimeLimit: Math.max(1, BUDGET_MS - (Date.now() - started)),
            endOnFailure: true,
          },
        );
        expect((await health(server.url)).status, `/healthz after ${operation.name}`).toBe(200);
      }
    });
  }
});
