/**
 * Open data for NGOs and the public, without signing in: monthly statistics per service (whole
 * months, counts rounded to base 5) and the public company register, rate-limited per address. The same data is served
 * as CSV and JSON at /open-data/ (graphql/open-data/).
 */
import type { CompanyRegisterEntry, MonthStatistics, ServiceStatistics } from '../../engine';
import { builder } from '../builder';
import { withOpenDataLimit } from '../open-data/rate-limit';
import { CaseRef } from './refs';

const COUNT = 'Rounded to a multiple of 5 (random rounding with a cell key, see docs/open-data.md).';

const MonthStatisticsRef = builder.objectRef<MonthStatistics>('MonthStatistics').implement({
  description:
    'One whole calendar month (UTC) of a service. Every count is randomly rounded to a multiple of 5, ' +
    'so a 0 stands for 0 to 4 and no count can be worked out exactly from the others; ' +
    'times and the share are null when fewer than 10 decisions are published.',
  fields: (t) => ({
    month: t.exposeString('month', { description: 'YYYY-MM.' }),
    started: t.exposeInt('started', { description: `Applications started in the month. ${COUNT}` }),
    approved: t.exposeInt('approved', {
      description: `Applications that ended approved (end event Issued or Approved) in the month. ${COUNT}`,
    }),
    rejected: t.exposeInt('rejected', {
      description: `Applications that ended rejected (end event Rejected) in the month. ${COUNT}`,
    }),
    lapsed: t.exposeInt('lapsed', {
      description: `Applications that lapsed (end event Lapsed) in the month. ${COUNT}`,
    }),
    decided: t.exposeInt('decided', {
      description: 'approved + rejected as published: the decisions the times and the share are about.',
    }),
    medianDays: t.float({
      nullable: true,
      description:
        'Median days from application to decision, of the applications decided in the month; ' +
        'null under 10 published decisions.',
      resolve: (m) => m.medianDays,
    }),
    p90Days: t.float({ nullable: true, description: '90th percentile of the same.', resolve: (m) => m.p90Days }),
    withinSla: t.float({
      nullable: true,
      description:
        'Share (0–1) of those decisions taken within the service level, from rounded counts; ' +
        'null under 10 published decisions or without a service level.',
      resolve: (m) => m.withinSla,
    }),
  }),
});

const PublicStatisticsRef = builder.objectRef<ServiceStatistics>('PublicStatistics').implement({
  description:
    'Monthly figures of one service, computed from case start and end times only: ' +
    'every whole month that has ended, from the month of its first deployment (or from) to to.',
  fields: (t) => ({
    service: t.exposeString('service'),
    name: t.string({ nullable: true, resolve: (s) => s.name }),
    sla: t.string({
      nullable: true,
      description: 'The service level (rebaz:sla), an ISO 8601 duration such as P30D.',
      resolve: (s) => s.sla,
    }),
    slaDays: t.float({ nullable: true, resolve: (s) => s.slaDays }),
    from: t.field({
      type: 'DateTime',
      description: 'The period the months cover: the start of the first month.',
      resolve: (s) => s.from,
    }),
    to: t.field({
      type: 'DateTime',
      description:
        'The end of the period (exclusive): the start of the month after the last. ' +
        'Never later than the start of the month in progress, which is not published.',
      resolve: (s) => s.to,
    }),
    roundingBase: t.exposeInt('roundingBase', { description: 'Every count is a multiple of this.' }),
    minCell: t.exposeInt('minCell', {
      description: 'The rounding base.',
      deprecationReason: 'Counts are rounded, not suppressed: use roundingBase.',
    }),
    months: t.field({ type: [MonthStatisticsRef], resolve: (s) => s.months }),
  }),
});

const OpenDataServiceRef = builder
  .objectRef<{ service: string; name: string | null; sla: string | null }>('OpenDataService')
  .implement({
    fields: (t) => ({
      service: t.exposeString('service'),
      name: t.string({ nullable: true, resolve: (s) => s.name }),
      sla: t.string({ nullable: true, resolve: (s) => s.sla }),
    }),
  });

const CompanyRegisterEntryRef = builder.objectRef<CompanyRegisterEntry>('CompanyRegisterEntry').implement({
  description: 'A registered company: public facts only, no founder or contact.',
  fields: (t) => ({
    name: t.exposeString('name'),
    legalForm: t.exposeString('legalForm', { description: 'llc, jsc, partnership or sole.' }),
    legalFormLabel: t.string({ nullable: true, resolve: (e) => e.legalFormLabel }),
    registrationNumber: t.string({ nullable: true, resolve: (e) => e.registrationNumber }),
    registeredOn: t.field({ type: 'DateTime', resolve: (e) => e.registeredOn }),
  }),
});

builder.queryFields((t) => ({
  publicStatistics: t.field({
    type: PublicStatisticsRef,
    description:
      'Open data, no sign-in: applications started, approved, rejected and lapsed per month, ' +
      'processing times and the share within the service level.',
    args: {
      service: t.arg.string({
        required: true,
        description: 'The service key (BPMN process id), e.g. driving-licence.',
      }),
      from: t.arg({
        type: 'DateTime',
        description:
          'From the start of this month (inclusive): the first instant of a month, ' +
          'UTC (2030-01-01T00:00:00Z); anything finer is refused (VALIDATION).',
      }),
      to: t.arg({ type: 'DateTime', description: 'To the start of this month (exclusive), likewise a month start.' }),
    },
    resolve: (_root, args, ctx) =>
      withOpenDataLimit(ctx, () =>
        ctx.engine.publicStatistics({
          service: args.service,
          ...(args.from ? { from: args.from } : {}),
          ...(args.to ? { to: args.to } : {}),
        }),
      ),
  }),
  openDataServices: t.field({
    type: [OpenDataServiceRef],
    description: 'Open data, no sign-in: the services with statistics.',
    resolve: (_root, _args, ctx) => withOpenDataLimit(ctx, () => ctx.engine.openDataServices()),
  }),
  companyRegister: t.field({
    type: [CompanyRegisterEntryRef],
    description: 'Open data, no sign-in: the public company register, oldest registration first.',
    args: {
      nameContains: t.arg.string(),
      first: t.arg.int({ defaultValue: 100, description: '1 to 1000.' }),
      offset: t.arg.int({ defaultValue: 0 }),
    },
    resolve: (_root, args, ctx) =>
      withOpenDataLimit(ctx, () =>
        ctx.engine.companyRegister({
          ...(args.nameContains ? { nameContains: args.nameContains } : {}),
          first: args.first ?? 100,
          offset: args.offset ?? 0,
        }),
      ),
  }),
}));

builder.objectFields(CaseRef, (t) => ({
  outcome: t.string({
    nullable: true,
    description:
      'The end event of the process that ended the case (e.g. Issued, Approved, Rejected, Lapsed); ' +
      'open data counts outcomes by it.',
    resolve: (c) => c.outcome,
  }),
}));
