/**
 * Subscriptions over SSE (`Accept: text/event-stream`): a case's changes, and the viewer's inbox.
 * Access is checked when subscribing (a case the viewer may not read is refused) and each event
 * is read again as the viewer, so what they receive is what a query would show them. A stream ends
 * when the token it was opened with expires (the client subscribes again with a fresh one).
 */
import type { InboxChangedEvent } from '../../engine';
import { builder } from '../builder';
import { readAfresh, requireActor, type GraphQLContext } from '../context';
import type { Subscriber } from '../events/event-bus';
import { TaskStatusEnum } from './enums';
import { CaseRef, TaskChangeRef, TaskRef } from './refs';

TaskChangeRef.implement({
  fields: (t) => ({
    taskId: t.exposeID('taskId'),
    caseId: t.exposeID('caseId'),
    elementId: t.exposeString('elementId'),
    status: t.field({ type: TaskStatusEnum, resolve: (c) => c.status }),
    assignee: t.string({ nullable: true, resolve: (c) => c.assignee }),
    task: t.field({
      type: TaskRef,
      nullable: true,
      description: 'The task as the viewer sees it now.',
      resolve: (c, _args, ctx) => ctx.engine.task(c.taskId, requireActor(ctx)),
    }),
  }),
});

const InboxChangeRef = builder.objectRef<InboxChangedEvent>('InboxChange').implement({
  fields: (t) => ({
    tasks: t.field({
      type: [TaskChangeRef],
      description: 'The changed tasks the viewer may see; empty means "reload the inbox".',
      resolve: (e) => e.tasks,
    }),
  }),
});

/** The viewer, and when their token expires. */
function subscriber(ctx: GraphQLContext): Subscriber {
  return { actor: requireActor(ctx), expiresAt: ctx.tokenExpiresAt };
}

builder.subscriptionFields((t) => ({
  caseUpdated: t.field({
    type: CaseRef,
    description: 'The case each time it changes (on any server).',
    authScopes: { authenticated: true },
    args: { id: t.arg.id({ required: true }) },
    subscribe: async (_root, args, ctx) => {
      await ctx.engine.case(String(args.id), requireActor(ctx));
      return ctx.events.caseUpdates(String(args.id), subscriber(ctx));
    },
    resolve: (event, _args, ctx) => {
      readAfresh(ctx);
      return ctx.engine.case(event.caseId, requireActor(ctx));
    },
  }),
  inboxChanged: t.field({
    type: InboxChangeRef,
    description: "Changes to tasks in the viewer's inbox (on any server).",
    authScopes: { authenticated: true },
    subscribe: (_root, _args, ctx) => ctx.events.inboxChanges(subscriber(ctx)),
    resolve: (event, _args, ctx) => {
      readAfresh(ctx);
      return event;
    },
  }),
}));
