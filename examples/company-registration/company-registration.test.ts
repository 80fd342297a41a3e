/**
 * The company registration example, end to end through the real pipeline: every scenario in
 * `scenarios/` is run as `rebaz simulate` runs it, and its outcome, key variables and open tasks
 * are checked. The model, its forms and its diagram are checked too.
 */
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../engine/cli/main';
import { Simulation } from '../../engine/runtime/simulator';
import type { ScenarioEvent, ScenarioReport } from '../../engine/runtime/scenario';
import type { DecisionModel } from '../../definitions/decisions';
import {
  after,
  decide,
  diagramProblems,
  fieldKeys,
  loadDecisions,
  loadExample,
  personalFields,
  readScenario,
  run,
  scenarioFile,
  scenarioFormErrors,
  type Example,
} from '../example-kit';

const DIR = fileURLToPath(new URL('.', import.meta.url));
let example: Example;
let rules: { model: DecisionModel; issues: unknown[] };
beforeAll(async () => {
  example = await loadExample(DIR, 'company-registration');
  rules = await loadDecisions(DIR, 'company-registration');
});

const RECEIPT = 'RCPT-2030-000777';
const AGENCIES = {
  TradeApproval: ['trade-registrars'],
  TaxApproval: ['tax-officers'],
  ChamberApproval: ['chamber-officers'],
};
const groupsOf = (report: ScenarioReport) =>
  Object.fromEntries(report.openTasks.map((t) => [t.elementId, t.candidateGroups]));

interface Expected {
  status: ScenarioReport['status'];
  endEvents: string[];
  variables?: Record<string, unknown>;
  absent?: string[];
  active?: string[];
}

const EXPECTED: Record<string, Expected> = {
  'all-approve': {
    status: 'completed',
    endEvents: ['AllApproved', 'Approved'],
    absent: ['rejectionReasons'],
    variables: {
      registrationNumber: 'CR-2030-004211',
      taxId: 'TIN-100200300',
      receipt: RECEIPT,
      signOffConfirmed: true,
      registerEntryUrl: 'https://register.example.gov/companies/CR-2030-004211',
    },
  },
  'name-taken': {
    status: 'completed',
    endEvents: ['Rejected'],
    absent: ['paymentReference', 'registrationNumber'],
    variables: {
      rejectionReasons:
        'The name "Zagros Solar Systems" is already in the company register. Choose another name and apply again.',
    },
  },
  'agency-rejects': {
    status: 'completed',
    endEvents: ['TaxRejected', 'Rejected'],
    absent: ['registrationNumber', 'taxId'],
    variables: {
      rejectionReasons: 'Tax authority: A founder (national ID 3456789012) has unpaid tax debts.',
      tradeDecision: 'approve',
      receipt: RECEIPT,
    },
  },
  'first-agency-rejects': {
    status: 'active',
    endEvents: ['ChamberRejected'],
    active: ['NotifyRejection'],
    absent: ['tradeDecision', 'taxDecision'],
    variables: {
      rejectionReasons: 'Chamber of commerce: The business activity needs a licence from the energy ministry first.',
    },
  },
  'two-agencies': {
    status: 'completed',
    endEvents: ['AllApproved', 'Approved'],
    absent: ['chamberDecision', 'rejectionReasons'],
    variables: { registrationNumber: 'CR-2030-004212', terms: { fee: 100 } },
  },
  'unpaid-lapses': {
    status: 'completed',
    endEvents: ['Lapsed'],
    variables: { paymentReference: 'PAY-CR-000777' },
    absent: ['receipt'],
  },
};

describe('company registration: the model', () => {
  it('validates with no issue at all', () => {
    // The agencies' join is inclusive: it waits only for the branches the rules opened.
    expect(example.issues).toEqual([]);
  });

  it('declares its tasks, jobs, message and personal data', () => {
    const { catalogue } = example.compiled;
    expect(Object.fromEntries(catalogue.userTasks.map((t) => [t.elementId, t.candidateGroups]))).toEqual({
      TradeApproval: 'trade-registrars',
      TaxApproval: 'tax-officers',
      ChamberApproval: 'chamber-officers',
      RegistrarSignOff: 'trade-registrars',
    });
    expect(catalogue.jobs.map((j) => j.jobType).sort()).toEqual([
      'check-company-name',
      'decision:registration-terms',
      'issue-certificate',
      'notify-applicant',
      'payment',
      'publish-register-entry',
    ]);
    expect(catalogue.messages).toEqual([
      {
        elementId: 'PaymentConfirmed',
        messageName: 'payment-confirmed',
        correlationKey: '=paymentReference',
        publishers: ['job:payment'],
      },
    ]);
    expect(catalogue.personal).toEqual(['contactEmail', 'contactPhone', 'founders']);
  });

  it('has a form-js schema for the start event and every user task, and no other', () => {
    expect(Object.keys(example.forms).sort()).toEqual(example.compiled.catalogue.forms);
    for (const [key, form] of Object.entries(example.forms)) {
      expect(form, key).toMatchObject({ type: 'default', id: key, schemaVersion: 16 });
    }
  });

  it('marks as personal in the forms exactly what the process declares personal', () => {
    expect(personalFields(example.forms['cr-application'].components).sort()).toEqual(
      example.compiled.catalogue.personal,
    );
    for (const key of ['cr-trade-approval', 'cr-tax-approval', 'cr-chamber-approval', 'cr-sign-off']) {
      expect(personalFields(example.forms[key].components), key).toEqual([]);
    }
  });

  it('lists the founders in a dynamic list, and asks the tax authority for the tax ID', () => {
    expect(example.forms['cr-application'].components.find((c) => c.path === 'founders')?.type).toBe('dynamiclist');
    expect(fieldKeys(example.forms['cr-tax-approval'].components)).toEqual(['taxDecision', 'taxId', 'taxRemarks']);
  });

  it('has a complete diagram with no overlapping shapes and no edge through a shape', () => {
    expect(diagramProblems(example.parsed)).toEqual([]);
  });
});

describe('company registration: scenarios', () => {
  it('has an expectation for every scenario file', () => {
    expect(example.scenarios).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const [name, expected] of Object.entries(EXPECTED)) {
    it(`${name}: ${expected.status}, ending at ${expected.endEvents.join(', ')}`, () => {
      const events = readScenario(example, name);
      expect(scenarioFormErrors(example, events)).toEqual([]);
      const report = run(example, events);
      expect(report.error).toBeUndefined();
      expect(report.incidents).toEqual([]);
      expect(report.status).toBe(expected.status);
      expect(report.endEvents).toEqual(expected.endEvents);
      expect(report.active).toEqual(expected.active ?? []);
      expect(report.variables).toMatchObject(expected.variables ?? {});
      for (const name of expected.absent ?? []) expect(report.variables).not.toHaveProperty(name);
      expect(report.openTasks).toEqual([]);
    });
  }

  it('`rebaz simulate --json` gives the same status for every scenario', async () => {
    for (const [name, expected] of Object.entries(EXPECTED)) {
      let out = '';
      const code = await main(
        ['simulate', example.bpmnFile, '--events', scenarioFile(example, name), '--json'],
        (t) => {
          out += t;
        },
        () => {},
      );
      expect(code, name).toBe(0);
      expect(JSON.parse(out), name).toMatchObject({ status: expected.status, endEvents: expected.endEvents });
    }
  });
});

describe('company registration: the rules of the procedure', () => {
  const allApprove = () => readScenario(example, 'all-approve');
  const paid = (events: ScenarioEvent[]) => after(events, (e) => e.type === 'message');

  it('charges the fee the rules give', () => {
    const simulation = new Simulation(example.compiled);
    simulation.start({ legalForm: 'jsc', companyName: 'Zagros Solar Systems' });
    simulation.completeJob('CheckName');
    simulation.completeJob('AssessRegistration', { terms: { fee: 300, agencies: ['ministry-of-trade'] } });
    expect(simulation.findWait('RequestPayment', 'job')?.wait.variables).toMatchObject({
      amount: 300,
      purpose: 'Company registration: Zagros Solar Systems',
    });
  });

  it('gives tasks only to the agencies the rules list', () => {
    const events = readScenario(example, 'two-agencies');
    const report = run(example, events, paid(events));
    expect(groupsOf(report)).toEqual({ TradeApproval: ['trade-registrars'], TaxApproval: ['tax-officers'] });
  });

  it('asks for no payment when the name is taken', () => {
    const report = run(example, readScenario(example, 'name-taken'));
    expect(report.trace.some((t) => t.elementId === 'RequestPayment')).toBe(false);
  });

  it('lapses unpaid only after 7 days', () => {
    const events = readScenario(example, 'unpaid-lapses');
    const report = run(example, [...events.slice(0, -1), { type: 'advanceTime', duration: 'P6DT23H' }]);
    expect(report.active).toEqual(['AwaitPayment']);
  });

  it('gives the three agencies their tasks at once, once the fee is paid', () => {
    const report = run(example, allApprove(), paid(allApprove()));
    expect(groupsOf(report)).toEqual(AGENCIES);
  });

  for (const [task, decision, remarks, reason] of [
    ['TradeApproval', 'tradeDecision', 'tradeRemarks', 'Ministry of trade: founders are under 18'],
    ['TaxApproval', 'taxDecision', 'taxRemarks', 'Tax authority: founders are under 18'],
    ['ChamberApproval', 'chamberDecision', 'chamberRemarks', 'Chamber of commerce: founders are under 18'],
  ] as const) {
    it(`ends the case at once when ${task} rejects, withdrawing the other agencies' tasks`, () => {
      const events: ScenarioEvent[] = [
        ...allApprove().slice(0, paid(allApprove())),
        { type: 'complete', task, data: { [decision]: 'reject', [remarks]: 'founders are under 18' } },
      ];
      const waiting = run(example, events);
      expect(waiting.openTasks).toEqual([]);
      expect(waiting.active).toEqual(['NotifyRejection']);
      expect(waiting.variables.rejectionReasons).toBe(reason);
      const done = run(example, [...events, { type: 'completeJob', task: 'NotifyRejection' }]);
      expect(done.status).toBe('completed');
      expect(done.endEvents.at(-1)).toBe('Rejected');
    });
  }

  it('says so when a rejecting agency gives no reason', () => {
    const events: ScenarioEvent[] = [
      ...allApprove().slice(0, paid(allApprove())),
      { type: 'complete', task: 'TradeApproval', data: { tradeDecision: 'reject' } },
    ];
    expect(run(example, events).variables.rejectionReasons).toBe('Ministry of trade: no reason given');
  });

  it('gives the sign-off to the registrars once all three approved', () => {
    const events = allApprove();
    const report = run(
      example,
      events,
      after(events, (e) => e.type === 'complete' && e.task === 'ChamberApproval'),
    );
    expect(report.openTasks).toEqual([
      expect.objectContaining({
        elementId: 'RegistrarSignOff',
        candidateGroups: ['trade-registrars'],
        formKey: 'cr-sign-off',
      }),
    ]);
  });

  it('publishes the register entry only after the certificate is issued', () => {
    const events = allApprove();
    const report = run(
      example,
      events,
      after(events, (e) => e.type === 'completeJob' && e.task === 'IssueCertificate'),
    );
    expect(report.active).toEqual(['PublishRegisterEntry']);
    expect(report.variables.registrationNumber).toBe('CR-2030-004211');
  });
});

describe('company registration: the rules (company-registration.dmn)', () => {
  const ALL = ['ministry-of-trade', 'tax-authority', 'chamber-of-commerce'];
  const TWO = ['ministry-of-trade', 'tax-authority'];

  it('validate with no issue at all', () => {
    expect(rules.issues).toEqual([]);
  });

  // Each rule of the fee table, by a row that reaches it: legal form, capital → the fee.
  it.each([
    ['jsc', 5_000_000, 'JointStock', 300],
    ['llc', 50_000, 'LimitedSmall', 150],
    ['llc', 999_999, 'LimitedSmall', 150],
    ['llc', 1_000_000, 'LimitedLarge', 200],
    ['partnership', 5_000, 'Unincorporated', 100],
    ['sole', 2_000_000, 'Unincorporated', 100],
  ])('fee: %s with capital %i → rule %s, %i', (legalForm, capital, rule, fee) => {
    expect(decide(rules.model, 'registration-fee', { legalForm, capital })).toEqual({ value: fee, matched: [rule] });
  });

  // Each rule of the agencies table: legal form, capital, activity → the rules that matched and the agencies.
  it.each([
    ['llc', 50_000, 'Solar panels', ['MinistryAlways', 'TaxAlways', 'ChamberLimited'], ALL],
    ['jsc', 5_000_000, 'Banking', ['MinistryAlways', 'TaxAlways', 'ChamberLimited'], ALL],
    ['sole', 150_000, 'Hairdressing', ['MinistryAlways', 'TaxAlways', 'ChamberLargeCapital'], ALL],
    ['partnership', 5_000, 'Import of spare parts', ['MinistryAlways', 'TaxAlways', 'ChamberTrade'], ALL],
    ['sole', 5_000, 'Retail of clothing', ['MinistryAlways', 'TaxAlways', 'ChamberTrade'], ALL],
    ['sole', 5_000, 'Hairdressing and beauty care', ['MinistryAlways', 'TaxAlways'], TWO],
    ['partnership', 99_999, 'Accounting services', ['MinistryAlways', 'TaxAlways'], TWO],
  ])('agencies: %s, capital %i, "%s" → %j', (legalForm, capital, businessActivity, matched, agencies) => {
    expect(decide(rules.model, 'approving-agencies', { legalForm, capital, businessActivity })).toEqual({
      value: agencies,
      matched,
    });
  });

  it('terms: the fee and the agencies in the one value the process reads', () => {
    const inputs = { legalForm: 'sole', capital: 5_000, businessActivity: 'Hairdressing' };
    expect(decide(rules.model, 'registration-terms', inputs).value).toEqual({ fee: 100, agencies: TWO });
  });

  it("every scenario's terms are what the rules give for its application", () => {
    for (const name of example.scenarios) {
      const events = readScenario(example, name);
      const given = events.find((e) => e.type === 'completeJob' && e.task === 'AssessRegistration');
      if (!given || given.type !== 'completeJob') continue;
      const application = Object.assign({}, ...events.filter((e) => e.type === 'variables').map((e) => e.data));
      expect(given.data?.terms, name).toEqual(decide(rules.model, 'registration-terms', application).value);
    }
  });
});
