/** `JSON` (any JSON value: variables, form schemas, form data) and `DateTime` (ISO 8601, UTC). */
import { GraphQLError, Kind, valueFromASTUntyped } from '../graphql-js';
import { builder } from '../builder';

/**
 * Deeper input is refused: nothing legitimate nests this far, and recursive code downstream must not meet 10,000
 * levels.
 */
export const MAX_JSON_DEPTH = 64;

builder.scalarType('JSON', {
  description: 'Any JSON value: case variables, form-js schemas, submitted form data.',
  serialize: (value) => value,
  parseValue: (value) => withinDepth(value),
  // graphql-js builds literal objects without a prototype; give them the plain shape variables have.
  parseLiteral: (ast, variables) =>
    JSON.parse(JSON.stringify(withinDepth(valueFromASTUntyped(ast, variables ?? undefined)) ?? null)) as unknown,
});

/** Checks the nesting depth without recursion, so the check itself cannot overflow the stack. */
function withinDepth(value: unknown): unknown {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop() as [unknown, number];
    if (item === null || typeof item !== 'object') continue;
    if (depth >= MAX_JSON_DEPTH) {
      throw new GraphQLError(`A JSON value may nest at most ${MAX_JSON_DEPTH} levels of objects and arrays`, {
        extensions: {
          code: 'VALIDATION',
          fields: [{ path: '', message: `nested deeper than ${MAX_JSON_DEPTH} levels` }],
        },
      });
    }
    for (const child of Object.values(item)) stack.push([child, depth + 1]);
  }
  return value;
}

builder.scalarType('DateTime', {
  description: 'A point in time as an ISO 8601 string in UTC, e.g. 2030-01-01T08:00:00.000Z.',
  serialize: (value) => (value instanceof Date ? value.toISOString() : new Date(value as string).toISOString()),
  parseValue: (value) => parseDate(value),
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING)
      throw new GraphQLError('A DateTime is an ISO 8601 string', { extensions: { code: 'VALIDATION' } });
    return parseDate(ast.value);
  },
});

/**
 * Years 1 to 9999, as ISO 8601 writes them without an agreement on more digits; JavaScript reaches ±275,760, PostgreSQL
 * less.
 */
const EARLIEST = Date.parse('0001-01-01T00:00:00.000Z');
const LATEST = Date.parse('9999-12-31T23:59:59.999Z');

function parseDate(value: unknown): Date {
  const date = typeof value === 'string' ? new Date(value) : undefined;
  if (!date || Number.isNaN(date.getTime()))
    throw new GraphQLError(`"${String(value)}" is not an ISO 8601 date-time`, { extensions: { code: 'VALIDATION' } });
  if (date.getTime() < EARLIEST || date.getTime() > LATEST) {
    throw new GraphQLError(`"${String(value)}" is outside the years 0001 to 9999 a DateTime may have`, {
      extensions: { code: 'VALIDATION' },
    });
  }
  return date;
}
