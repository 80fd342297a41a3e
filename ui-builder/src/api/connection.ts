/**
 * Whether the server can be reached, as the last request or live-update stream found it. A request
 * that cannot reach the server, or a stream that cannot open, marks it lost; the next answer marks
 * it back. A 401 (token expired or refused) is reported apart: it is a sign-in problem, not a
 * network one.
 */
export type ConnectionState = 'online' | 'lost';

let state: ConnectionState = 'online';
const listeners = new Set<(state: ConnectionState) => void>();
const expiryListeners = new Set<() => void>();

export function connectionState(): ConnectionState {
  return state;
}

export function reportConnection(next: ConnectionState): void {
  if (next === state) return;
  state = next;
  for (const listener of listeners) listener(state);
}

export function onConnectionChange(listener: (state: ConnectionState) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The server refused the saved token (HTTP 401): it expired or was revoked. */
export function reportUnauthenticated(): void {
  for (const listener of expiryListeners) listener();
}

export function onUnauthenticated(listener: () => void): () => void {
  expiryListeners.add(listener);
  return () => expiryListeners.delete(listener);
}
