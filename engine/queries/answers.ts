/**
 * What a command answers about a case: the case as its sender may read it, by the very rules of a
 * query (engine/authz/read-policy.ts, the facts of case-access.ts), read in the command's own
 * transaction. A command is no way around a read: starting a case, repeating a start with its
 * idempotency key (kept with the case for its life), completing a task, a conditional start and
 * every retried command answer through here.
 *
 * - A sender who may read the case gets its view, with personal values (its call tree's names)
 *   left out unless they are shown to them; auditors get them withheld, as in a listing (they open
 *   the case on record to see them). The tasks in the answer have their data filtered the same way.
 * - A sender who may not read the case (a clerk of another agency who started a case on someone's
 *   behalf) gets a receipt: the case's id, service and version, status and times; no variables,
 *   no business key, applicant, parent, steps or outcome, and no tasks. Enough to know the command
 *   worked, nothing they could not ask for with `case(id)`.
 */
import { hasRole } from '../authz/actor';
import { canReadCase, needsOfferedTask, personalAccess } from '../authz/read-policy';
import { canWorkTask, clerkGroups, isOwnCase, type CaseFacts } from '../authz/policy';
import { definitionOf } from '../commands/case-step';
import type { LoadedDefinition } from '../commands/definition-cache';
import { sql, TextArray } from '../commands/sql/literal';
import type { CaseRecord } from '../commands/sql/rows';
import type { Unit } from '../commands/unit-of-work';
import { unitCasePersonalNames } from '../privacy/personal';
import { NO_NAMES, staticFacts, valuesFor, viewFor } from './case-access';
import { caseView, type CaseView, type TaskView } from './views';

/** How the sender of a command may see one case. */
interface AnswerReader {
  readable: boolean;
  /** Personal values shown, or left out (`withheld`). */
  access: 'shown' | 'withheld';
  /** The names to leave out (none when shown). */
  personal: ReadonlySet<string>;
}

async function answerReader(unit: Unit, kase: CaseRecord, definition: LoadedDefinition): Promise<AnswerReader> {
  const { actor } = unit;
  if (hasRole(actor, 'admin')) return { readable: true, access: 'shown', personal: NO_NAMES };
  const facts = staticFacts(kase, definition);
  if (needsOfferedTask(actor, facts)) {
    const offered = await unit.select<{ one: number }>(
      sql`select 1 as "one" from "tasks" where "case_id" = ${kase.id} and ("assignee" = ${actor.id}
        or ${actor.id} = any("candidate_users") or "candidate_groups" && ${new TextArray(clerkGroups(actor))}) limit 1`,
    );
    facts.offeredTask = offered.length > 0;
  }
  if (!canReadCase(actor, facts)) return { readable: false, access: 'withheld', personal: NO_NAMES };
  if (personalAccess(actor, facts) === 'shown') return { readable: true, access: 'shown', personal: NO_NAMES };
  return { readable: true, access: 'withheld', personal: await unitCasePersonalNames(unit, kase) };
}

/** What someone who may not read the case learns from a command's answer. */
function receipt(view: CaseView): CaseView {
  return {
    ...view,
    businessKey: null,
    applicant: null,
    variables: {},
    withheld: [],
    parentCaseId: null,
    activeElementIds: [],
    outcome: null,
    outcomeName: null,
    outcomeNames: {},
    activeSteps: [],
  };
}

function caseAs(reader: AnswerReader, view: CaseView): CaseView {
  return reader.readable ? viewFor(view, reader.personal, reader.access) : receipt(view);
}

/**
 * The tasks in an answer as the sender may see them. Whole to whoever may work a task, and to
 * staff who may read the answered case for its tasks. To a case's applicant, a task of their case
 * they may not work shows as the case's history shows a step: without who works it (no assignee or
 * candidate users). A task the command opened on another case (a child case, a thrown message's
 * catch) shows only to those who may work it or to that case's applicant, never to the sender just
 * for sending.
 */
async function tasksAs(
  unit: Unit,
  reader: AnswerReader,
  kase: CaseRecord,
  tasks: readonly TaskView[],
): Promise<TaskView[]> {
  if (!reader.readable) return [];
  const { actor } = unit;
  const staff = hasRole(actor, 'admin', 'auditor', 'analyst', 'clerk');
  const cases = await casesOf(unit, kase, tasks);
  const seen = tasks.flatMap((task): TaskView[] => {
    const own = cases.get(task.caseId) ?? { id: task.caseId, applicant: null };
    if (canWorkTask(actor, task, own) || (staff && own.id === kase.id)) return [task];
    if (!hasRole(actor, 'applicant') || !isOwnCase(actor, own)) return [];
    return [{ ...task, assignee: null, candidateUsers: [], completedBy: null, data: null }];
  });
  return seen.map((task) => taskDataAs(reader, task));
}

/** A task's data as the reader may see it: whole, its personal values withheld, or none in a receipt. */
function taskDataAs(reader: AnswerReader, task: TaskView): TaskView {
  if (!reader.readable) return { ...task, data: null };
  if (reader.access === 'shown' || !task.data) return task;
  return { ...task, data: valuesFor(task.data, reader.personal, 'withheld') };
}

/** The answered case and the other cases the tasks belong to, with their applicants. */
async function casesOf(unit: Unit, kase: CaseRecord, tasks: readonly TaskView[]): Promise<Map<string, CaseFacts>> {
  const cases = new Map<string, CaseFacts>([[kase.id, kase]]);
  const others = [...new Set(tasks.map((t) => t.caseId))].filter((id) => id !== kase.id);
  if (others.length > 0) {
    const rows = await unit.select<CaseFacts>(
      sql`select "id", "applicant" from "cases" where "id"::text = any(${new TextArray(others)})`,
    );
    for (const row of rows) cases.set(row.id, row);
  }
  return cases;
}

/** A case in a command's answer, as the command's sender may read it. */
export async function answeredCase(unit: Unit, kase: CaseRecord, definition?: LoadedDefinition): Promise<CaseView> {
  const loaded = definition ?? (await definitionOf(unit, kase));
  return caseAs(await answerReader(unit, kase, loaded), caseView(kase, loaded));
}

/** A started case (or one whose start is repeated) with its tasks, as the sender may read them. */
export async function answeredStart(
  unit: Unit,
  kase: CaseRecord,
  definition: LoadedDefinition | undefined,
  tasks: readonly TaskView[],
): Promise<CaseView & { openedTasks: TaskView[] }> {
  const loaded = definition ?? (await definitionOf(unit, kase));
  const reader = await answerReader(unit, kase, loaded);
  return { ...caseAs(reader, caseView(kase, loaded)), openedTasks: await tasksAs(unit, reader, kase, tasks) };
}

/** A completed task, its case and the tasks the completion opened, as the sender may read them. */
export async function answeredCompletion(
  unit: Unit,
  kase: CaseRecord,
  definition: LoadedDefinition | undefined,
  task: TaskView,
  opened: readonly TaskView[],
): Promise<{ task: TaskView; case: CaseView; openedTasks: TaskView[] }> {
  const loaded = definition ?? (await definitionOf(unit, kase));
  const reader = await answerReader(unit, kase, loaded);
  // The completed task is the sender's own work: its id and state stay even in a receipt.
  return {
    task: taskDataAs(reader, task),
    case: caseAs(reader, caseView(kase, loaded)),
    openedTasks: await tasksAs(unit, reader, kase, opened),
  };
}
