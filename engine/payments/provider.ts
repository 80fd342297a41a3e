/**
 * Payments. A fee is a service task of job type `payment` (inputs `amount` and `purpose`). A
 * payment worker asks a `PaymentProvider` to create a payment under a new reference and completes
 * the job with `paymentReference`; the case then waits (the models' event-based gateway) for the
 * message `payment-confirmed` correlated by that reference, or lapses after 7 days. When the bank
 * confirms, the worker correlates the message with the receipt; when it declines, the worker notes
 * it on the case (`paymentStatus: "declined"`) and the payment stays open: the applicant may pay
 * again under the same reference until the case lapses.
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
  | { status: 'confirmed'; reference: string; caseId: string; receipt: Receipt }
  | { status: 'declined'; reference: string; caseId: string; reason: string; at: Date };

export interface PaymentProvider {
  readonly name: string;
  /** Registers a payment the applicant is to make; the bank answers later through `onSettled`. */
  createPayment(request: PaymentRequest): Promise<{ reference: string; payUrl?: string }>;
  /** Confirmations and declines, as the bank reports them. Returns an unsubscribe function. */
  onSettled(listener: (settlement: PaymentSettlement) => void | Promise<void>): () => void;
}

/** The job type of a fee payment, the message of its confirmation, and the currency of the fees. */
export const PAYMENT_JOB_TYPE = 'payment';
export const PAYMENT_CONFIRMED = 'payment-confirmed';
export const DEFAULT_CURRENCY = 'IQD';
