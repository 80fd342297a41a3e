/**
 * Runs the cascade queue of a unit: child cases started and resumed, messages and signals
 * delivered, buffered messages taken. Everything runs in the transaction of the command that
 * caused it, so either the whole chain commits or none of it does.
 */
import { dataRights } from '../authz/data-rights';
import { callReturn, variablesAtWait } from '../runtime/call-activity';
import { EventRejectedError } from '../runtime/step';
import type { Wait } from '../runtime/types';
import { deliverMessage, takeBufferedMessage } from '../messaging/correlate';
import { deliverSignal } from '../messaging/signals';
import type { CascadeItem } from './cascade-items';
import { definitionOf, deliver, startCaseRecord, stepCaseRecord } from './case-step';
import { unitSource } from './definition-cache';
import { sql } from './sql/literal';
import type { Unit } from './unit-of-work';

/** A guard against models that ping-pong messages between cases forever. */
const MAX_CASCADE_STEPS = 10_000;

export async function drainCascades(unit: Unit): Promise<void> {
  for (let item = unit.queue.shift(); item; item = unit.queue.shift()) {
    if (unit.steps > MAX_CASCADE_STEPS) {
      throw new Error(
        `The command "${unit.command}" set off more than ${MAX_CASCADE_STEPS} steps in other cases; ` +
          `the models probably send messages or signals in a loop`,
      );
    }
    await run(unit, item);
  }
}

type Cascade<K extends CascadeItem['kind']> = (unit: Unit, item: Extract<CascadeItem, { kind: K }>) => Promise<void>;

/** What each kind of cascade item does; a new kind is a new entry. */
const CASCADES: { [K in CascadeItem['kind']]: Cascade<K> } = {
  startChild: (unit, item) => startChild(unit, item.parentCaseId, item.wait),
  childEnded: (unit, item) => childEnded(unit, item.childCaseId),
  cancelChild,
  deliver: async (unit, item) => {
    await deliver(unit, item.caseId, item.event, item.command, item.elementId);
  },
  message: async (unit, item) => {
    await deliverMessage(unit, item.name, item.correlationKey, item.variables, unit.ctx.messageTtlMs);
  },
  signal: async (unit, item) => {
    await deliverSignal(unit, item.name, item.variables, item.except);
  },
  takeBuffered: takeBufferedMessage,
};

function run(unit: Unit, item: CascadeItem): Promise<void> {
  return (CASCADES[item.kind] as Cascade<CascadeItem['kind']>)(unit, item);
}

async function cancelChild(unit: Unit, item: Extract<CascadeItem, { kind: 'cancelChild' }>): Promise<void> {
  const [child] = await unit.select<{ id: string }>(
    sql`select "id" from "cases" where "parent_case_id" = ${item.parentCaseId} and "parent_token_id" = ${item.waitId} and "status" in ('ACTIVE', 'INCIDENT')`,
  );
  if (child)
    await deliver(unit, child.id, { type: 'case.cancel', reason: 'The calling activity was withdrawn' }, 'cancelCase');
}

async function startChild(unit: Unit, parentCaseId: string, wait: Wait): Promise<void> {
  const parent = await unit.loadCase(parentCaseId);
  const definition = await unit.ctx.definitions.find(unitSource(unit), wait.calledElement ?? '');
  if (!parent) return;
  if (!definition) {
    const message =
      `No definition "${wait.calledElement}" is deployed for call activity ${wait.elementId}; deploy it, ` +
      `then resolve the incident`;
    await deliver(
      unit,
      parentCaseId,
      { type: 'call.error', waitId: wait.id, errorCode: 'CALLED_PROCESS_NOT_FOUND', message },
      'callError',
      wait.elementId,
    );
    return;
  }
  const child = {
    variables: wait.variables ?? {},
    applicant: parent.applicant,
    parent: { caseId: parentCaseId, waitId: wait.id },
  };
  await startCaseRecord(unit, definition, child, {
    command: 'startChildCase',
    elementId: wait.elementId,
    data: { parentCaseId },
  });
}

/**
 * A child ended: its call activity completes with what it may take of the child's variables under
 * the parent's data rights (engine/runtime/call-activity.ts `callReturn`). Names it refuses are
 * left out, and named in the parent's audit event of the step (`refused`), so that a model whose
 * child changes a name the parent declares elsewhere shows why the value did not come back: map
 * it explicitly with an output mapping on the call activity.
 */
async function childEnded(unit: Unit, childCaseId: string): Promise<void> {
  const child = await unit.loadCase(childCaseId);
  if (!child?.parentCaseId || !child.parentTokenId) return;
  const parent = await unit.loadCase(child.parentCaseId);
  const wait = parent?.snapshot.context.waits[child.parentTokenId];
  if (!parent || !wait) return; // the call activity was withdrawn meanwhile
  const definition = await definitionOf(unit, parent);
  const callNode = definition.compiled.graph.nodes[wait.elementId];
  const { data, refused } = callNode
    ? callReturn(callNode, child.variables, variablesAtWait(parent.snapshot.context, wait), dataRights(definition))
    : { data: {}, refused: [] };
  try {
    await stepCaseRecord(
      unit,
      parent,
      { type: 'call.complete', waitId: wait.id, data },
      {
        command: 'callComplete',
        elementId: wait.elementId,
        ...(refused.length > 0 ? { data: { refused, childCaseId } } : {}),
      },
    );
  } catch (error) {
    if (!(error instanceof EventRejectedError)) throw error; // a race settled by now, as `deliver` drops it
  }
}
