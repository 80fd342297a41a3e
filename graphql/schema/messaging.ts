/** Messages (to one waiting case, or starting cases) and signals (to every waiting case). */
import type { CorrelationResult, SignalResult } from '../../engine';
import { builder } from '../builder';
import { command, IDEMPOTENCY_KEY_DESCRIPTION, idempotencyKeyOf, objectInput } from './command';
import { CorrelationStatusEnum } from './enums';

const CorrelateMessageInput = builder.inputType('CorrelateMessageInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    correlationKey: t.string(),
    variables: t.field({ type: 'JSON' }),
    ttl: t.int({ description: 'How long (ms) to buffer it when no case waits yet; 0 not to buffer.' }),
    messageId: t.string({
      description: 'Publisher-chosen id: the same id is buffered once per message name and correlation key.',
    }),
    idempotencyKey: t.string({ description: IDEMPOTENCY_KEY_DESCRIPTION }),
  }),
});

const CorrelateMessagePayload = builder.objectRef<CorrelationResult>('CorrelateMessagePayload').implement({
  fields: (t) => ({
    status: t.field({ type: CorrelationStatusEnum, resolve: (r) => r.status }),
    caseIds: t.idList({ resolve: (r) => r.caseIds }),
    bufferedMessageId: t.id({ nullable: true, resolve: (r) => (r.status === 'BUFFERED' ? r.bufferedMessageId : null) }),
    expiresAt: t.field({
      type: 'DateTime',
      nullable: true,
      resolve: (r) => (r.status === 'BUFFERED' ? r.expiresAt : null),
    }),
  }),
});

const BroadcastSignalInput = builder.inputType('BroadcastSignalInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    variables: t.field({ type: 'JSON' }),
    idempotencyKey: t.string({ description: IDEMPOTENCY_KEY_DESCRIPTION }),
  }),
});

const BroadcastSignalPayload = builder.objectRef<SignalResult>('BroadcastSignalPayload').implement({
  fields: (t) => ({
    caseIds: t.idList({ description: 'Cases that caught it.', resolve: (r) => r.caseIds }),
    startedCaseIds: t.idList({ description: 'Cases it started.', resolve: (r) => r.startedCaseIds }),
  }),
});

builder.mutationFields((t) => ({
  correlateMessage: t.field({
    type: CorrelateMessagePayload,
    description:
      'Publishes a message: only those every catching element of the models allows (rebaz:publishers; by default the workers of the job before it) and administrators; an applicant a model allows reaches only their own cases. A refused message is neither correlated nor buffered.',
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: CorrelateMessageInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      command(ctx, 'correlateMessage', (actor) => {
        const variables = objectInput(input.variables, 'input.variables');
        return ctx.engine.correlateMessage({
          name: input.name,
          actor,
          ...(input.correlationKey != null ? { correlationKey: input.correlationKey } : {}),
          ...(variables ? { variables } : {}),
          ...(input.ttl != null ? { ttl: input.ttl } : {}),
          ...(input.messageId ? { messageId: input.messageId } : {}),
          ...idempotencyKeyOf(input),
        });
      }),
  }),
  broadcastSignal: t.field({
    type: BroadcastSignalPayload,
    description:
      'Broadcasts a signal: only those every catching element of the models allows (rebaz:publishers; by default the workers of the job before it) and administrators.',
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: BroadcastSignalInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      command(ctx, 'broadcastSignal', (actor) => {
        const variables = objectInput(input.variables, 'input.variables');
        return ctx.engine.broadcastSignal({
          name: input.name,
          actor,
          ...(variables ? { variables } : {}),
          ...idempotencyKeyOf(input),
        });
      }),
  }),
}));
