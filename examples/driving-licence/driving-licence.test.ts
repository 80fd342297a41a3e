/**
 * The driving licence example, end to end through the real pipeline: every scenario in
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
  example = await loadExample(DIR, 'driving-licence');
  rules = await loadDecisions(DIR, 'driving-licence');
});

const RECEIPT = 'RCPT-2030-000123';
const outcome = (report: ScenarioReport) =>
  report.endEvents.filter((id) => ['Issued', 'Rejected', 'Lapsed', 'NotEligible'].includes(id));
const groupsOf = (report: ScenarioReport) =>
  Object.fromEntries(report.openTasks.map((t) => [t.elementId, t.candidateGroups]));

interface Expected {
  status: ScenarioReport['status'];
  endEvents: string[];
  variables?: Record<string, unknown>;
  absent?: string[];
  openTasks?: Record<string, string[]>;
}

const EXPECTED: Record<string, Expected> = {
  'happy-path': {
    status: 'completed',
    endEvents: ['CheckDone', 'Issued'],
    variables: { licenceNumber: 'DL-2030-000123', receipt: RECEIPT, documentDecision: 'approve' },
    absent: ['rejectionReasons'],
  },
  'documents-rejected': {
    status: 'completed',
    endEvents: ['CheckDone', 'Rejected'],
    absent: ['licenceNumber'],
    variables: {
      rejectionReasons: 'The medical certificate was issued by a doctor who is not approved for driving licences.',
      receipt: RECEIPT,
      paymentStatus: 'refunded',
      refundReference: 'RFND-2030-000123',
    },
  },
  'correction-then-approved': {
    status: 'completed',
    endEvents: ['CheckDone', 'CheckDone', 'Issued'],
    variables: {
      licenceNumber: 'DL-2030-000123',
      medicalCertificateRef: 'MED-318877',
      correctionNote: 'New certificate from the city clinic.',
    },
  },
  'correction-lapses': {
    status: 'completed',
    endEvents: ['CheckDone', 'Lapsed'],
    variables: { receipt: RECEIPT },
    absent: ['licenceNumber'],
  },
  'unpaid-lapses': {
    status: 'completed',
    endEvents: ['Lapsed'],
    variables: { paymentReference: 'PAY-DL-000123' },
    absent: ['receipt', 'documentDecision'],
  },
  'failed-exam': {
    status: 'completed',
    endEvents: ['CheckDone', 'Rejected'],
    absent: ['licenceNumber'],
    variables: {
      rejectionReasons: 'Theory test not passed: 18 of 30 correct answers; 25 are needed',
      theoryResult: 'failed',
      practicalResult: 'passed',
    },
  },
  'sla-escalation': {
    status: 'completed',
    endEvents: ['EscalationHandled', 'CheckDone', 'Issued'],
    variables: { licenceNumber: 'DL-2030-000123', supervisorAction: 'reassigned' },
  },
  'not-eligible': {
    status: 'completed',
    endEvents: ['NotEligible'],
    variables: {
      assessment: { eligible: false, reason: 'Categories C and D are for holders of a category B licence' },
    },
    absent: ['paymentReference'],
  },
  'sla-check-done-before-review': {
    status: 'active',
    endEvents: ['CheckDone'],
    absent: ['supervisorAction'],
    openTasks: { TheoryTest: ['examiners'], PracticalTest: ['examiners'] },
  },
};

describe('driving licence: the model', () => {
  it('validates with no issue at all', () => {
    expect(example.issues).toEqual([]);
  });

  it('declares its tasks, jobs, message and personal data', () => {
    const { catalogue } = example.compiled;
    expect(Object.fromEntries(catalogue.userTasks.map((t) => [t.elementId, t.candidateGroups]))).toEqual({
      CheckDocuments: 'traffic-clerks',
      ReviewOverdueCheck: 'traffic-supervisors',
      CorrectApplication: 'applicant',
      TheoryTest: 'examiners',
      PracticalTest: 'examiners',
    });
    expect(catalogue.userTasks.find((t) => t.elementId === 'CheckDocuments')?.dueDate).toBe('P3D');
    // Offered to the group `applicant`: only this case's own applicant may take it.
    expect(catalogue.userTasks.find((t) => t.elementId === 'CorrectApplication')?.assignee).toBeUndefined();
    expect(catalogue.jobs.map((j) => j.jobType).sort()).toEqual([
      'decision:assessment',
      'issue-licence',
      'payment',
      'payment.refund',
    ]);
    expect(catalogue.messages).toEqual([
      {
        elementId: 'PaymentConfirmed',
        messageName: 'payment-confirmed',
        correlationKey: '=paymentReference',
        publishers: ['job:payment'],
      },
    ]);
    expect(catalogue.personal).toEqual(
      expect.arrayContaining(['fullName', 'dateOfBirth', 'nationalId', 'address', 'medicalCertificateRef', 'photoRef']),
    );
  });

  it('has a form-js schema for the start event and every user task, and no other', () => {
    expect(Object.keys(example.forms).sort()).toEqual(example.compiled.catalogue.forms);
    for (const [key, form] of Object.entries(example.forms)) {
      expect(form, key).toMatchObject({ type: 'default', id: key, schemaVersion: 16 });
    }
  });

  it('marks as personal in the forms only fields the process declares personal', () => {
    const declared = example.compiled.catalogue.personal;
    for (const [key, form] of Object.entries(example.forms)) {
      expect(
        personalFields(form.components).filter((f) => !declared.includes(f)),
        key,
      ).toEqual([]);
    }
    expect(personalFields(example.forms['dl-application'].components).sort()).toEqual([...declared].sort());
  });

  it('asks the clerk for the decision the gateway reads', () => {
    expect(fieldKeys(example.forms['dl-document-check'].components)).toEqual([
      'documentDecision',
      'correctionRequest',
      'rejectionReasons',
    ]);
    expect(fieldKeys(example.forms['dl-theory-test'].components)).toContain('theoryResult');
    expect(fieldKeys(example.forms['dl-practical-test'].components)).toContain('practicalResult');
  });

  it('has a complete diagram with no overlapping shapes and no edge through a shape', () => {
    expect(diagramProblems(example.parsed)).toEqual([]);
  });
});

describe('driving licence: scenarios', () => {
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
      expect(report.variables).toMatchObject(expected.variables ?? {});
      for (const name of expected.absent ?? []) expect(report.variables).not.toHaveProperty(name);
      expect(groupsOf(report)).toEqual(expected.openTasks ?? {});
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

describe('driving licence: the rules of the procedure', () => {
  const happy = () => readScenario(example, 'happy-path');
  const paid = (events: ScenarioEvent[]) => after(events, (e) => e.type === 'message');

  it('asks the rules with the category, the age and whether a category B licence is held', () => {
    const simulation = new Simulation(example.compiled);
    simulation.start({ licenceCategory: 'C', dateOfBirth: '1990-01-01', hasPriorLicence: true });
    const inputs = simulation.findWait('AssessApplication', 'job')?.wait.variables;
    expect(inputs).toMatchObject({ category: 'C', priorLicence: true });
    expect(inputs?.age).toBeGreaterThanOrEqual(36);
  });

  it('charges the fee the rules give, and ends an application the rules refuse before any fee', () => {
    const afterAssessment = (assessment: Record<string, unknown>) => {
      const simulation = new Simulation(example.compiled);
      simulation.start({ licenceCategory: 'C' });
      simulation.completeJob('AssessApplication', { assessment });
      return simulation;
    };
    expect(
      afterAssessment({ eligible: true, reason: null, fee: 80 }).findWait('RequestPayment', 'job')?.wait.variables,
    ).toMatchObject({ amount: 80, purpose: 'Driving licence, first issue, category C' });
    expect(afterAssessment({ eligible: false, reason: 'Too young', fee: 80 }).findWait('RequestPayment', 'job')).toBe(
      undefined,
    );
  });

  it('takes the payment confirmation only with the payment reference', () => {
    const events = happy();
    const wrong: ScenarioEvent[] = [
      ...events.slice(0, 3),
      { type: 'message', name: 'payment-confirmed', correlationKey: 'PAY-DL-999999', data: { receipt: 'X' } },
    ];
    const report = run(example, wrong);
    // Another application's confirmation is kept for the case it names, not taken by this one.
    expect(report.status).toBe('active');
    expect(report.variables).not.toHaveProperty('receipt');
    expect(report.bufferedMessages).toEqual([expect.objectContaining({ correlationKey: 'PAY-DL-999999' })]);
  });

  it('refunds the paid fee when the documents are rejected, and not when a test is failed', () => {
    const rejected = readScenario(example, 'documents-rejected');
    const refunding = run(example, rejected.slice(0, -1));
    expect(refunding.status).toBe('active');
    expect(refunding.active).toEqual(['RefundFee', 'RefundPayment']);
    expect(refunding.endEvents).toEqual(['CheckDone']);
    const failed = run(example, readScenario(example, 'failed-exam'));
    expect(failed.trace.filter((t) => t.elementId === 'RefundPayment')).toEqual([]);
    expect(failed.variables).not.toHaveProperty('refundReference');
  });

  it('lapses unpaid only after 7 days', () => {
    const events = readScenario(example, 'unpaid-lapses');
    const report = run(example, [...events.slice(0, -1), { type: 'advanceTime', duration: 'P6DT23H' }]);
    expect(report.status).toBe('active');
    expect(report.active).toEqual(['AwaitPayment']);
  });

  it('gives the document check to the traffic clerks, due in 3 days', () => {
    const report = run(example, happy(), paid(happy()));
    expect(report.openTasks).toEqual([
      expect.objectContaining({
        elementId: 'CheckDocuments',
        candidateGroups: ['traffic-clerks'],
        formKey: 'dl-document-check',
        dueAt: '2030-01-04T00:00:00.000Z',
      }),
    ]);
  });

  it('escalates to the supervisors when the check is still open after 3 days, and shows it overdue', () => {
    const events = readScenario(example, 'sla-escalation');
    const before = run(example, [...events.slice(0, paid(events)), { type: 'advanceTime', duration: 'P2DT23H' }]);
    expect(Object.keys(groupsOf(before))).toEqual(['CheckDocuments']);
    const escalated = run(
      example,
      events,
      after(events, (e) => e.type === 'advanceTime'),
    );
    expect(groupsOf(escalated)).toEqual({
      CheckDocuments: ['traffic-clerks'],
      ReviewOverdueCheck: ['traffic-supervisors'],
    });
    const check = escalated.openTasks.find((t) => t.elementId === 'CheckDocuments');
    expect(Date.parse(check?.dueAt ?? '')).toBeLessThanOrEqual(Date.parse('2030-01-04T00:00:00.000Z'));
  });

  it('withdraws the escalation once the clerk has decided', () => {
    const report = run(example, readScenario(example, 'sla-check-done-before-review'));
    expect(report.trace).toContainEqual(
      expect.objectContaining({ elementId: 'ReviewOverdueCheck', event: 'terminated' }),
    );
  });

  it('sends a correction to the applicant, due in 14 days', () => {
    const events = readScenario(example, 'correction-then-approved');
    const report = run(
      example,
      events,
      after(events, (e) => e.type === 'complete' && e.data?.documentDecision === 'correct'),
    );
    expect(report.openTasks).toEqual([
      expect.objectContaining({
        elementId: 'CorrectApplication',
        candidateGroups: ['applicant'],
        formKey: 'dl-correction',
        dueAt: '2030-01-15T00:00:00.000Z',
      }),
    ]);
  });

  it('checks the documents again after a correction, with a fresh 3-day SLA', () => {
    const events = readScenario(example, 'correction-then-approved');
    const report = run(
      example,
      events,
      after(events, (e) => e.type === 'complete' && e.task === 'CorrectApplication'),
    );
    expect(report.openTasks).toEqual([
      expect.objectContaining({ elementId: 'CheckDocuments', dueAt: '2030-01-09T00:00:00.000Z' }),
    ]);
  });

  it('gives both tests to the examiners at once', () => {
    const events = happy();
    const report = run(
      example,
      events,
      after(events, (e) => e.type === 'complete' && e.task === 'CheckDocuments'),
    );
    expect(groupsOf(report)).toEqual({ TheoryTest: ['examiners'], PracticalTest: ['examiners'] });
  });

  it('rejects with both reasons when both tests are failed', () => {
    const events = readScenario(example, 'failed-exam').map((e) =>
      e.type === 'complete' && e.task === 'PracticalTest'
        ? {
            ...e,
            data: {
              practicalTestDate: '2030-01-09',
              practicalResult: 'failed',
              practicalRemarks: 'Did not give way at a roundabout',
            },
          }
        : e,
    );
    const report = run(example, events);
    expect(outcome(report)).toEqual(['Rejected']);
    expect(report.variables.rejectionReasons).toBe(
      'Theory test not passed: 18 of 30 correct answers; 25 are needed; Practical test not passed: ' +
        'Did not give way at a roundabout',
    );
  });
});

describe('driving licence: the rules (driving-licence.dmn)', () => {
  it('validate with no issue at all', () => {
    expect(rules.issues).toEqual([]);
  });

  // Each rule of the eligibility table, by a row that reaches it: category, age, prior licence → the result.
  it.each([
    ['A', 15, false, 'TooYoungForA', false, 'Category A is for applicants aged 16 or over'],
    ['B', 17, true, 'TooYoungForB', false, 'Category B is for applicants aged 18 or over'],
    ['C', 20, true, 'TooYoungForC', false, 'Category C is for applicants aged 21 or over'],
    ['D', 23, true, 'TooYoungForD', false, 'Category D is for applicants aged 24 or over'],
    ['C', 30, false, 'NoCarLicence', false, 'Categories C and D are for holders of a category B licence'],
    ['D', 40, false, 'NoCarLicence', false, 'Categories C and D are for holders of a category B licence'],
    ['A', 16, false, 'Eligible', true, null],
    ['B', 18, false, 'Eligible', true, null],
    ['C', 21, true, 'Eligible', true, null],
    ['D', 24, true, 'Eligible', true, null],
  ])(
    'eligibility: category %s, age %i, prior licence %s → rule %s',
    (category, age, priorLicence, rule, eligible, reason) => {
      expect(decide(rules.model, 'eligibility', { category, age, priorLicence })).toEqual({
        value: { eligible, reason },
        matched: [rule],
      });
    },
  );

  it.each([
    ['A', 30, 'LightVehicles', 50],
    ['B', 64, 'LightVehicles', 50],
    ['B', 65, 'LightVehiclesSenior', 25],
    ['C', 30, 'HeavyVehicles', 80],
    ['D', 70, 'HeavyVehicles', 80],
  ])('fee: category %s, age %i → rule %s, %i', (category, age, rule, fee) => {
    expect(decide(rules.model, 'licence-fee', { category, age })).toEqual({ value: fee, matched: [rule] });
  });

  it('assessment: eligibility and fee in the one value the process reads', () => {
    expect(decide(rules.model, 'assessment', { category: 'B', age: 30, priorLicence: false }).value).toEqual({
      eligible: true,
      reason: null,
      fee: 50,
    });
  });

  it('a category outside A to D matches no fee rule: the task would raise an incident naming it', () => {
    expect(decide(rules.model, 'licence-fee', { category: 'E', age: 30 }).error).toMatch(/"E"/);
  });

  it("every scenario's assessment is what the rules give for its applicant", () => {
    const ageOn = (dateOfBirth: string, day: string) => {
      const [y, m, d] = dateOfBirth.split('-').map(Number) as [number, number, number];
      const [ty, tm, td] = day.split('-').map(Number) as [number, number, number];
      return ty - y - (tm < m || (tm === m && td < d) ? 1 : 0);
    };
    for (const name of example.scenarios) {
      const events = readScenario(example, name);
      const applicant = Object.assign({}, ...events.filter((e) => e.type === 'variables').map((e) => e.data));
      const given = events.find((e) => e.type === 'completeJob' && e.task === 'AssessApplication');
      const inputs = {
        category: applicant.licenceCategory,
        age: ageOn(applicant.dateOfBirth, '2030-01-01'),
        priorLicence: applicant.hasPriorLicence === true,
      };
      expect(given?.type === 'completeJob' && given.data?.assessment, name).toEqual(
        decide(rules.model, 'assessment', inputs).value,
      );
    }
  });
});
