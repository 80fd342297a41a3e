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
import {
  after,
  diagramProblems,
  fieldKeys,
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
beforeAll(async () => {
  example = await loadExample(DIR, 'company-registration');
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
  'unpaid-lapses': {
    status: 'completed',
    endEvents: ['Lapsed'],
    variables: { paymentReference: 'PAY-CR-000777' },
    absent: ['receipt'],
  },
};

describe('company registration: the model', () => {
  it('validates with one warning only, which the README explains', () => {
    // The rule does not see that a "reject" branch ends in an error end event, which ends the
    // whole sub-process: the join never waits for a branch that was not taken.
    expect(example.issues.map((i) => `${i.severity} ${i.code} ${i.elementId}`)).toEqual([
      'warning PARALLEL_JOIN_STARVATION AgenciesDone',
    ]);
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

  it('charges 300 for a joint-stock company and 150 otherwise', () => {
    const fee = (legalForm: string) => {
      const simulation = new Simulation(example.compiled);
      simulation.start({ legalForm, companyName: 'Zagros Solar Systems' });
      simulation.completeJob('CheckName');
      return simulation.findWait('RequestPayment', 'job')?.wait.variables;
    };
    expect(fee('jsc')).toMatchObject({ amount: 300, purpose: 'Company registration: Zagros Solar Systems' });
    expect(fee('llc')).toMatchObject({ amount: 150 });
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
