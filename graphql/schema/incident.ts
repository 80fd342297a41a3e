/** Incidents: what failed and waits for an operator; list them and retry (resolve) one. */
import type { CaseView, IncidentFilter } from '../../engine';
import { builder } from '../builder';
import { requireActor } from '../context';
import { command } from './command';
import { iso, pageInput, toConnection } from './connection';
import { IncidentStatusEnum } from './enums';
import { CaseRef, IncidentRef } from './refs';

IncidentRef.implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    caseId: t.exposeID('caseId'),
    case: t.field({
      type: CaseRef,
      nullable: true,
      resolve: (i, _args, ctx) => ctx.engine.case(i.caseId, requireActor(ctx)),
    }),
    elementId: t.exposeString('elementId'),
    jobId: t.id({ nullable: true, resolve: (i) => i.jobId }),
    message: t.exposeString('message'),
    status: t.field({ type: IncidentStatusEnum, resolve: (i) => i.status }),
    createdAt: t.field({ type: 'DateTime', resolve: (i) => i.createdAt }),
    resolvedAt: t.field({ type: 'DateTime', nullable: true, resolve: (i) => i.resolvedAt }),
  }),
});

const IncidentFilterInput = builder.inputType('IncidentFilter', {
  fields: (t) => ({ status: t.field({ type: IncidentStatusEnum }), caseId: t.id() }),
});

builder.queryField('incidents', (t) =>
  t.connection(
    {
      type: IncidentRef,
      description: 'Incidents, newest first (administrators, auditors, analysts).',
      authScopes: { anyRole: ['auditor', 'analyst'] },
      args: { filter: t.arg({ type: IncidentFilterInput }) },
      resolve: async (_root, args, ctx) => {
        const filter: IncidentFilter = {
          ...pageInput(args),
          ...(args.filter?.status ? { status: args.filter.status } : {}),
          ...(args.filter?.caseId ? { caseId: String(args.filter.caseId) } : {}),
        };
        return toConnection(await ctx.engine.incidents(filter, requireActor(ctx)), (i) => [iso(i.createdAt), i.id]);
      },
    },
    { name: 'IncidentConnection' },
    { name: 'IncidentEdge' },
  ),
);

builder.objectField(CaseRef, 'incidents', (t) =>
  t.field({
    type: [IncidentRef],
    nullable: true,
    description: 'The incidents of this case (auditors and administrators).',
    authScopes: { role: 'auditor' },
    resolve: async (c, _args, ctx) =>
      (await ctx.engine.incidents({ caseId: c.id, first: 200 }, requireActor(ctx))).items,
  }),
);

const ResolveIncidentInput = builder.inputType('ResolveIncidentInput', {
  fields: (t) => ({ incidentId: t.id({ required: true }) }),
});

const ResolveIncidentPayload = builder.objectRef<{ case: CaseView }>('ResolveIncidentPayload').implement({
  fields: (t) => ({ case: t.field({ type: CaseRef, resolve: (p) => p.case }) }),
});

builder.mutationField('resolveIncident', (t) =>
  t.field({
    type: ResolveIncidentPayload,
    description: 'Retries what failed: the job is offered again, or the element runs again (administrators).',
    authScopes: { role: 'admin' },
    args: { input: t.arg({ type: ResolveIncidentInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      command(ctx, 'resolveIncident', async (actor) => ({
        case: await ctx.engine.resolveIncident({ incidentId: String(input.incidentId), actor }),
      })),
  }),
);
