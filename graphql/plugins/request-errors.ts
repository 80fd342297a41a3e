/**
 * graphql-js refuses variables the schema cannot take (an Int beyond 32 bits, an unknown enum
 * value, a missing required input field) before execution, with an error that has no code.
 * They are the request's fault like any other VALIDATION error: give them that code, and the
 * variable they name as the field.
 */
import type { Plugin } from 'graphql-yoga';
import { GraphQLError } from '../graphql-js';

function coded(error: GraphQLError): GraphQLError {
  if (error.extensions?.code) return error;
  const variable = /^Variable "\$([^"]+)"/.exec(error.message)?.[1];
  return new GraphQLError(error.message, {
    nodes: error.nodes ?? null,
    extensions: {
      ...error.extensions,
      code: 'VALIDATION',
      fields: variable ? [{ path: `$${variable}`, message: error.message }] : [],
      http: { status: 400 },
    },
  });
}

export function useCodedRequestErrors(): Plugin {
  return {
    onExecute() {
      return {
        onExecuteDone({ result, setResult }) {
          // Only request errors (no data at all): field errors carry their own codes.
          if (Symbol.asyncIterator in result || result.data !== undefined || !result.errors?.length) return;
          setResult({
            ...result,
            errors: result.errors.map((error) => (error instanceof GraphQLError ? coded(error) : error)),
          });
        },
      };
    },
  };
}
