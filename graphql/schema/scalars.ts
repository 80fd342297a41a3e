/** `JSON` (any JSON value: variables, form schemas, form data) and `DateTime` (ISO 8601, UTC). */
import { GraphQLError, Kind, valueFromASTUntyped } from '../graphql-js';
import { builder } from '../builder';

builder.scalarType('JSON', {
  description: 'Any JSON value: case variables, form-js schemas, submitted form data.',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: (ast, variables) => valueFromASTUntyped(ast, variables ?? undefined),
});

builder.scalarType('DateTime', {
  description: 'A point in time as an ISO 8601 string in UTC, e.g. 2030-01-01T08:00:00.000Z.',
  serialize: (value) => (value instanceof Date ? value.toISOString() : new Date(value as string).toISOString()),
  parseValue: (value) => parseDate(value),
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('A DateTime is an ISO 8601 string', { extensions: { code: 'VALIDATION' } });
    return parseDate(ast.value);
  },
});

function parseDate(value: unknown): Date {
  const date = typeof value === 'string' ? new Date(value) : undefined;
  if (!date || Number.isNaN(date.getTime())) throw new GraphQLError(`"${String(value)}" is not an ISO 8601 date-time`, { extensions: { code: 'VALIDATION' } });
  return date;
}
