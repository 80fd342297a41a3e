/**
 * Payments. A fee is a service task of job type `payment` (inputs `amount` and `purpose`). A
 * payment worker asks a `PaymentProvider` to create a payment under a new reference and completes
 * the job with `paymentReference`; the case then waits (the models' event-based gateway) for the
 * message `payment-confirmed` correlated by that reference, or lapses after 7 days. When the bank
 * confirms, the worker correlates the message with the receipt; when it declines, the worker notes
 * it on the case (`paymentStatus: "declined"`) and the payment stays open: the applicant may pay
 * again under the same reference until the case lapses.
 *
 * A refund is a job of type `payment.refund` (input `paymentReference`, and `refundAmount` when
 * less than what was paid): the models run it as the compensation handler of the fee payment, so
 * an application rejected after the fee was paid gets its money back. The worker asks the
 * provider to refund and completes the job with `refundReference` and `paymentStatus: "refunded"`.
 */

export interface PaymentRequest {
  /** Unique per payment; the correlation key of `payment-confirmed`. */
  reference: string;
  amount: number;
  currency: string;
  purpose: string;
  /** The case that asked for it. */
  caseId: string;
}

export interface Receipt {
  receiptNumber: string;
  reference: string;
  amount: number;
  currency: string;
  paidAt: Date;
}

export type PaymentSettlement =
  | {
      status: 'confirmed';
      reference: string;
      caseId: string;
      receipt: Receipt;
      /** What the payment asked for when it was created: a receipt for less does not pay the fee. */
      due: { amount: number; currency: string };
    }
  | { status: 'declined'; reference: string; caseId: string; reason: string; at: Date };

export interface PaymentProvider {
  readonly name: string;
  /** Registers a payment the applicant is to make; the bank answers later through `onSettled`. */
  createPayment(request: PaymentRequest): Promise<{ reference: string; payUrl?: string }>;
  /** Confirmations and declines, as the bank reports them. Returns an unsubscribe function. */
  onSettled(listener: (settlement: PaymentSettlement) => void | Promise<void>): () => void;
  /** Pays a confirmed payment back (all of it unless `amount` is less); throws when it cannot. */
  refundPayment(request: RefundRequest): Promise<{ refundReference: string; amount: number }>;
}

export interface RefundRequest {
  /** The payment's reference. */
  reference: string;
  amount?: number;
  reason: string;
  caseId: string;
}

/** The job type of a fee payment, the message of its confirmation, and the currency of the fees. */
export const PAYMENT_JOB_TYPE = 'payment';
export const PAYMENT_CONFIRMED = 'payment-confirmed';
/** The job type of a refund, the compensation of a fee payment. */
export const PAYMENT_REFUND_JOB_TYPE = 'payment.refund';
export const DEFAULT_CURRENCY = 'IQD';
