import type { EngineContext } from '../commands/context';
import { retentionCutoff } from '../commands/idempotency';
import { CommandResult } from '../persistence/command-result/command-result.entity';
import { BufferedMessage } from '../persistence/message/buffered-message.entity';

/** Removes buffered messages whose TTL has run out (lookups ignore them already; this frees the rows). */
export async function expireBufferedMessages(ctx: EngineContext): Promise<number> {
  return ctx.db.em.nativeDelete(BufferedMessage, { expiresAt: { $lte: ctx.clock.now() } });
}

/** Removes idempotency keys older than the retention window (lookups ignore them already; this frees the rows). */
export async function expireIdempotencyKeys(ctx: EngineContext): Promise<number> {
  return ctx.db.em.nativeDelete(CommandResult, { createdAt: { $lte: retentionCutoff(ctx, ctx.clock.now()) } });
}
