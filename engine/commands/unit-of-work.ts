/**
 * One command, one transaction. `runCommand` opens a database session, runs the command's work
 * and every cascade it causes, then commits: the cases it changed (each guarded by its version),
 * the rows of their waits and their audit events go out with the COMMIT in one round trip. A
 * collision with a concurrent command rolls everything back and runs the command again from
 * the start, with fresh reads.
 */
import { EventRejectedError } from '../runtime/step';
import { ElementFailure } from '../runtime/tokens/evaluate';
import type { Actor } from '../authz/actor';
import { Conflict, translateDatabaseError } from '../persistence/errors';
import type { EngineContext } from './context';
import { drainCascades } from './cascade';
import type { CascadeItem } from './cascade-items';
import { ConflictError } from './errors';
import type { CaseUpdatedEvent, InboxChange } from './notify';
import { sql, type Sql } from './sql/literal';
import { fromRow, type CaseRecord, type TaskRecord } from './sql/rows';
import { SqlSession } from './sql/session';
import { restoreSnapshot } from './sql/stored-snapshot';
import { insertCases, updateCase, withAudit } from './sql/writes';

interface TrackedCase {
  record: CaseRecord;
  /** The version the database holds; null while the case is not inserted yet. */
  stored: number | null;
  dirty: boolean;
  /** Audit events not written yet: they go out in the statement that writes the case. */
  audits: object[];
}

export class Unit {
  /** Work for other cases (or the same one, later), run before the transaction commits. */
  readonly queue: CascadeItem[] = [];
  /** Waits whose rows the command itself updated (`caseId|waitId`): step sync leaves them alone. */
  readonly handled = new Set<string>();
  /** Job ids by `caseId|waitId`, so that an incident can point at the job that failed. */
  readonly jobs = new Map<string, string>();
  readonly changedCases = new Map<string, CaseUpdatedEvent>();
  readonly changedTasks = new Map<string, InboxChange>();
  /** Tasks this command opened, in any case it touched (commands hand them back to the caller). */
  readonly openedTasks: TaskRecord[] = [];
  steps = 0;
  private readonly cases = new Map<string, TrackedCase>();
  private writes: Sql[] = [];

  constructor(
    readonly ctx: EngineContext,
    private readonly session: SqlSession,
    readonly actor: Actor,
    readonly command: string,
    readonly at: Date,
  ) {}

  /** Queues a write; it goes out with the next read or the commit. */
  write(statement: Sql): void {
    this.writes.push(statement);
  }

  /** Queues an audit event of a case this unit tracks; it goes out in the statement that writes the case. */
  audit(kase: CaseRecord, event: object): void {
    const tracked = this.cases.get(kase.id);
    if (!tracked)
      throw new Error(`Case ${kase.id} is not loaded in this command; load it before recording its audit event`);
    tracked.audits.push(event);
    tracked.dirty = true;
  }

  /** Runs a read (after the queued writes, in the same round trip); rows come back as records. */
  async select<T>(statement: Sql): Promise<T[]> {
    this.stageWrites();
    const rows = await this.session.query(statement);
    return rows.map((row) => fromRow<T>(row));
  }

  /** Loads a case once per unit: every later load sees the same record, with this unit's changes. */
  async loadCase(id: string): Promise<CaseRecord | undefined> {
    const tracked = this.cases.get(id);
    if (tracked) return tracked.record;
    const [record] = await this.select<CaseRecord>(sql`select * from "cases" where "id" = ${id}`);
    if (record) restoreSnapshot(record);
    if (record) this.cases.set(id, { record, stored: record.version, dirty: false, audits: [] });
    return record;
  }

  /** Adopts a case read by a wider query (e.g. joined with its task). */
  adoptCase(record: CaseRecord): CaseRecord {
    const tracked = this.cases.get(record.id);
    if (tracked) return tracked.record;
    this.cases.set(record.id, { record: restoreSnapshot(record), stored: record.version, dirty: false, audits: [] });
    return record;
  }

  newCase(record: CaseRecord): void {
    this.cases.set(record.id, { record, stored: null, dirty: true, audits: [] });
  }

  caseChanged(record: CaseRecord): void {
    const tracked = this.cases.get(record.id);
    if (tracked) tracked.dirty = true;
  }

  /** Runs the cascades queued so far, so that a command can report their outcome. */
  async settle(): Promise<void> {
    await drainCascades(this);
  }

  /** Sends everything queued so far (the transaction stays open). */
  async flush(): Promise<void> {
    this.stageWrites();
    await this.session.flush();
  }

  async commit(): Promise<void> {
    this.stageWrites();
    await this.session.commit();
  }

  /**
   * New cases first (rows refer to them), then guarded case updates, then the queued writes (task,
   * job, wait rows); each case's audit events ride in the statement that writes the case (one
   * statement fewer per step). A case's row is so always locked before the rows of its tasks: two
   * commands on one case (a completion and a cancellation) queue behind each other on the case row
   * instead of each holding a row the other needs, a deadlock PostgreSQL would break only after
   * `deadlock_timeout`.
   */
  private stageWrites(): void {
    const dirty = [...this.cases.values()].filter((t) => t.dirty);
    const fresh = dirty.filter((t) => t.stored === null);
    if (fresh.length) this.session.queue(withAudit(this.takeAudits(fresh), insertCases(fresh.map((t) => t.record))));
    for (const tracked of dirty) {
      if (tracked.stored !== null)
        this.session.queue(updateCase(tracked.record, tracked.stored, this.takeAudits([tracked])));
      tracked.stored = tracked.stored === null ? tracked.record.version : tracked.stored + 1;
      tracked.record.version = tracked.stored;
      tracked.dirty = false;
    }
    for (const statement of this.writes) this.session.queue(statement);
    this.writes = [];
  }

  private takeAudits(tracked: TrackedCase[]): object[] {
    return tracked.flatMap((t) => t.audits.splice(0));
  }

  touchCase(kase: CaseRecord, command: string): void {
    this.changedCases.set(kase.id, {
      caseId: kase.id,
      definitionKey: kase.definitionKey,
      status: kase.status,
      applicant: kase.applicant,
      command,
    });
  }

  touchTask(task: TaskRecord): void {
    this.changedTasks.set(task.id, {
      taskId: task.id,
      caseId: task.caseId,
      elementId: task.elementId,
      status: task.status,
      assignee: task.assignee,
      candidateGroups: task.candidateGroups,
      candidateUsers: task.candidateUsers,
    });
  }
}

export type CommandWork<T> = (unit: Unit) => Promise<T>;

export async function runCommand<T>(
  ctx: EngineContext,
  command: string,
  actor: Actor,
  work: CommandWork<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const session = await SqlSession.open(ctx.db);
    try {
      const unit = new Unit(ctx, session, actor, command, ctx.clock.now());
      const value = await work(unit);
      await drainCascades(unit);
      await unit.commit();
      ctx.db.noteWrite(actor.id);
      publish(ctx, unit);
      return value;
    } catch (error) {
      await session.rollback().catch(() => undefined);
      const translated = translateDatabaseError(error);
      if (translated instanceof Conflict) {
        if (attempt < ctx.maxAttempts) {
          await pause(attempt);
          continue;
        }
        throw ConflictError.concurrent(`The case (${command})`, { cause: translated });
      }
      if (translated instanceof EventRejectedError)
        throw new ConflictError(`${translated.message}; reload the case to see where it stands`, { cause: translated });
      // An expression failure the runtime could not turn into an incident: refuse the command, clearly.
      if (translated instanceof ElementFailure)
        throw new ConflictError(`${translated.message}; the case is unchanged — the model needs fixing`, {
          cause: translated,
        });
      throw translated;
    } finally {
      await session.release();
    }
  }
}

function publish(ctx: EngineContext, unit: Unit): void {
  ctx.broadcast?.add(unit.changedCases.values(), unit.changedTasks.values());
  for (const event of unit.changedCases.values()) ctx.notifier.emit('caseUpdated', event);
  if (unit.changedTasks.size > 0) ctx.notifier.emit('inboxChanged', { tasks: [...unit.changedTasks.values()] });
}

/** A short, growing, jittered pause, so colliding commands do not collide again in step. */
function pause(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
}
