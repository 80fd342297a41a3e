/**
 * Text the database cannot hold is refused before any resolver runs: a NUL character (PostgreSQL
 * text and jsonb cannot store it, and it breaks the statement on the wire) or a lone UTF-16
 * surrogate (not a character at all; it would be stored as something else or refused). Every
 * string of the request is checked, in variables (at any depth, JSON included) and in the
 * query's own literals, and the error names the argument or variable that holds it.
 */
import type { Plugin } from 'graphql-yoga';
import { GraphQLError, visit, type DocumentNode } from '../graphql-js';

/** A NUL, or a surrogate half without its other half. */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function describeUnstorable(text: string): string | undefined {
  const match = UNSTORABLE.exec(text);
  if (!match) return undefined;
  return match[0] === '\u0000'
    ? 'holds a NUL character (U+0000)'
    : `holds a lone surrogate (U+${match[0].charCodeAt(0).toString(16).toUpperCase()}), which is not a character`;
}

/** The first string inside `value` that cannot be stored, with its path below the variable. */
function findInValue(value: unknown, path: string): { path: string; problem: string } | undefined {
  const stack: [unknown, string][] = [[value, path]];
  while (stack.length > 0) {
    const [item, at] = stack.pop() as [unknown, string];
    if (typeof item === 'string') {
      const problem = describeUnstorable(item);
      if (problem) return { path: at, problem };
    } else if (item !== null && typeof item === 'object') {
      for (const [key, child] of Object.entries(item)) {
        const keyProblem = describeUnstorable(key);
        if (keyProblem) return { path: `${at}.${key}`, problem: `has a key that ${keyProblem}` };
        stack.push([child, `${at}.${key}`]);
      }
    }
  }
  return undefined;
}

function findInDocument(document: DocumentNode): { path: string; problem: string } | undefined {
  let found: { path: string; problem: string } | undefined;
  // The argument, then the input fields, around the string: `filter.businessKey`.
  const names: string[] = [];
  const enter = (node: { name: { value: string } }) => void names.push(node.name.value);
  const leave = () => void names.pop();
  visit(document, {
    Argument: { enter, leave },
    ObjectField: { enter, leave },
    StringValue(node) {
      const problem = found ? undefined : describeUnstorable(node.value);
      if (problem) found = { path: names.join('.') || 'a string literal', problem };
    },
  });
  return found;
}

export function useTextInputCheck(): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const variables = args.variableValues ?? {};
      let found: { path: string; problem: string } | undefined;
      for (const [name, value] of Object.entries(variables)) {
        found = findInValue(value, `$${name}`);
        if (found) break;
      }
      found ??= findInDocument(args.document);
      if (!found) return;
      setResultAndStopExecution({
        errors: [
          new GraphQLError(`The argument ${found.path} ${found.problem}: remove it and send the request again`, {
            extensions: {
              code: 'VALIDATION',
              fields: [{ path: found.path, message: found.problem }],
              http: { status: 400 },
            },
          }),
        ],
      });
    },
  };
}
