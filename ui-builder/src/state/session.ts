/**
 * Who is signed in: the bearer token (kept in localStorage by the API client) and the identity
 * the server reads from it (`me`). Views show what the viewer's roles allow; the server decides.
 */
import { ApiError, getToken, onTokenChange, setToken } from '../api/graphql-client';
import { fetchMe, type Role, type Viewer } from '../api/work-api';
import { createStore } from './store';

export type SessionState =
  | { status: 'signed-out'; reason?: 'expired' }
  | { status: 'checking' }
  | { status: 'signed-in'; viewer: Viewer }
  /** A token is saved but the server could not be asked who it is (offline). */
  | { status: 'unknown' };

export const session = createStore<{ state: SessionState }>({
  state: getToken() ? { status: 'checking' } : { status: 'signed-out' },
});

let generation = 0;
/** The token this module saved itself: its change needs no second look-up. */
let ownChange: string | null | undefined;

/** Asks the server who the saved token belongs to. */
export async function refreshSession(): Promise<SessionState> {
  const mine = ++generation;
  const set = (state: SessionState) => {
    if (mine === generation) session.set({ state });
    return state;
  };
  if (!getToken()) return set({ status: 'signed-out' });
  session.set({ state: { status: 'checking' } });
  try {
    return set({ status: 'signed-in', viewer: await fetchMe() });
  } catch (error) {
    if (error instanceof ApiError && error.has('UNAUTHENTICATED')) {
      ownChange = null;
      setToken('');
      return set({ status: 'signed-out', reason: 'expired' });
    }
    return set({ status: 'unknown' });
  }
}

export async function signIn(token: string): Promise<SessionState> {
  ownChange = token.trim() || null;
  setToken(token.trim());
  const state = await refreshSession();
  if (state.status === 'signed-out') throw new Error('The server did not accept this token');
  return state;
}

export function signOut(): void {
  ownChange = null;
  setToken('');
  void refreshSession();
}

export function currentViewer(): Viewer | undefined {
  const { state } = session.get();
  return state.status === 'signed-in' ? state.viewer : undefined;
}

export function hasRole(viewer: Viewer | undefined, ...roles: Role[]): boolean {
  return !!viewer && viewer.roles.some((role) => role === 'ADMIN' || roles.includes(role));
}

/** A token saved elsewhere (Services' token field, another tab's sign-out) re-reads the identity. */
export function watchToken(): void {
  onTokenChange((token) => {
    const expected = ownChange;
    ownChange = undefined;
    if (token !== expected) void refreshSession();
  });
  window.addEventListener('storage', (event) => {
    if (event.key === 'rebaz.token') void refreshSession();
  });
}
