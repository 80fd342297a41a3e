/** `me`: who the token says the viewer is — for a UI to choose what to show. */
import { builder } from '../builder';
import { requireActor } from '../context';
import { RoleEnum } from './enums';
import { ViewerRef } from './refs';

ViewerRef.implement({
  description: 'The signed-in person or system, as their token describes them.',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.string({ nullable: true, resolve: (actor) => actor.name ?? null }),
    roles: t.field({ type: [RoleEnum], resolve: (actor) => actor.roles }),
    groups: t.exposeStringList('groups'),
    jobTypes: t.stringList({
      nullable: true,
      description: 'Workers only: the job types they may activate (any when null).',
      resolve: (actor) => actor.jobTypes ?? null,
    }),
  }),
});

builder.queryField('me', (t) =>
  t.field({
    type: ViewerRef,
    description: 'The signed-in identity: id, roles and groups, as read from the bearer token.',
    authScopes: { authenticated: true },
    resolve: (_root, _args, ctx) => requireActor(ctx),
  }),
);
