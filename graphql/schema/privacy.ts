/**
 * Personal data: what a definition marks personal, the data export a person may ask for, and
 * retention (administrators; the scheduler also runs it hourly).
 */
import { builder } from '../builder';
import { invalid } from '../errors';
import { command } from './command';
import { DefinitionRef } from './refs';

builder.objectFields(DefinitionRef, (t) => ({
  personal: t.exposeStringList('personal', {
    description:
      'The personal variables: rebaz:personal on the model and form fields marked "personal". ' +
      'Hidden from roles that may not read them, never in open data, erased after the retention period.',
  }),
  sla: t.string({
    nullable: true,
    description: 'The service level (rebaz:sla), an ISO 8601 duration.',
    resolve: (d) => d.sla,
  }),
}));

const RetentionPayload = builder
  .objectRef<{
    erasedCases: number;
    cutoff: Date;
    retentionDays: number;
    rewrittenTables: string[];
    rewritePending: boolean;
  }>('RetentionPayload')
  .implement({
    fields: (t) => ({
      erasedCases: t.exposeInt('erasedCases', { description: 'Closed cases whose personal values this run erased.' }),
      cutoff: t.field({
        type: 'DateTime',
        description: 'Cases closed before this instant were erased.',
        resolve: (r) => r.cutoff,
      }),
      retentionDays: t.exposeInt('retentionDays'),
      rewrittenTables: t.exposeStringList('rewrittenTables', {
        description:
          'The tables rewritten by this run so that erased values left their files (only with rewriteTables).',
      }),
      rewritePending: t.exposeBoolean('rewritePending', {
        description:
          'Erased values are still in the table files, awaiting the daily rewrite (REBAZ_ERASURE_REWRITE_HOUR, UTC).',
      }),
    }),
  });

/** A century: any longer and the cutoff date leaves the calendar. */
const MAX_RETENTION_DAYS = 36_500;

builder.mutationFields((t) => ({
  exportMyData: t.field({
    type: 'JSON',
    description:
      'Everything held about the signed-in person as an applicant: their cases with variables, ' +
      'tasks (with submissions) and audit events.',
    authScopes: { authenticated: true },
    resolve: (_root, _args, ctx) => command(ctx, 'exportMyData', (actor) => ctx.engine.exportPersonalData(actor)),
  }),
  applyRetention: t.field({
    type: RetentionPayload,
    description:
      'Erases the personal values of cases closed longer than the retention period (REBAZ_RETENTION_DAYS, ' +
      'or olderThanDays); the audit chain stays verifiable.',
    authScopes: { role: 'admin' },
    args: {
      olderThanDays: t.arg.int({ description: 'Overrides the retention period for this run.' }),
      rewriteTables: t.arg.boolean({
        description:
          'Rewrite the erased tables now, so erased values leave the table files at once, instead of in the ' +
          'daily window. Every command waits while a table is rewritten (seconds per gigabyte).',
      }),
    },
    resolve: (_root, args, ctx) =>
      command(ctx, 'applyRetention', async (actor) => {
        const given = args.olderThanDays;
        if (given != null && (given < 0 || given > MAX_RETENTION_DAYS)) {
          throw invalid(`olderThanDays must be from 0 to ${MAX_RETENTION_DAYS}, not ${given}`, [
            { path: 'olderThanDays', message: `from 0 to ${MAX_RETENTION_DAYS}` },
          ]);
        }
        const days = args.olderThanDays ?? ctx.engine.retentionDays;
        const result = await ctx.engine.applyRetention({ actor, days, rewriteTables: args.rewriteTables === true });
        ctx.log.info({ erasedCases: result.erasedCases, retentionDays: days }, 'retention applied');
        return { ...result, retentionDays: days };
      }),
  }),
}));
