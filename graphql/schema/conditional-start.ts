/** Conditional start events: the variables of a request evaluated against them, a case at each that holds. */
import type { CaseView, TaskView } from '../../engine';
import { builder } from '../builder';
import { StartCasePayload } from './case';
import { command, IDEMPOTENCY_KEY_DESCRIPTION, idempotencyKeyOf, objectInput } from './command';

const EvaluateStartConditionsInput = builder.inputType('EvaluateStartConditionsInput', {
  fields: (t) => ({
    variables: t.field({
      type: 'JSON',
      description:
        'What the conditions read; each case started gets them, so they must be what its start event declares (its form fields and rebaz:outputs).',
    }),
    processKey: t.string({
      description:
        'Only this service (its latest version); when omitted, the latest version of every service with a conditional start event.',
    }),
    businessKey: t.string({ description: 'Given to each case started; unique per service.' }),
    idempotencyKey: t.string({ description: IDEMPOTENCY_KEY_DESCRIPTION }),
  }),
});

const EvaluateStartConditionsPayload = builder
  .objectRef<{ started: { case: CaseView; openedTasks: TaskView[] }[] }>('EvaluateStartConditionsPayload')
  .implement({
    fields: (t) => ({
      started: t.field({
        type: [StartCasePayload],
        description:
          'A case for each conditional start event whose condition held, by service key, with the tasks it opened; empty when none held.',
        resolve: (p) => p.started,
      }),
    }),
  });

builder.mutationFields((t) => ({
  evaluateStartConditions: t.field({
    type: EvaluateStartConditionsPayload,
    description:
      'Evaluates the conditions of the conditional start events of the latest version of every service (or of `processKey`) with `variables`, and starts a case at each one that holds, all in one transaction: those who may start cases (applicants, clerks, analysts, administrators). Refused, starting nothing: FORBIDDEN for other roles; VALIDATION for a condition that cannot be evaluated (naming the element and service), for variables a matching start event does not declare (naming them and the service), or for a `processKey` without a conditional start event.',
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: EvaluateStartConditionsInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      command(ctx, 'evaluateStartConditions', async (actor) => {
        const variables = objectInput(input.variables, 'input.variables');
        const started = await ctx.engine.evaluateStartConditions({
          actor,
          ...(variables ? { variables } : {}),
          ...(input.processKey ? { processKey: input.processKey } : {}),
          ...(input.businessKey ? { businessKey: input.businessKey } : {}),
          ...idempotencyKeyOf(input),
        });
        return { started: started.map((c) => ({ case: c, openedTasks: c.openedTasks })) };
      }),
  }),
}));
