/**
 * Idempotency keys: a client that did not hear the answer of a command sends it again with the
 * same key and gets the first answer, never a second effect. The key is the actor's own (stored
 * with their id in front), and is taken in the command's own transaction: the row in
 * `command_results` exists if and only if the command committed, on every node and after any
 * restart. The same key with other input (or for another command) is a CONFLICT.
 *
 * A command uses it by running through `withIdempotency` instead of `runCommand`:
 *
 *   withIdempotency(ctx, { command: 'cancelCase', actor, key: input.idempotencyKey, input: { caseId, reason } },
 *     caseAnswer, async (unit) => { ...the command's work...; return answer; });
 *
 * `input` is what the request asked (without actor and key); the codec says what of the answer to
 * keep (ids, re-read when a retry is answered; or the answer itself when it is plain data with
 * nothing personal) and how to rebuild it.
 */
import { createHash } from 'node:crypto';
import type { Actor } from '../authz/actor';
import { canonicalJson } from '../audit/canonical-json';
import type { JsonObject } from '../persistence/json';
import { Conflict } from '../persistence/errors';
import { answeredCase } from '../queries/answers';
import { taskView, type CaseView, type TaskView } from '../queries/views';
import type { EngineContext } from './context';
import { ConflictError, NotFoundError, ValidationError } from './errors';
import { jsonb, list, sql } from './sql/literal';
import type { CaseRecord, TaskRecord } from './sql/rows';
import { runCommand, type CommandWork, type Unit } from './unit-of-work';

/** The longest key accepted (a UUID is 36 characters; room for a client's own scheme). */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 200;

/** How long a key is kept when the engine is not told otherwise (REBAZ_IDEMPOTENCY_RETENTION_HOURS). */
export const DEFAULT_IDEMPOTENCY_RETENTION_HOURS = 24;

/** A command as its sender asked for it. */
export interface IdempotentRequest {
  /** The command's name, e.g. `completeTask`; the same key for another command is refused. */
  command: string;
  actor: Actor;
  /** The key as sent; absent or empty, the command simply runs. */
  key: string | undefined;
  /** What the request asked, without actor and key: the same key with other input is refused. */
  input: unknown;
}

/** How a command's answer is kept with its key, and rebuilt for a retry. */
export interface AnswerCodec<T> {
  /** What to store: JSON, with nothing personal (ids to re-read, counts, states). */
  save(answer: T): JsonObject;
  /** The answer again, from what `save` stored; runs in a fresh command, so it may re-read rows. */
  replay(unit: Unit, saved: JsonObject): Promise<T>;
}

interface StoredAnswer {
  command: string;
  inputDigest: string;
  result: JsonObject;
}

/**
 * A key belongs to the actor who sent it: stored with their id in front, so that nobody can take
 * another person's key first or learn what it answered. The id's length first keeps the pair
 * unambiguous whatever characters the id holds.
 */
export function scopedIdempotencyKey(actor: Actor, key: string): string {
  return `${actor.id.length}:${actor.id}:${key}`;
}

/** Refuses a key longer than {@link MAX_IDEMPOTENCY_KEY_LENGTH}, naming the field; changes nothing. */
export function assertIdempotencyKey(key: string | undefined): void {
  if (key && key.length > MAX_IDEMPOTENCY_KEY_LENGTH)
    throw new ValidationError(
      `The idempotency key is ${key.length} characters long; send at most ${MAX_IDEMPOTENCY_KEY_LENGTH} ` +
        `(a UUID is 36)`,
      [{ path: 'idempotencyKey', message: `must be at most ${MAX_IDEMPOTENCY_KEY_LENGTH} characters` }],
    );
}

/** sha256 (hex) of the command's name and input, as canonical JSON (key order does not matter). */
export function inputDigest(command: string, input: unknown): string {
  return createHash('sha256')
    .update(canonicalJson({ command, input: input ?? null }))
    .digest('hex');
}

/**
 * Runs a command once per key: the first time it runs `work` in one transaction with the row that
 * takes the key; a retry (even while the first is still running, on another node) gets the first
 * answer back. Without a key it is `runCommand`.
 */
export async function withIdempotency<T>(
  ctx: EngineContext,
  request: IdempotentRequest,
  codec: AnswerCodec<T>,
  work: CommandWork<T>,
): Promise<T> {
  assertIdempotencyKey(request.key);
  const { command, actor, key } = request;
  if (!key) return runCommand(ctx, command, actor, work);
  const scoped = scopedIdempotencyKey(actor, key);
  const digest = inputDigest(command, request.input);
  return runCommand(ctx, command, actor, async (unit) => {
    const earlier = await takeKey(unit, scoped, command, digest);
    if (earlier) {
      assertSameRequest(key, earlier, command, digest);
      return codec.replay(unit, earlier.result);
    }
    const answer = await work(unit);
    unit.write(
      sql`update "command_results" set "result" = ${jsonb(codec.save(answer))} where "scoped_key" = ${scoped}`,
    );
    return answer;
  });
}

/** The same key for another command or with other input is a CONFLICT naming the key. */
function assertSameRequest(key: string, earlier: StoredAnswer, command: string, digest: string): void {
  if (earlier.command !== command || earlier.inputDigest !== digest)
    throw new ConflictError(
      `The idempotency key "${key}" was already used for ${earlier.command} with other input; ` +
        `send the same input to get the first answer again, or use a new key for a new request`,
    );
}

/** What a key taken by a command of several transactions holds until the command has its answer. */
const UNFINISHED = '$unfinished';

/**
 * For a command that runs in several transactions (migrateCases): takes the key in the command's
 * first transaction — `unit`, which checks the request and commits before anything else changes —
 * marked unfinished, so that another request under the key is refused with CONFLICT before any of
 * its work is done. Returns the answer kept under the key when the same request already finished;
 * undefined when the caller is to do the work (the key was free, expired, or taken by the same
 * request that has not finished, as after a crash: its work must be safe to do again). The caller
 * keeps the answer with {@link keepAnswer} once it has it.
 */
export async function claimKey<T>(
  unit: Unit,
  request: IdempotentRequest & { key: string },
  codec: AnswerCodec<T>,
): Promise<T | undefined> {
  assertIdempotencyKey(request.key);
  const scoped = scopedIdempotencyKey(request.actor, request.key);
  const digest = inputDigest(request.command, request.input);
  const earlier = await takeKey(unit, scoped, request.command, digest);
  if (!earlier) {
    unit.write(
      sql`update "command_results" set "result" = ${jsonb({ [UNFINISHED]: true })} where "scoped_key" = ${scoped}`,
    );
    return undefined;
  }
  assertSameRequest(request.key, earlier, request.command, digest);
  return UNFINISHED in earlier.result ? undefined : codec.replay(unit, earlier.result);
}

/** Keeps the answer of a request whose key {@link claimKey} took, in a transaction of its own. */
export async function keepAnswer<T>(
  ctx: EngineContext,
  request: IdempotentRequest & { key: string },
  codec: AnswerCodec<T>,
  answer: T,
): Promise<void> {
  const scoped = scopedIdempotencyKey(request.actor, request.key);
  const digest = inputDigest(request.command, request.input);
  await runCommand(ctx, request.command, request.actor, async (unit) => {
    unit.write(sql`update "command_results" set "result" = ${jsonb(codec.save(answer))}
      where "scoped_key" = ${scoped} and "command" = ${request.command} and "input_digest" = ${digest}`);
  });
}

/**
 * Takes the key for this command, first thing in its transaction, or returns the answer kept for
 * it. The insert waits while another transaction holds the key (a twin still running, on any
 * node): when that one commits, this one is answered from its row; when it rolls back, this one
 * takes the key. A key older than the retention window is taken over (housekeeping may not have
 * deleted it yet).
 */
async function takeKey(unit: Unit, scoped: string, command: string, digest: string): Promise<StoredAnswer | undefined> {
  const cutoff = retentionCutoff(unit.ctx, unit.at);
  const taken = await unit.select<{ scopedKey: string }>(
    sql`insert into "command_results" ("scoped_key", "command", "input_digest", "result", "created_at")
      values (${scoped}, ${command}, ${digest}, '{}'::jsonb, ${unit.at})
      on conflict ("scoped_key") do update set "command" = excluded."command",
        "input_digest" = excluded."input_digest", "result" = excluded."result", "created_at" = excluded."created_at"
        where "command_results"."created_at" <= ${cutoff}
      returning "scoped_key"`,
  );
  if (taken.length > 0) return undefined;
  const [row] = await unit.select<StoredAnswer>(
    sql`select "command", "input_digest", "result", "created_at" from "command_results" where "scoped_key" = ${scoped}`,
  );
  // Deleted in between (it had just expired): run again from the start, which takes the key.
  if (!row) throw new Conflict('serialization');
  return row;
}

/** Keys taken at or before this instant are past the retention window. */
export function retentionCutoff(ctx: EngineContext, now: Date): Date {
  return new Date(now.getTime() - ctx.idempotencyRetentionMs);
}

// Codecs of the answers the commands give. Views of cases and tasks are kept as ids and re-read:
// they hold personal data, which must not outlive the case's retention in a second place. A case
// re-read for a retry is answered as its sender may read it now (engine/queries/answers.ts): a key
// is no way to read a case, nor what others wrote in it since.

/** The case a retried command answers, loaded in the retry's transaction. */
export async function savedCase(unit: Unit, id: string): Promise<CaseRecord> {
  const kase = await unit.loadCase(id);
  if (!kase) throw new NotFoundError('Case', id);
  return kase;
}

/** A case, as it stands when the retry is answered and as its sender may read it. */
export const caseAnswer: AnswerCodec<CaseView> = {
  save: (view) => ({ caseId: view.id }),
  replay: async (unit, saved) => answeredCase(unit, await savedCase(unit, saved.caseId as string)),
};

/** Tasks by id, in the order given (those since deleted are left out). */
export async function readTasks(unit: Unit, ids: readonly string[]): Promise<TaskView[]> {
  if (ids.length === 0) return [];
  const rows = await unit.select<TaskRecord>(sql`select * from "tasks" where "id" in ${list(ids)}`);
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [taskView(row)] : [];
  });
}

/** A task, as it stands when the retry is answered. */
export const taskAnswer: AnswerCodec<TaskView> = {
  save: (view) => ({ taskId: view.id }),
  replay: async (unit, saved) => {
    const [task] = await readTasks(unit, [saved.taskId as string]);
    if (!task) throw new NotFoundError('Task', saved.taskId as string);
    return task;
  },
};

/** An answer that is plain data with nothing personal (ids, states, instants as ISO text), kept whole. */
export function plainAnswer<T extends object>(
  revive: (saved: JsonObject) => T = (saved) => saved as T,
): AnswerCodec<T> {
  return {
    save: (answer) => JSON.parse(JSON.stringify(answer)) as JsonObject,
    replay: async (_unit, saved) => revive(saved),
  };
}

/** A command that answers nothing (the job commands): a retry answers nothing too, and does nothing. */
export const noAnswer: AnswerCodec<void> = {
  save: () => ({}),
  replay: async () => undefined,
};
