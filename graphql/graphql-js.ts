/**
 * graphql-js, from the one copy every library here loads. The package has no "exports" map:
 * Node resolves `graphql` to its CommonJS build, while Vite (vitest) resolves it to the ESM build,
 * and an error or schema object made by one copy fails the other's `instanceof` checks (yoga
 * would then mask our coded errors). Naming the file makes both resolve to the same build.
 */
export {
  GraphQLError,
  Kind,
  NoSchemaIntrospectionCustomRule,
  lexicographicSortSchema,
  printSchema,
  valueFromASTUntyped,
  visit,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isScalarType,
} from 'graphql/index.js';
export type { DocumentNode, GraphQLField, GraphQLInputType, GraphQLSchema } from 'graphql/index.js';
