/** Removes buffered messages whose TTL has run out (lookups ignore them already; this frees the rows). */
import type { EngineContext } from '../commands/context';
import { BufferedMessage } from '../persistence/message/buffered-message.entity';

export async function expireBufferedMessages(ctx: EngineContext): Promise<number> {
  return ctx.db.em.nativeDelete(BufferedMessage, { expiresAt: { $lte: ctx.clock.now() } });
}
