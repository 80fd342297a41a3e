/**
 * A bank that exists only in this process, for development and tests. A payment is confirmed
 * after `confirmAfterMs` (when given), or on demand with `confirm(reference)`; `decline` refuses
 * an attempt, and a declined payment can still be confirmed later (the applicant pays again).
 * Receipt numbers are `RCPT-<year>-<6 digits>`, counted per provider. A confirmed payment can be
 * refunded once (`RFND-<year>-<6 digits>`).
 */
import type { Clock } from '../clock/clock';
import type { PaymentProvider, PaymentRequest, PaymentSettlement, RefundRequest } from './provider';

export interface SimulatedPayment {
  request: PaymentRequest;
  status: 'pending' | 'confirmed' | 'declined' | 'refunded';
  createdAt: Date;
  receiptNumber?: string;
  refund?: { refundReference: string; amount: number; reason: string; at: Date };
  declineReason?: string;
}

export interface SimulatedPaymentOptions {
  clock?: Clock;
  /** Confirm each payment this long after it was created; on demand only when absent or null. */
  confirmAfterMs?: number | null;
}

export class SimulatedPaymentProvider implements PaymentProvider {
  readonly name = 'simulated';
  private readonly payments = new Map<string, SimulatedPayment>();
  private readonly listeners = new Set<(s: PaymentSettlement) => void | Promise<void>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private receipts = 0;
  private refunds = 0;

  constructor(private readonly options: SimulatedPaymentOptions = {}) {}

  async createPayment(request: PaymentRequest): Promise<{ reference: string; payUrl?: string }> {
    if (!this.payments.has(request.reference)) {
      this.payments.set(request.reference, { request, status: 'pending', createdAt: this.now() });
    }
    const delay = this.options.confirmAfterMs;
    if (delay !== undefined && delay !== null) {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        void this.confirm(request.reference).catch(() => undefined);
      }, delay);
      timer.unref?.();
      this.timers.add(timer);
    }
    return { reference: request.reference };
  }

  onSettled(listener: (s: PaymentSettlement) => void | Promise<void>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * The bank confirms: a receipt is issued and listeners are told (once per payment). `paid` is what
   * the bank received, the amount due unless it says otherwise (a partial transfer).
   */
  async confirm(reference: string, paid?: number): Promise<PaymentSettlement> {
    const payment = this.require(reference);
    if (payment.status === 'confirmed')
      throw new Error(`Payment ${reference} is already confirmed (receipt ${payment.receiptNumber})`);
    const paidAt = this.now();
    this.receipts += 1;
    // A partial transfer leaves the payment open, as a decline does.
    payment.status = (paid ?? payment.request.amount) >= payment.request.amount ? 'confirmed' : 'pending';
    payment.receiptNumber = `RCPT-${paidAt.getUTCFullYear()}-${String(this.receipts).padStart(6, '0')}`;
    const { amount, currency, caseId } = payment.request;
    const settlement: PaymentSettlement = {
      status: 'confirmed',
      reference,
      caseId,
      receipt: { receiptNumber: payment.receiptNumber, reference, amount: paid ?? amount, currency, paidAt },
      due: { amount, currency },
    };
    await this.emit(settlement);
    return settlement;
  }

  /** The bank refuses this attempt; the payment stays open for another attempt. */
  async decline(reference: string, reason = 'The bank declined the payment'): Promise<PaymentSettlement> {
    const payment = this.require(reference);
    if (payment.status === 'confirmed') throw new Error(`Payment ${reference} is already confirmed`);
    payment.status = 'declined';
    payment.declineReason = reason;
    const settlement: PaymentSettlement = {
      status: 'declined',
      reference,
      caseId: payment.request.caseId,
      reason,
      at: this.now(),
    };
    await this.emit(settlement);
    return settlement;
  }

  /** Pays back a confirmed payment, once; a pending, declined or already refunded one cannot be. */
  async refundPayment(request: RefundRequest): Promise<{ refundReference: string; amount: number }> {
    const payment = this.require(request.reference);
    if (payment.status !== 'confirmed')
      throw new Error(
        payment.status === 'refunded'
          ? `Payment ${request.reference} is already refunded (${payment.refund?.refundReference})`
          : `Payment ${request.reference} is ${payment.status}, not confirmed: there is nothing to refund`,
      );
    const paid = payment.request.amount;
    const amount = request.amount === undefined ? paid : request.amount;
    if (!(amount > 0 && amount <= paid))
      throw new Error(`A refund of payment ${request.reference} must be more than 0 and at most ${paid}`);
    const at = this.now();
    this.refunds += 1;
    const refundReference = `RFND-${at.getUTCFullYear()}-${String(this.refunds).padStart(6, '0')}`;
    payment.status = 'refunded';
    payment.refund = { refundReference, amount, reason: request.reason, at };
    return { refundReference, amount };
  }

  payment(reference: string): SimulatedPayment | undefined {
    return this.payments.get(reference);
  }

  list(): SimulatedPayment[] {
    return [...this.payments.values()];
  }

  /** Stops pending confirmations. */
  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private require(reference: string): SimulatedPayment {
    const payment = this.payments.get(reference);
    if (!payment) throw new Error(`No payment with reference ${reference}`);
    return payment;
  }

  private now(): Date {
    return this.options.clock?.now() ?? new Date();
  }

  private async emit(settlement: PaymentSettlement): Promise<void> {
    for (const listener of this.listeners) await listener(settlement);
  }
}
