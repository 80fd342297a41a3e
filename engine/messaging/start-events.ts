/**
 * Message and signal start events (BPMN 10.5.2): a message or signal that names one starts a
 * case of the latest version of each definition that has it. Found with a jsonb containment
 * query on the compiled catalogue, so no subscription rows need keeping in step with deploys.
 */
import { startsOn } from '../../definitions';
import type { Actor } from '../authz/actor';
import { assertMayWrite, dataRights, writablePart } from '../authz/data-rights';
import type { Variables } from '../runtime/types';
import { startCaseRecord } from '../commands/case-step';
import { unitSource } from '../commands/definition-cache';
import { sql } from '../commands/sql/literal';
import type { Unit } from '../commands/unit-of-work';

/**
 * `publisher`: who published it from outside; each start event then writes only what it may, or the
 * whole publication is refused. Without one (a model's own message), each start event takes only
 * the part it may write (`writablePart`) of what the throwing case sent.
 */
export async function startCasesFor(
  unit: Unit,
  kind: 'message' | 'signal',
  name: string,
  variables: Variables,
  publisher?: Actor,
): Promise<string[]> {
  const probe = JSON.stringify([kind === 'message' ? { kind, messageName: name } : { kind, signalName: name }]);
  const rows = await unit.select<{ id: string }>(sql`select d."id" from "process_definitions" d
      where d."version" = (select max(v."version") from "process_definitions" v where v."key" = d."key")
        and d."compiled" -> 'catalogue' -> 'startEvents' @> ${probe}::jsonb
      order by d."key"`);
  const started: string[] = [];
  for (const { id } of rows) {
    const definition = await unit.ctx.definitions.get(unitSource(unit), id);
    const start = definition.compiled.catalogue.startEvents.find(startsOn(kind, name));
    if (!start) continue;
    let data = variables;
    if (publisher)
      assertMayWrite(dataRights(definition), {
        subject: `The ${kind} "${name}" starting "${definition.key}" at "${start.elementId}"`,
        elementId: start.elementId,
        data: variables,
        actor: publisher,
      });
    else data = writablePart(dataRights(definition), start.elementId, variables).data;
    const command = kind === 'message' ? 'correlateMessage' : 'broadcastSignal';
    const kase = await startCaseRecord(
      unit,
      definition,
      { variables: data, startEventId: start.elementId },
      { command, elementId: start.elementId, data: { [kind]: name } },
    );
    started.push(kase.id);
  }
  return started;
}
