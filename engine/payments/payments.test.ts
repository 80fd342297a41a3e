/**
 * The simulated bank and the payment worker against a real engine: a payment job gets a
 * reference, the confirmation arrives as `payment-confirmed` with the receipt, a decline is noted
 * on the case that keeps waiting, and an unpaid case lapses after 7 days.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, applicant, bpmn, chain, createHarness, flow, type Harness } from '../../test/engine/support';
import { PaymentWorker, SimulatedPaymentProvider } from '.';

const FEE = bpmn(
  'fee',
  `
  <bpmn:startEvent id="Start" rebaz:outputs="category" />
  <bpmn:serviceTask id="RequestPayment" rebaz:jobType="payment">
    <bpmn:extensionElements><rebaz:ioMapping><rebaz:input source="=if category = &quot;C&quot; then 80 else 50"
      target="amount" /><rebaz:input source="=&quot;Fee&quot;" target="purpose" /></rebaz:ioMapping>
    </bpmn:extensionElements>
  </bpmn:serviceTask>
  <bpmn:eventBasedGateway id="AwaitPayment" />
  <bpmn:intermediateCatchEvent id="PaymentConfirmed"><bpmn:messageEventDefinition messageRef="Msg" />
  </bpmn:intermediateCatchEvent>
  <bpmn:intermediateCatchEvent id="PaymentOverdue"><bpmn:timerEventDefinition>` +
    `<bpmn:timeDuration>P7D</bpmn:timeDuration>
  </bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
  <bpmn:endEvent id="Paid" /><bpmn:endEvent id="Lapsed" />
  ${chain('Start', 'RequestPayment', 'AwaitPayment')}${flow('AwaitPayment', 'PaymentConfirmed')}${flow('AwaitPayment', 'PaymentOverdue')}
  ${flow('PaymentConfirmed', 'Paid')}${flow('PaymentOverdue', 'Lapsed')}`,
  `<bpmn:message id="Msg" name="payment-confirmed" rebaz:correlationKey="=paymentReference" />`,
);

/**
 * A fee whose payment is compensated by a refund: after the fee is paid a clerk reviews, and a
 * rejection throws compensation, which runs the refund job of the payment's handler.
 */
const REFUNDED_FEE = bpmn(
  'refunded-fee',
  `
  <bpmn:startEvent id="Start" />
  <bpmn:serviceTask id="RequestPayment" rebaz:jobType="payment" rebaz:outputs="paymentReference,paymentStatus,paymentAmount">
    <bpmn:extensionElements><rebaz:ioMapping><rebaz:input source="=50" target="amount" />
      <rebaz:input source="=&quot;Fee&quot;" target="purpose" /></rebaz:ioMapping></bpmn:extensionElements>
  </bpmn:serviceTask>
  <bpmn:boundaryEvent id="PaymentUndone" attachedToRef="RequestPayment"><bpmn:compensateEventDefinition />
  </bpmn:boundaryEvent>
  <bpmn:serviceTask id="RefundFee" isForCompensation="true" rebaz:jobType="payment.refund"
    rebaz:fetchVariables="paymentReference"
    rebaz:outputs="refundReference,refundedAmount,paymentStatus" />
  <bpmn:association id="PaymentRefund" sourceRef="PaymentUndone" targetRef="RefundFee" />
  <bpmn:intermediateCatchEvent id="PaymentConfirmed" rebaz:outputs="receipt,paymentStatus,paidAt,paidAmount">
    <bpmn:messageEventDefinition messageRef="Msg" /></bpmn:intermediateCatchEvent>
  <bpmn:userTask id="Review" rebaz:candidateGroups="clerks" rebaz:outputs="approved" />
  <bpmn:exclusiveGateway id="Decision" />
  <bpmn:endEvent id="Granted" />
  <bpmn:endEvent id="Rejected"><bpmn:compensateEventDefinition activityRef="RequestPayment" /></bpmn:endEvent>
  ${chain('Start', 'RequestPayment', 'PaymentConfirmed', 'Review', 'Decision')}
  ${flow('Decision', 'Granted', '=approved')}${flow('Decision', 'Rejected', '=not(approved)')}`,
  `<bpmn:message id="Msg" name="payment-confirmed" rebaz:correlationKey="=paymentReference" />`,
);

let h: Harness;
let bank: SimulatedPaymentProvider;
let worker: PaymentWorker;
beforeAll(async () => {
  h = await createHarness();
  await h.deploy(FEE);
  await h.deploy(REFUNDED_FEE);
  bank = new SimulatedPaymentProvider({ clock: h.clock });
  worker = new PaymentWorker({
    engine: h.engine,
    provider: bank,
    onError: (e) => {
      throw e;
    },
  });
  worker.listen();
});
afterAll(async () => {
  await worker?.stop();
  bank?.close();
  await h?.dispose();
});

const start = async (category = 'B') =>
  (await h.engine.startCase({ definitionKey: 'fee', actor: applicant, variables: { category } })).id;
const variables = async (id: string) => (await h.engine.case(id, admin)).variables;

describe('the payment worker with the simulated bank', () => {
  it('creates the payment, and the confirmation moves the case on with its receipt', async () => {
    const caseId = await start('C');
    const [reference] = await worker.runOnce();
    expect(reference).toMatch(/^PAY-[0-9A-F]{12}$/);
    expect(bank.payment(reference!)).toMatchObject({
      status: 'pending',
      request: { amount: 80, purpose: 'Fee', caseId, currency: 'IQD' },
    });
    expect(await variables(caseId)).toMatchObject({
      paymentReference: reference,
      paymentStatus: 'pending',
      paymentAmount: 80,
    });

    await bank.decline(reference!, 'Insufficient funds');
    const kase = await h.engine.case(caseId, admin);
    expect(kase).toMatchObject({
      status: 'ACTIVE',
      variables: { paymentStatus: 'declined', paymentDeclineReason: 'Insufficient funds' },
    });

    // The applicant pays again under the same reference.
    await bank.confirm(reference!);
    const paid = await h.engine.case(caseId, admin);
    expect(paid.status).toBe('COMPLETED');
    expect(paid.variables).toMatchObject({
      paymentStatus: 'confirmed',
      receipt: expect.stringMatching(/^RCPT-2030-\d{6}$/),
      paidAmount: 80,
      paidAt: '2030-01-01T08:00:00.000Z',
    });
    await expect(bank.confirm(reference!)).rejects.toThrow(/already confirmed/);
  });

  it('takes a confirmation for less than the fee as no payment of it: the case waits, told what was paid', async () => {
    const caseId = await start('C');
    const [reference] = await worker.runOnce();
    await bank.confirm(reference!, 30);
    expect(await h.engine.case(caseId, admin)).toMatchObject({
      status: 'ACTIVE',
      variables: {
        paymentStatus: 'declined',
        paymentDeclineReason: expect.stringContaining('The bank confirmed 30 IQD of the 80 IQD due'),
      },
    });
    expect((await h.engine.case(caseId, admin)).variables.receipt).toBeUndefined();
    await bank.confirm(reference!);
    expect(await h.engine.case(caseId, admin)).toMatchObject({
      status: 'COMPLETED',
      variables: { paymentStatus: 'confirmed', paidAmount: 80 },
    });
  });

  it('refunds a paid fee when the application is rejected: the payment’s compensation handler', async () => {
    const paidCase = async () => {
      const kase = await h.engine.startCase({ definitionKey: 'refunded-fee', actor: applicant, variables: {} });
      const [reference] = await worker.runOnce();
      await bank.confirm(reference!);
      return { caseId: kase.id, reference: reference! };
    };
    const completeReview = async (caseId: string, approved: boolean) => {
      const open = (await h.engine.tasks({ caseId }, admin)).items.filter((t) => t.status === 'OPEN');
      await h.engine.completeTask({ taskId: open[0]!.id, data: { approved }, actor: admin });
    };
    const rejected = await paidCase();
    await completeReview(rejected.caseId, false);
    expect((await h.engine.case(rejected.caseId, admin)).status).toBe('ACTIVE');
    expect(await worker.refundOnce()).toEqual([expect.stringMatching(/^RFND-2030-\d{6}$/)]);
    const refunded = await h.engine.case(rejected.caseId, admin);
    expect(refunded.status).toBe('COMPLETED');
    expect(refunded.variables).toMatchObject({ paymentStatus: 'refunded', refundedAmount: 50 });
    expect(bank.payment(rejected.reference)).toMatchObject({ status: 'refunded', refund: { amount: 50 } });

    const granted = await paidCase();
    await completeReview(granted.caseId, true);
    expect(await worker.refundOnce()).toEqual([]);
    expect((await h.engine.case(granted.caseId, admin)).status).toBe('COMPLETED');
    expect(bank.payment(granted.reference)?.status).toBe('confirmed');
    await expect(
      bank.refundPayment({ reference: rejected.reference, reason: 'again', caseId: rejected.caseId }),
    ).rejects.toThrow(/already refunded/);
  });

  it('leaves an unpaid case to lapse after 7 days', async () => {
    const caseId = await start();
    await worker.runOnce();
    h.clock.advance(7 * 24 * 3600_000);
    await h.engine.runDueTimers();
    expect(await h.engine.case(caseId, admin)).toMatchObject({ status: 'COMPLETED' });
    const state = await h.engine.caseState(caseId, admin);
    expect(state.activeElementIds).toEqual([]);
    expect((await h.engine.exportPersonalData(applicant)).cases.find((c) => c.id === caseId)?.outcome).toBe('Lapsed');
  });

  it('confirms by itself after a delay when asked to, polling for jobs', async () => {
    const auto = new SimulatedPaymentProvider({ clock: h.clock, confirmAfterMs: 20 });
    const polling = new PaymentWorker({ engine: h.engine, provider: auto, pollMs: 20 });
    polling.start();
    try {
      const caseId = await start();
      const deadline = Date.now() + 10_000;
      while ((await h.engine.case(caseId, admin)).status !== 'COMPLETED') {
        if (Date.now() > deadline) throw new Error('The simulated bank did not confirm');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(await variables(caseId)).toMatchObject({ paymentStatus: 'confirmed', receipt: 'RCPT-2030-000001' });
    } finally {
      await polling.stop();
      auto.close();
    }
  });
});

describe('an amount the model could not work out', () => {
  it('fails the payment job, naming what the amount is, instead of asking for a payment of 0', async () => {
    await h.deploy(
      bpmn(
        'fee-unknown',
        `<bpmn:startEvent id="Start" />
  <bpmn:serviceTask id="RequestPayment" rebaz:jobType="payment">
    <bpmn:extensionElements><rebaz:ioMapping><rebaz:input source="=null" target="amount" />
    </rebaz:ioMapping></bpmn:extensionElements>
  </bpmn:serviceTask><bpmn:endEvent id="End" />${chain('Start', 'RequestPayment', 'End')}`,
      ),
    );
    const errors: string[] = [];
    const strict = new PaymentWorker({
      engine: h.engine,
      provider: bank,
      onError: (error) => errors.push((error as Error).message),
    });
    const payments = bank.list().length;
    const kase = await h.engine.startCase({ definitionKey: 'fee-unknown', actor: applicant });
    expect(await strict.runOnce()).toEqual([]);
    expect(errors).toEqual(['the amount to pay is null, not a number above 0']);
    expect(bank.list()).toHaveLength(payments);
    expect(await h.engine.case(kase.id, admin)).toMatchObject({ activeElementIds: ['RequestPayment'] });
  });
});
