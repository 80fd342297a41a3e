/**
 * GraphQL subscriptions over server-sent events: yoga answers a POST to /graphql with
 * `Accept: text/event-stream` by a stream of `event: next` blocks. EventSource cannot send a
 * bearer token, so the stream is read with fetch. A dropped stream is opened again after a
 * growing pause (1 s … 30 s) until `close()`; `onReconnect` lets a view reload what it may have
 * missed in between.
 */
import { reportConnection, reportUnauthenticated } from './connection';
import { getToken, GRAPHQL_PATH } from './graphql-client';

export interface SubscriptionHandlers<T> {
  next(data: T): void;
  /** The stream (re)opened: reload anything that may have changed while it was closed. */
  open?(): void;
  /** The server refused the subscription (e.g. not allowed to read the case). */
  error?(messages: string[]): void;
  /** The open stream ended or broke (not by `close()`): it is being opened again. */
  dropped?(): void;
}

const MIN_PAUSE_MS = 1000;
const MAX_PAUSE_MS = 30_000;

export function subscribe<T>(
  query: string,
  variables: Record<string, unknown>,
  handlers: SubscriptionHandlers<T>,
): () => void {
  let closed = false;
  let abort: AbortController | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pause = MIN_PAUSE_MS;

  const connect = async () => {
    abort = new AbortController();
    const token = getToken();
    try {
      const response = await fetch(GRAPHQL_PATH, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'text/event-stream',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify({ query, variables }),
        signal: abort.signal,
      });
      // A proxy's 502–504 means the server behind it is down, as a refused connection does.
      reportConnection(response.status >= 502 && response.status <= 504 ? 'lost' : 'online');
      if (response.status === 401 && token) reportUnauthenticated();
      if (!response.ok || !response.headers.get('content-type')?.includes('text/event-stream') || !response.body) {
        const body = refusalOf(await response.text().catch(() => ''));
        handlers.error?.(body.errors?.map((e) => e.message) ?? [`HTTP ${response.status}`]);
        // A refusal is not cured by retrying quickly.
        pause = MAX_PAUSE_MS;
        return;
      }
      pause = MIN_PAUSE_MS;
      handlers.open?.();
      await read(response.body, handlers).finally(() => {
        if (!closed) handlers.dropped?.();
      });
    } catch {
      // Aborted by close(), or the network dropped: retry below unless closed.
      if (!closed) reportConnection('lost');
    } finally {
      if (!closed) {
        timer = setTimeout(() => void connect(), pause);
        pause = Math.min(pause * 2, MAX_PAUSE_MS);
      }
    }
  };
  void connect();

  return () => {
    closed = true;
    clearTimeout(timer);
    abort?.abort();
  };
}

async function read<T>(body: ReadableStream<Uint8Array>, handlers: SubscriptionHandlers<T>): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true }).replace(/\r\n/g, '\n');
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: ?(.*)$/m.exec(block)?.[1];
      const data = block
        .split('\n')
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).trimStart())
        .join('\n');
      if (event === 'complete') return;
      if (event !== 'next' || !data) continue;
      const payload = JSON.parse(data) as {
        data?: T;
        errors?: { message: string; extensions?: { code?: string } }[];
      };
      // The token the stream was opened with expired: the session asks to sign in again, and the
      // stream, reopened with the new token, goes on.
      if (payload.errors?.some((e) => e.extensions?.code === 'UNAUTHENTICATED')) reportUnauthenticated();
      else if (payload.errors?.length) handlers.error?.(payload.errors.map((e) => e.message));
      else if (payload.data) handlers.next(payload.data);
    }
  }
}

/** A refusal's errors, sent as JSON or, to an event-stream request, as the data of one event. */
function refusalOf(text: string): { errors?: { message: string }[] } {
  const json = text.trimStart().startsWith('{') ? text : /^data: ?(.*)$/m.exec(text)?.[1];
  try {
    return json ? (JSON.parse(json) as { errors?: { message: string }[] }) : {};
  } catch {
    return {};
  }
}
