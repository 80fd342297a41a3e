/** A case's audit trail and its hash-chain check: auditors and administrators only. */
import type { Actor, AuditEntry, CaseView } from '../../engine';
import { builder } from '../builder';
import { requireActor, type GraphQLContext } from '../context';
import { REDACTED } from '../privacy';
import { pageInput, toConnection } from './connection';
import { AuditEntryRef, CaseRef } from './refs';

AuditEntryRef.implement({
  description: 'One append-only, hash-chained event of a case.',
  fields: (t) => ({
    seq: t.exposeInt('seq'),
    at: t.field({ type: 'DateTime', resolve: (e) => e.at }),
    actor: t.exposeString('actor'),
    command: t.exposeString('command'),
    elementId: t.string({ nullable: true, resolve: (e) => e.elementId }),
    data: t.field({
      type: 'JSON',
      description: 'What changed; personal values read "[personal]" for roles that may not read them.',
      resolve: (e) => e.data,
    }),
    hash: t.exposeString('hash'),
  }),
});

const AuditVerdictRef = builder
  .objectRef<{ valid: boolean; events: number; brokenAt?: { seq: number; reason: string } }>('AuditVerdict')
  .implement({
    fields: (t) => ({
      valid: t.exposeBoolean('valid'),
      events: t.exposeInt('events'),
      brokenAtSeq: t.int({ nullable: true, resolve: (v) => v.brokenAt?.seq ?? null }),
      reason: t.string({ nullable: true, resolve: (v) => v.brokenAt?.reason ?? null }),
    }),
  });

/** The variable diff of an event (`data.variables.set`) with personal values replaced. */
async function redact(ctx: GraphQLContext, actor: Actor, kase: CaseView, entries: AuditEntry[]): Promise<AuditEntry[]> {
  if (ctx.privacy.mayReadPersonal(actor, kase)) return entries;
  const personal = await ctx.privacy.personalNames(kase);
  if (personal.size === 0) return entries;
  return entries.map((entry) => {
    const variables = entry.data.variables as { set?: Record<string, unknown> } | undefined;
    if (!variables?.set || typeof variables.set !== 'object') return entry;
    const set = Object.fromEntries(
      Object.entries(variables.set).map(([name, value]) => [name, personal.has(name) ? REDACTED : value]),
    );
    return { ...entry, data: { ...entry.data, variables: { ...variables, set } } } as AuditEntry;
  });
}

builder.objectFields(CaseRef, (t) => ({
  auditTrail: t.connection(
    {
      type: AuditEntryRef,
      nullable: true,
      description: 'The audit events of this case in order (auditors and administrators).',
      authScopes: { role: 'auditor' },
      resolve: async (c, args, ctx) => {
        const actor = requireActor(ctx);
        const page = await ctx.engine.auditTrail(c.id, pageInput(args), actor);
        return toConnection({ ...page, items: await redact(ctx, actor, c, page.items) }, (e) => [e.seq]);
      },
    },
    { name: 'AuditEntryConnection' },
    { name: 'AuditEntryEdge' },
  ),
  auditVerdict: t.field({
    type: AuditVerdictRef,
    nullable: true,
    description:
      'Checks the hash chain: any edited, removed or reordered event is reported (auditors and administrators).',
    authScopes: { role: 'auditor' },
    resolve: (c, _args, ctx) => ctx.engine.verifyAuditTrail(c.id, requireActor(ctx)),
  }),
}));
