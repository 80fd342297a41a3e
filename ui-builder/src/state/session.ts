/**
 * Who is signed in: the bearer token (kept in localStorage by the API client) and the identity
 * the server reads from it (`me`). Views show what the viewer's roles allow; the server decides.
 *
 * A token that expires while someone works (any 401 from the API, or on reload) does not sign
 * them out in silence: the session becomes `expired`, keeping who they were, so the page stays
 * as it is and says "sign in again"; the address they were at is kept (`returnAfterSignIn`) and
 * signing in again brings them back to it.
 */
import { onUnauthenticated } from '../api/connection';
import { ApiError, getToken, onTokenChange, setToken } from '../api/graphql-client';
import { fetchMe, type Role, type Viewer } from '../api/work-api';
import { createStore } from './store';

export type SessionState =
  | { status: 'signed-out'; reason?: 'expired' }
  | { status: 'checking' }
  | { status: 'signed-in'; viewer: Viewer }
  /** The token expired while (or since) `viewer` worked here: the page stays, asking to sign in again. */
  | { status: 'expired'; viewer: Viewer }
  /** A token is saved but the server could not be asked who it is (offline). */
  | { status: 'unknown' };

const VIEWER_KEY = 'rebaz.viewer';
const RETURN_KEY = 'rebaz.returnTo';

export const session = createStore<{ state: SessionState }>({
  state: getToken() ? { status: 'checking' } : { status: 'signed-out' },
});

let generation = 0;
/** The token this module saved itself: its change needs no second look-up. */
let ownChange: string | null | undefined;

/**
 * Asks the server who the saved token belongs to. A refused token expires the session of whoever
 * was last signed in here (`refusedFor`: the viewer a sign-in attempt started from, if any).
 */
export async function refreshSession(refusedFor: Viewer | undefined = lastViewer()): Promise<SessionState> {
  const mine = ++generation;
  const set = (state: SessionState) => {
    if (mine === generation) session.set({ state });
    return state;
  };
  if (!getToken()) return set({ status: 'signed-out' });
  session.set({ state: { status: 'checking' } });
  try {
    const viewer = await fetchMe();
    remember(viewer);
    return set({ status: 'signed-in', viewer });
  } catch (error) {
    if (error instanceof ApiError && error.has('UNAUTHENTICATED')) return set(expire(refusedFor));
    return set({ status: 'unknown' });
  }
}

/** The state after the token was refused: `expired` for whoever was signed in here, else signed out. */
function expire(viewer: Viewer | undefined): SessionState {
  ownChange = null;
  setToken('');
  if (!viewer) return { status: 'signed-out', reason: 'expired' };
  keepReturnAddress();
  return { status: 'expired', viewer };
}

/** A 401 on any request while signed in: the token expired under the viewer's hands. */
function onRefused(): void {
  const { state } = session.get();
  if (state.status !== 'signed-in') return;
  generation += 1;
  session.set({ state: expire(state.viewer) });
}

export async function signIn(token: string): Promise<SessionState> {
  // A refused token leaves an expired session expired (its prompt stays), and anyone else signed out.
  const before = session.get().state;
  ownChange = token.trim() || null;
  setToken(token.trim());
  const state = await refreshSession(before.status === 'expired' ? before.viewer : undefined);
  if (state.status === 'signed-out' || state.status === 'expired')
    throw new Error('The server did not accept this token');
  return state;
}

export function signOut(): void {
  ownChange = null;
  setToken('');
  forget();
  sessionStorage.removeItem(RETURN_KEY);
  void refreshSession();
}

/** The signed-in viewer; while the session is expired, the one it belonged to (the page keeps their view). */
export function currentViewer(): Viewer | undefined {
  const { state } = session.get();
  return state.status === 'signed-in' || state.status === 'expired' ? state.viewer : undefined;
}

export function hasRole(viewer: Viewer | undefined, ...roles: Role[]): boolean {
  return !!viewer && viewer.roles.some((role) => role === 'ADMIN' || roles.includes(role));
}

/** Where to go after signing in: the page the session expired on, once; else undefined. */
export function returnAfterSignIn(): string | undefined {
  const hash = sessionStorage.getItem(RETURN_KEY) ?? undefined;
  sessionStorage.removeItem(RETURN_KEY);
  return hash && !hash.startsWith('#/signin') ? hash : undefined;
}

function keepReturnAddress(): void {
  if (location.hash && !location.hash.startsWith('#/signin')) sessionStorage.setItem(RETURN_KEY, location.hash);
}

/** Who was signed in on this browser, so that an expired token on reload still knows whose page it was. */
function remember(viewer: Viewer): void {
  try {
    localStorage.setItem(VIEWER_KEY, JSON.stringify(viewer));
  } catch {
    // Storage full or disabled: an expiry on reload then signs out instead.
  }
}

function forget(): void {
  localStorage.removeItem(VIEWER_KEY);
}

function lastViewer(): Viewer | undefined {
  try {
    const viewer = JSON.parse(localStorage.getItem(VIEWER_KEY) ?? 'null') as Viewer | null;
    return viewer && typeof viewer.id === 'string' && Array.isArray(viewer.roles) ? viewer : undefined;
  } catch {
    return undefined;
  }
}

/** A token saved elsewhere (another tab's sign-in or sign-out) re-reads the identity; a 401 expires the session. */
export function watchToken(): void {
  onTokenChange((token) => {
    const expected = ownChange;
    ownChange = undefined;
    if (token !== expected) void refreshSession();
  });
  window.addEventListener('storage', (event) => {
    if (event.key === 'rebaz.token') void refreshSession();
  });
  onUnauthenticated(onRefused);
}
