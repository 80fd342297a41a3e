/**
 * Query abuse limits (@escape.tech/graphql-armor): depth, cost, aliases, directives and tokens;
 * field suggestions are hidden in production. In production introspection is refused too.
 */
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { NoSchemaIntrospectionCustomRule } from '../graphql-js';
import type { Plugin } from 'graphql-yoga';

export const LIMITS = {
  /** case → tasks → case → definition … ten levels cover every screen we know. */
  maxDepth: 10,
  /** Roughly fields × depth weight: an inbox page of 100 tasks with their forms stays under it. */
  maxCost: 20_000,
  maxAliases: 15,
  maxDirectives: 20,
  maxTokens: 2000,
} as const;

export function useArmor(production: boolean): Plugin {
  return EnvelopArmorPlugin({
    maxDepth: { n: LIMITS.maxDepth, ignoreIntrospection: true },
    costLimit: { maxCost: LIMITS.maxCost, ignoreIntrospection: true },
    maxAliases: { n: LIMITS.maxAliases },
    maxDirectives: { n: LIMITS.maxDirectives },
    maxTokens: { n: LIMITS.maxTokens },
    blockFieldSuggestion: { enabled: production },
  }) as Plugin;
}

export function useNoIntrospection(): Plugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(NoSchemaIntrospectionCustomRule);
    },
  };
}
