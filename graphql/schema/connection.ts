/**
 * Relay connections over the engine's keyset pages. The engine pages forward only (`first`,
 * `after`); `last` and `before` are refused. The engine hands back one cursor per page (after its
 * last row); edges get a cursor each, built from the same sort key the engine orders by.
 */
import type { Page, PageInput } from '../../engine';
import { invalid } from '../errors';

interface ConnectionArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

export function pageInput(args: ConnectionArgs): PageInput {
  if (args.last != null || args.before != null) {
    throw invalid('Lists page forward only: use first and after', [
      { path: args.last != null ? 'last' : 'before', message: 'is not supported; use first and after' },
    ]);
  }
  return { ...(args.first != null ? { first: args.first } : {}), ...(args.after ? { after: args.after } : {}) };
}

/** The cursor of a row: the engine's format, base64url of the JSON sort key. */
export function cursorOf(key: (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function toConnection<T>(page: Page<T>, key: (item: T) => (string | number)[]) {
  const edges = page.items.map((node, i) => ({
    node,
    cursor: i === page.items.length - 1 && page.nextCursor ? page.nextCursor : cursorOf(key(node)),
  }));
  return {
    edges,
    pageInfo: {
      hasNextPage: page.nextCursor !== null,
      hasPreviousPage: false,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: page.nextCursor ?? edges[edges.length - 1]?.cursor ?? null,
    },
  };
}

export const iso = (date: Date) => date.toISOString();
