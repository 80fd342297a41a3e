/**
 * The payment worker: connects the engine to a payment provider. It leases `payment` jobs, has
 * the provider create each payment under a new reference, and completes the job with
 * `paymentReference`. When the provider confirms, it correlates `payment-confirmed` by that
 * reference with the receipt (`receipt` = the receipt number, `paidAt`, `paidAmount`); when it
 * declines, it notes `paymentStatus: "declined"` and the reason on the case, which keeps waiting.
 */
import { randomBytes } from 'node:crypto';
import { describeValue } from '../../definitions/expressions/describe-value';
import { SYSTEM, type Actor } from '../authz/actor';
import type { Engine } from '../engine';
import { MessageIdTakenError } from '../commands/errors';

/** A job as the engine leases it to this worker. */
type LeasedJob = Awaited<ReturnType<Engine['activateJobs']>>[number];
import {
  DEFAULT_CURRENCY,
  PAYMENT_CONFIRMED,
  PAYMENT_JOB_TYPE,
  PAYMENT_REFUND_JOB_TYPE,
  type PaymentProvider,
  type PaymentSettlement,
} from './provider';

export const PAYMENT_WORKER: Actor = Object.freeze({
  id: 'payment-worker',
  name: 'Payment service',
  roles: ['worker'],
  groups: [],
  jobTypes: [PAYMENT_JOB_TYPE, PAYMENT_REFUND_JOB_TYPE],
}) as Actor;

export interface PaymentWorkerOptions {
  engine: Engine;
  provider: PaymentProvider;
  actor?: Actor;
  /** How often to look for payment jobs (ms); 500 when absent. */
  pollMs?: number;
  currency?: string;
  /** Called when a job or a settlement could not be handled (it is retried or left for an operator). */
  onError?: (error: unknown, what: string) => void;
}

/** A new payment reference: `PAY-` and 12 hexadecimal digits. */
export function newPaymentReference(): string {
  return `PAY-${randomBytes(6).toString('hex').toUpperCase()}`;
}

export class PaymentWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private unsubscribe: (() => void) | undefined;
  private readonly actor: Actor;
  /** This worker's name on its leases: every server runs one as the same identity, so the name tells them apart. */
  private readonly name = `payments-${randomBytes(4).toString('hex')}`;

  constructor(private readonly options: PaymentWorkerOptions) {
    this.actor = options.actor ?? PAYMENT_WORKER;
  }

  start(): void {
    if (this.timer) return;
    this.unsubscribe = this.options.provider.onSettled((s) => this.settle(s));
    this.timer = setInterval(() => {
      if (!this.running)
        this.running = this.runOnce()
          .then(() => this.refundOnce())
          .catch((e: unknown) => this.error(e, 'poll'))
          .finally(() => (this.running = undefined));
    }, this.options.pollMs ?? 500);
    this.timer.unref?.();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    await this.running;
  }

  /** Listens to the provider without polling (tests call `runOnce` themselves). */
  listen(): void {
    this.unsubscribe ??= this.options.provider.onSettled((s) => this.settle(s));
  }

  /** One pass: creates a payment for every payment job due now; returns their references. */
  runOnce(): Promise<string[]> {
    const { engine, provider } = this.options;
    return this.workJobs(
      PAYMENT_JOB_TYPE,
      async (job) => {
        const amount = job.variables.amount;
        // A fee the model could not work out (null, text) is no fee of 0: the job fails, and an operator looks.
        if (typeof amount !== 'number' || !Number.isFinite(amount) || amount <= 0)
          throw new Error(`the amount to pay is ${describeValue(amount)}, not a number above 0`);
        const reference = newPaymentReference();
        await provider.createPayment({
          reference,
          amount,
          currency: this.options.currency ?? DEFAULT_CURRENCY,
          purpose: String(job.variables.purpose ?? ''),
          caseId: job.caseId,
        });
        await engine.completeJob({
          jobId: job.id,
          actor: this.actor,
          worker: this.name,
          variables: { paymentReference: reference, paymentStatus: 'pending', paymentAmount: amount },
        });
        return reference;
      },
      () => 'The payment could not be created',
    );
  }

  /**
   * One pass over refund jobs (compensation of a paid fee): the provider pays back and the job
   * completes with `refundReference`; returns those references. A refund the provider refuses
   * fails the job, which raises an incident once its retries run out.
   */
  refundOnce(): Promise<string[]> {
    const { engine, provider } = this.options;
    return this.workJobs(
      PAYMENT_REFUND_JOB_TYPE,
      async (job) => {
        const reference = String(job.variables.paymentReference ?? '');
        const amount = job.variables.refundAmount === undefined ? undefined : Number(job.variables.refundAmount);
        const refund = await provider.refundPayment({
          reference,
          ...(amount === undefined ? {} : { amount }),
          reason: String(job.variables.refundReason ?? 'The application was not granted'),
          caseId: job.caseId,
        });
        await engine.completeJob({
          jobId: job.id,
          actor: this.actor,
          worker: this.name,
          variables: {
            refundReference: refund.refundReference,
            refundedAmount: refund.amount,
            paymentStatus: 'refunded',
          },
        });
        return refund.refundReference;
      },
      (job) => `The refund of payment ${String(job.variables.paymentReference ?? '')} failed`,
    );
  }

  /**
   * Leases the jobs of one type due now and works each; a job whose work throws is failed with
   * what went wrong (retried after a pause, an incident once its retries run out). Returns what
   * each finished job gave.
   */
  private async workJobs(
    type: string,
    work: (job: LeasedJob) => Promise<string>,
    failure: (job: LeasedJob) => string,
  ): Promise<string[]> {
    const { engine } = this.options;
    const jobs = await engine.activateJobs({
      type,
      max: 20,
      lockFor: 60_000,
      worker: this.name,
      actor: this.actor,
    });
    const done: string[] = [];
    for (const job of jobs) {
      try {
        done.push(await work(job));
      } catch (error) {
        this.error(error, `${type} job ${job.id}`);
        await engine
          .failJob({
            jobId: job.id,
            actor: this.actor,
            worker: this.name,
            retries: Math.max(0, job.retries - 1),
            backoff: 10_000,
            errorMessage: `${failure(job)}: ${(error as Error).message}`,
          })
          .catch(() => undefined);
      }
    }
    return done;
  }

  /** What the bank said, carried to the case. */
  async settle(settlement: PaymentSettlement): Promise<void> {
    try {
      if (settlement.status === 'declined')
        return await this.noteDecline(settlement, `declined payment ${settlement.reference}`, settlement.reason);
      // Less than the fee, or another currency, is no payment of it: the payment stays open, as
      // after a decline, and the case never moves on as if the fee were paid.
      const short = shortfall(settlement);
      if (short)
        return await this.noteDecline(
          settlement,
          `confirmed payment ${settlement.reference} for less than the fee, or in another currency`,
          short,
        );
      const { receipt } = settlement;
      await this.options.engine.correlateMessage({
        name: PAYMENT_CONFIRMED,
        correlationKey: settlement.reference,
        actor: this.actor,
        messageId: `${PAYMENT_CONFIRMED}:${settlement.reference}`,
        variables: {
          receipt: receipt.receiptNumber,
          paymentStatus: 'confirmed',
          paidAt: receipt.paidAt.toISOString(),
          paidAmount: receipt.amount,
        },
      });
    } catch (error) {
      // The bank repeated a confirmation the case has already taken: nothing to do.
      if (error instanceof MessageIdTakenError) return;
      this.error(error, `payment ${settlement.reference}`);
    }
  }

  /** A payment that does not pay the fee, noted on its case (as the engine, audited); the case waits on. */
  private async noteDecline(settlement: PaymentSettlement, what: string, reason: string): Promise<void> {
    await this.options.engine.setVariables({
      caseId: settlement.caseId,
      actor: SYSTEM,
      reason: `The payment provider ${what}`,
      variables: { paymentStatus: 'declined', paymentDeclineReason: reason },
    });
  }

  private error(error: unknown, what: string): void {
    if (this.options.onError) this.options.onError(error, what);
    else console.error(`rebaz: payment worker: ${what} failed`, error);
  }
}

/** Why a confirmation does not pay what was due, or undefined when it does. */
function shortfall(settlement: Extract<PaymentSettlement, { status: 'confirmed' }>): string | undefined {
  const { receipt, due } = settlement;
  if (receipt.currency === due.currency && receipt.amount >= due.amount) return undefined;
  return (
    `The bank confirmed ${receipt.amount} ${receipt.currency} of the ${due.amount} ${due.currency} due ` +
    `(receipt ${receipt.receiptNumber}); the whole fee must be paid in one payment under the same reference`
  );
}
