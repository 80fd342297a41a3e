export {
  PAYMENT_JOB_TYPE,
  PAYMENT_CONFIRMED,
  DEFAULT_CURRENCY,
  type PaymentProvider,
  type PaymentRequest,
  type PaymentSettlement,
  type Receipt,
} from './provider';
export { SimulatedPaymentProvider, type SimulatedPayment, type SimulatedPaymentOptions } from './simulated';
export { PaymentWorker, PAYMENT_WORKER, newPaymentReference, type PaymentWorkerOptions } from './worker';
