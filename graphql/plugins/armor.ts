/**
 * Query abuse limits: depth, aliases, directives and tokens (@escape.tech/graphql-armor), and the
 * cost of a query with its page sizes counted (./query-cost.ts). In production, where introspection
 * is refused, no error suggests a name of the schema ("Did you mean …?"). A query past a limit is refused before any of
 * it runs: HTTP 400 with `extensions: { code: 'QUERY_TOO_COMPLEX', limit, max, found }` and a
 * message naming the limit, what the query measured and what to send instead.
 */
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import type { Plugin } from 'graphql-yoga';
import { GraphQLError, NoSchemaIntrospectionCustomRule } from '../graphql-js';
import { queryCostRule } from './query-cost';

export const LIMITS = {
  /** case → tasks → case → definition … ten levels cover every screen we know. */
  maxDepth: 10,
  /**
   * Fields, with a database read counted as 25 and each list multiplied by its page size
   * (query-cost.ts). The web app's heaviest screens cost under 4,000 (query-cost.test.ts).
   */
  maxCost: 10_000,
  maxAliases: 15,
  maxDirectives: 20,
  maxTokens: 2000,
} as const;

export type QueryLimit = 'depth' | 'cost' | 'aliases' | 'directives' | 'tokens';

/** The coded refusal of a query past `limit`; `found` is what the query measured (unknown for tokens: the parser stops). */
export function queryTooComplex(limit: QueryLimit, text: string, max: number, found?: number): GraphQLError {
  return new GraphQLError(text, {
    extensions: {
      code: 'QUERY_TOO_COMPLEX',
      limit,
      max,
      ...(found !== undefined ? { found } : {}),
      http: { status: 400 },
    },
  });
}

const ADVICE: Record<QueryLimit, string> = {
  depth: 'nest fewer fields, or follow the link in a second request',
  cost: 'ask for smaller pages (first), fewer lists or fewer fields of each item, or split the query',
  aliases: 'send fewer aliased fields, or several requests',
  directives: 'use fewer directives',
  tokens: 'send a shorter query',
};

/**
 * armor's refusal ("Syntax Error: Aliases limit of 15 exceeded, found 16.") made a coded one, with
 * armor's wording kept. It is thrown, so the query's other checks stop there.
 */
function refuse(limit: QueryLimit, max: number) {
  return (_context: unknown, error: { message: string }): never => {
    const text = error.message.replace(/^Syntax Error: /, '').replace(/\.$/, '');
    const found = /found (\d+)/.exec(text)?.[1];
    throw queryTooComplex(limit, `${text}: ${ADVICE[limit]}`, max, found === undefined ? undefined : Number(found));
  };
}

function useQueryCost(maxCost: number): Plugin {
  const rule = queryCostRule((cost) => {
    if (cost > maxCost)
      throw queryTooComplex(
        'cost',
        `Query Cost limit of ${maxCost} exceeded, found ${cost}: ${ADVICE.cost}`,
        maxCost,
        cost,
      );
  });
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(rule);
    },
  };
}

export function useArmor(production: boolean): Plugin {
  const coded = (limit: QueryLimit, max: number) => ({
    onReject: [refuse(limit, max)],
    propagateOnRejection: false,
  });
  const armor = EnvelopArmorPlugin({
    maxDepth: { n: LIMITS.maxDepth, ignoreIntrospection: true, ...coded('depth', LIMITS.maxDepth) },
    // armor's cost weights fields by depth and multiplies only a literal `first`: ours is in query-cost.ts.
    costLimit: { enabled: false },
    maxAliases: { n: LIMITS.maxAliases, ...coded('aliases', LIMITS.maxAliases) },
    maxDirectives: { n: LIMITS.maxDirectives, ...coded('directives', LIMITS.maxDirectives) },
    maxTokens: { n: LIMITS.maxTokens, ...coded('tokens', LIMITS.maxTokens) },
    // armor's hides field suggestions in validation errors only: ours (below) covers every error.
    blockFieldSuggestion: { enabled: false },
  }) as Plugin;
  const cost = useQueryCost(LIMITS.maxCost);
  return {
    onPluginInit({ addPlugin }) {
      addPlugin(armor);
      addPlugin(cost);
      if (production) addPlugin(useNoSuggestions());
    },
  };
}

/** graphql-js's " Did you mean "definitionKey"?", "… the enum value "ACTIVE"?", "… "a" or "b"?". */
const SUGGESTION = /\s*Did you mean [^?]*\?/g;

const strip = (text: string) => text.replace(SUGGESTION, '');

/** `extensions.fields` with each message stripped (./request-errors.ts repeats the error's there); undefined if none changed. */
function strippedFields(fields: unknown): unknown[] | undefined {
  if (!Array.isArray(fields)) return undefined;
  let changed = false;
  const result = fields.map((field: { message?: unknown }) => {
    if (typeof field?.message !== 'string' || strip(field.message) === field.message) return field;
    changed = true;
    return { ...field, message: strip(field.message) };
  });
  return changed ? result : undefined;
}

/** The error without its suggestions; the same error when it has none. */
export function withoutSuggestions(error: Error): Error {
  if (!(error instanceof GraphQLError)) return error;
  const message = strip(error.message);
  const fields = strippedFields(error.extensions?.fields);
  if (message === error.message && !fields) return error;
  return new GraphQLError(message, {
    nodes: error.nodes ?? null,
    source: error.source ?? null,
    positions: error.positions ?? null,
    path: error.path ?? null,
    originalError: error.originalError ?? null,
    extensions: { ...error.extensions, ...(fields ? { fields } : {}) },
  });
}

type Result = { errors?: readonly Error[] } | AsyncIterable<unknown>;

/** The result with its errors' suggestions removed; a stream as it is (its events are no request's errors). */
function stripped<T extends Result>(result: T): T | undefined {
  if (Symbol.asyncIterator in result || !result.errors?.length) return undefined;
  return { ...result, errors: result.errors.map(withoutSuggestions) };
}

/**
 * Production hides the schema: "Did you mean …?" would name its fields, arguments and enum values
 * to anyone guessing. Validation errors (the query) and request errors (its variables, refused
 * before execution) alike.
 */
function useNoSuggestions(): Plugin {
  return {
    onValidate() {
      return ({ valid, result, setResult }) => {
        if (!valid) setResult(result.map(withoutSuggestions));
      };
    },
    onExecute() {
      return {
        onExecuteDone({ result, setResult }) {
          const without = stripped(result);
          if (without) setResult(without);
        },
      };
    },
    onSubscribe() {
      return {
        onSubscribeResult({ result, setResult }) {
          const without = stripped(result);
          if (without) setResult(without);
        },
      };
    },
  };
}

export function useNoIntrospection(): Plugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(NoSchemaIntrospectionCustomRule);
    },
  };
}
