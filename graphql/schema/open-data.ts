/**
 * Open data for NGOs and the public, without signing in: monthly statistics per service (small
 * cells suppressed) and the public company register. The same data is served as CSV and JSON
 * at /open-data/ (graphql/open-data/).
 */
import type { CompanyRegisterEntry, MonthStatistics, ServiceStatistics } from '../../engine';
import { builder } from '../builder';
import { CaseRef } from './refs';

const MonthStatisticsRef = builder.objectRef<MonthStatistics>('MonthStatistics').implement({
  description: 'One calendar month (UTC) of a service. Counts of 1 to 4 cases, and times and shares over fewer than 5 decisions, are null: nobody can be singled out.',
  fields: (t) => ({
    month: t.exposeString('month', { description: 'YYYY-MM.' }),
    started: t.int({ nullable: true, description: 'Applications started in the month.', resolve: (m) => m.started }),
    approved: t.int({ nullable: true, description: 'Applications that ended approved (end event Issued or Approved) in the month.', resolve: (m) => m.approved }),
    rejected: t.int({ nullable: true, description: 'Applications that ended rejected (end event Rejected) in the month.', resolve: (m) => m.rejected }),
    lapsed: t.int({ nullable: true, description: 'Applications that lapsed (end event Lapsed) in the month.', resolve: (m) => m.lapsed }),
    medianDays: t.float({ nullable: true, description: 'Median days from application to decision, of the applications decided in the month.', resolve: (m) => m.medianDays }),
    p90Days: t.float({ nullable: true, description: '90th percentile of the same.', resolve: (m) => m.p90Days }),
    withinSla: t.float({ nullable: true, description: 'Share (0–1) of those decisions taken within the service level.', resolve: (m) => m.withinSla }),
  }),
});

const PublicStatisticsRef = builder.objectRef<ServiceStatistics>('PublicStatistics').implement({
  description: 'Monthly figures of one service, computed from case start and end times only.',
  fields: (t) => ({
    service: t.exposeString('service'),
    name: t.string({ nullable: true, resolve: (s) => s.name }),
    sla: t.string({ nullable: true, description: 'The service level (rebaz:sla), an ISO 8601 duration such as P30D.', resolve: (s) => s.sla }),
    slaDays: t.float({ nullable: true, resolve: (s) => s.slaDays }),
    minCell: t.exposeInt('minCell', { description: 'Cells counting fewer cases than this are suppressed.' }),
    months: t.field({ type: [MonthStatisticsRef], resolve: (s) => s.months }),
  }),
});

const OpenDataServiceRef = builder.objectRef<{ service: string; name: string | null; sla: string | null }>('OpenDataService').implement({
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
    description: 'Open data, no sign-in: applications started, approved, rejected and lapsed per month, processing times and the share within the service level.',
    args: {
      service: t.arg.string({ required: true, description: 'The service key (BPMN process id), e.g. driving-licence.' }),
      from: t.arg({ type: 'DateTime', description: 'From this instant (inclusive).' }),
      to: t.arg({ type: 'DateTime', description: 'Until this instant (exclusive).' }),
    },
    resolve: (_root, args, ctx) => ctx.engine.publicStatistics({ service: args.service, ...(args.from ? { from: args.from } : {}), ...(args.to ? { to: args.to } : {}) }),
  }),
  openDataServices: t.field({
    type: [OpenDataServiceRef],
    description: 'Open data, no sign-in: the services with statistics.',
    resolve: (_root, _args, ctx) => ctx.engine.openDataServices(),
  }),
  companyRegister: t.field({
    type: [CompanyRegisterEntryRef],
    description: 'Open data, no sign-in: the public company register, oldest registration first.',
    args: {
      nameContains: t.arg.string(),
      first: t.arg.int({ defaultValue: 100, description: '1 to 1000.' }),
      offset: t.arg.int({ defaultValue: 0 }),
    },
    resolve: (_root, args, ctx) => ctx.engine.companyRegister({ ...(args.nameContains ? { nameContains: args.nameContains } : {}), first: args.first ?? 100, offset: args.offset ?? 0 }),
  }),
}));

builder.objectFields(CaseRef, (t) => ({
  outcome: t.string({
    nullable: true,
    description: 'The end event of the process that ended the case (e.g. Issued, Approved, Rejected, Lapsed); open data counts outcomes by it.',
    resolve: (c) => c.outcome,
  }),
}));
