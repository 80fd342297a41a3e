export {
  PAYMENT_JOB_TYPE,
  PAYMENT_CONFIRMED,
  PAYMENT_REFUND_JOB_TYPE,
  DEFAULT_CURRENCY,
  type PaymentProvider,
  type PaymentRequest,
  type PaymentSettlement,
  type Receipt,
  type RefundRequest,
} from './provider';
export { SimulatedPaymentProvider, type SimulatedPayment, type SimulatedPaymentOptions } from './simulated';
export { PaymentWorker, PAYMENT_WORKER, newPaymentReference, type PaymentWorkerOptions } from './worker';
