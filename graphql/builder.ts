/**
 * The one Pothos builder. Fields are non-null unless they say otherwise; scope-auth checks roles
 * before a resolver runs (the engine checks again, record by record); relay builds connections.
 */
import SchemaBuilder from '@pothos/core';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import type { Role } from '../engine';
import { hasRole } from './auth/roles';
import type { GraphQLContext } from './context';
import { forbidden, unauthenticated } from './errors';

export interface SchemaTypes {
  Context: GraphQLContext;
  AuthScopes: {
    /** A verified token was sent. */
    authenticated: boolean;
    /** The actor has this role (administrators have every role). */
    role: Role;
    /** The actor has one of these roles (administrators have every role). */
    anyRole: Role[];
  };
  Scalars: {
    JSON: { Input: unknown; Output: unknown };
    DateTime: { Input: Date; Output: Date };
  };
  DefaultFieldNullability: false;
  DefaultEdgesNullability: { list: false; items: false };
  DefaultNodeNullability: false;
}

export const builder = new SchemaBuilder<SchemaTypes>({
  // scope-auth first, so no other plugin's wrapper runs before the check.
  plugins: [ScopeAuthPlugin, RelayPlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    authorizeOnSubscribe: true,
    authScopes: (ctx) => ({
      authenticated: ctx.actor !== null,
      role: (role: Role) => ctx.actor !== null && hasRole(ctx.actor, role, 'admin'),
      anyRole: (roles: Role[]) => ctx.actor !== null && hasRole(ctx.actor, ...roles, 'admin'),
    }),
    unauthorizedError: (_parent, ctx, info) =>
      ctx.actor
        ? forbidden(
            `${ctx.actor.id} (${ctx.actor.roles.join(', ') || 'no role'}) may not ` +
              `use ${info.parentType.name}.${info.fieldName}`,
          )
        : unauthenticated('Sign in first: send "Authorization: Bearer <token>"'),
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    nodeQueryOptions: false,
    nodesQueryOptions: false,
    edgesFieldOptions: { nullable: { list: false, items: false } },
    nodeFieldOptions: { nullable: false },
  },
});

builder.queryType({});
builder.mutationType({});
builder.subscriptionType({});
