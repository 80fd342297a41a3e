/**
 * The simulated bank's counter, for development: the applicant (or an administrator) settles a
 * fee payment by its reference. Only when the server runs the simulated payments
 * (REBAZ_SIMULATED_PAYMENTS, on by default in dev mode); a real provider confirms by itself.
 */
import { GraphQLError } from '../graphql-js';
import { hasRole } from '../auth/roles';
import { builder } from '../builder';
import { forbidden } from '../errors';
import { command } from './command';

const PaymentOutcomeEnum = builder.enumType('PaymentOutcome', { values: ['CONFIRM', 'DECLINE'] as const });

const SimulatePaymentInput = builder.inputType('SimulatePaymentInput', {
  fields: (t) => ({
    reference: t.string({ required: true, description: 'The case variable paymentReference.' }),
    outcome: t.field({ type: PaymentOutcomeEnum, required: true }),
    reason: t.string({ description: 'Why the bank declines.' }),
  }),
});

const SimulatePaymentPayload = builder
  .objectRef<{ reference: string; status: string; receiptNumber: string | null }>('SimulatePaymentPayload')
  .implement({
    fields: (t) => ({
      reference: t.exposeString('reference'),
      status: t.exposeString('status', { description: 'confirmed or declined.' }),
      receiptNumber: t.string({ nullable: true, resolve: (p) => p.receiptNumber }),
    }),
  });

builder.mutationField('simulatePayment', (t) =>
  t.field({
    type: SimulatePaymentPayload,
    description: 'Dev only: the simulated bank confirms or declines a fee payment (its applicant or an administrator).',
    authScopes: { anyRole: ['applicant', 'admin'] },
    args: { input: t.arg({ type: SimulatePaymentInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      command(ctx, 'simulatePayment', async (actor) => {
        const bank = ctx.payments;
        if (!bank)
          throw new GraphQLError(
            'This server runs no simulated payments: set REBAZ_SIMULATED_PAYMENTS=true (dev only)',
            { extensions: { code: 'NOT_FOUND' } },
          );
        const payment = bank.payment(input.reference);
        if (!payment)
          throw new GraphQLError(`No payment with reference ${input.reference}`, { extensions: { code: 'NOT_FOUND' } });
        const kase = await ctx.engine.case(payment.request.caseId, actor);
        if (!hasRole(actor, 'admin') && kase.applicant !== actor.id)
          throw forbidden(`${actor.id} may not pay for case ${kase.id}: only its applicant`);
        if (payment.status === 'confirmed')
          throw new GraphQLError(`Payment ${input.reference} is already confirmed`, {
            extensions: { code: 'CONFLICT' },
          });
        const settled =
          input.outcome === 'CONFIRM'
            ? await bank.confirm(input.reference)
            : await bank.decline(input.reference, input.reason ?? undefined);
        return {
          reference: input.reference,
          status: settled.status,
          receiptNumber: settled.status === 'confirmed' ? settled.receipt.receiptNumber : null,
        };
      }),
  }),
);
