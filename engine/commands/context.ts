/** What every command and query needs from the engine that runs it. */
import type { Database } from '../persistence/database';
import type { HostFunctions } from '../../definitions/expressions/host-functions';
import type { Clock } from '../clock/clock';
import type { DefinitionCache } from './definition-cache';
import type { ChangeBroadcast, EngineNotifier } from './notify';
import type { Limits } from '../limits';

/** Test hooks that make a command fail at a chosen point, to prove it leaves nothing behind. */
export interface Faults {
  /** Called inside the transaction after a case row was written (flushed) and before its audit event. */
  afterCaseUpdate?: (at: { caseId: string; command: string }) => void;
}

export interface EngineContext {
  db: Database;
  clock: Clock;
  /** Names this node in job locks and notifications. */
  nodeId: string;
  faults: Faults;
  definitions: DefinitionCache;
  notifier: EngineNotifier;
  /** Tells the other nodes sharing the database what changed (PostgreSQL only). */
  broadcast?: ChangeBroadcast;
  /** How long a message nobody waits for stays buffered, unless the publisher says otherwise. */
  messageTtlMs: number;
  /** Attempts of a command that collides with a concurrent one before it gives up with a ConflictError. */
  maxAttempts: number;
  /** How long an idempotency key and its command's answer are kept (engine/commands/idempotency.ts). */
  idempotencyRetentionMs: number;
  /** How much data a command may bring and a case may hold (engine/limits). */
  limits: Limits;
  /** Functions the host gives FEEL (definitions/expressions/host-functions.ts), in scope while a case steps. */
  hostFunctions?: HostFunctions;
}
