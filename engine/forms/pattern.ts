/**
 * Form field patterns run on RE2 (re2js): matching takes time linear in the text, whatever the
 * pattern, so a pattern such as `^(a+)+$` cannot hold the server on a crafted value. RE2 has no
 * backreferences or lookaround; a pattern that needs them is refused when the form is deployed.
 */
import { RE2JS } from 're2js';

export type CompiledPattern = { test(text: string): boolean };

/** Deployed forms repeat the same few patterns; compiled once each, up to this many. */
const CACHE_SIZE = 500;
const cache = new Map<string, CompiledPattern>();

/**
 * The pattern as the browser reads it (a JavaScript RegExp, unanchored, no flags), run by RE2.
 *
 * @returns why it cannot be used, when RE2 or JavaScript cannot compile it.
 */
export function compilePattern(pattern: string): CompiledPattern | { problem: string } {
  const known = cache.get(pattern);
  if (known) return known;
  try {
    new RegExp(pattern);
  } catch {
    return { problem: 'is not a valid regular expression' };
  }
  let re2: RE2JS;
  try {
    re2 = RE2JS.compile(pattern);
  } catch (error) {
    const detail = error instanceof Error ? error.message.replace(/^error parsing regexp: /, '') : String(error);
    return {
      problem:
        `cannot be run in linear time (${detail}); backreferences and lookaround are not supported, ` +
        `rewrite it without them`,
    };
  }
  const compiled: CompiledPattern = { test: (text) => re2.matcher(text).find() };
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(pattern, compiled);
  return compiled;
}
