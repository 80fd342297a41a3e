/** Ad-hoc sub-processes: what a case can start on request now, and starting it. */
import type { AdHocActivity } from '../../engine';
import { builder } from '../builder';
import { requireActor } from '../context';
import { command, IDEMPOTENCY_KEY_DESCRIPTION, idempotencyKeyOf } from './command';
import { CaseRef } from './refs';

const AdHocActivityRef = builder.objectRef<AdHocActivity>('AdHocActivity').implement({
  description: 'An activity of an open ad-hoc sub-process that can be started on request now.',
  fields: (t) => ({
    id: t.exposeString('id', { description: 'The element id: pass it as `elementId` to `activateAdHocActivity`.' }),
    name: t.string({ nullable: true, description: 'Its name in the model.', resolve: (a) => a.name ?? null }),
    subProcessId: t.exposeString('subProcessId', { description: 'The ad-hoc sub-process it starts in.' }),
  }),
});

builder.objectFields(CaseRef, (t) => ({
  adHocActivities: t.field({
    type: [AdHocActivityRef],
    description:
      "The activities of the case's open ad-hoc sub-processes that the viewer may start now (none while a sequential one runs an activity): a clerk desk's buttons.",
    resolve: (c, _args, ctx) => ctx.engine.adHocActivities(c.id, requireActor(ctx)),
  }),
}));

const ActivateAdHocActivityInput = builder.inputType('ActivateAdHocActivityInput', {
  fields: (t) => ({
    caseId: t.id({ required: true }),
    elementId: t.string({
      required: true,
      description: 'An activity without incoming flow inside an open ad-hoc sub-process of the case.',
    }),
    idempotencyKey: t.string({ description: IDEMPOTENCY_KEY_DESCRIPTION }),
  }),
});

builder.mutationFields((t) => ({
  activateAdHocActivity: t.field({
    type: CaseRef,
    description:
      "Starts an activity of an open ad-hoc sub-process of the case: administrators, clerks of the sub-process's candidate groups or of the service's `rebaz:agencies`, and the case's applicant for a user task offered to the group `applicant`. VALIDATION when the element is no such activity, CONFLICT when the case cannot start it now (ended, its sub-process not open, a sequential one busy).",
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: ActivateAdHocActivityInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      command(ctx, 'activateAdHocActivity', (actor) =>
        ctx.engine.activateAdHocActivity({
          caseId: String(input.caseId),
          elementId: input.elementId,
          actor,
          ...idempotencyKeyOf(input),
        }),
      ),
  }),
}));
