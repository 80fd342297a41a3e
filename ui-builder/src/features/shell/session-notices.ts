/**
 * Two notices above every view, each worded for the person reading it (a clerk, an applicant, an
 * analyst): the session expired (sign in again; what they were doing is kept and they come back
 * to it), and the connection to the server dropped or came back.
 */
import { connectionState, onConnectionChange, type ConnectionState } from '../../api/connection';
import { currentViewer, hasRole, session } from '../../state/session';
import type { MessageKey } from '../i18n';
import { h, setMessage } from './dom';

type Audience = 'clerk' | 'applicant' | 'analyst';

function audience(): Audience {
  const viewer = currentViewer();
  if (hasRole(viewer, 'CLERK') && !viewer?.roles.includes('ADMIN')) return 'clerk';
  if (viewer?.roles.includes('APPLICANT')) return 'applicant';
  return 'analyst';
}

const EXPIRED: Record<Audience, MessageKey> = {
  clerk: 'session.expired.clerk',
  applicant: 'session.expired.applicant',
  analyst: 'session.expired.analyst',
};
const LOST: Record<Audience, MessageKey> = {
  clerk: 'connection.lost.clerk',
  applicant: 'connection.lost.applicant',
  analyst: 'connection.lost.analyst',
};
const BACK: Record<Audience, MessageKey> = {
  clerk: 'connection.back.people',
  applicant: 'connection.back.people',
  analyst: 'connection.back.analyst',
};

/** "Session expired — sign in again", in place: the view below stays as it was. */
export function sessionExpiredPrompt(): HTMLElement {
  const text = h('p', { testid: 'session-expired-text' });
  const prompt = h(
    'section',
    {
      class: 'notice session-expired',
      testid: 'session-expired',
      attrs: { role: 'alert', hidden: true, 'aria-labelledby': 'session-expired-title' },
    },
    h('h2', { id: 'session-expired-title', class: 'session-expired__title', i18n: 'session.expired.title' }),
    text,
    h('a', {
      class: 'button button--primary',
      testid: 'session-sign-in',
      i18n: 'session.signInAgain',
      attrs: { href: '#/signin' },
    }),
  );
  const render = () => {
    const { state } = session.get();
    prompt.hidden = state.status !== 'expired';
    if (!prompt.hidden) setMessage(text, EXPIRED[audience()]);
  };
  session.subscribe(render);
  render();
  return prompt;
}

/** Silent while connected; says when the server cannot be reached, and when it is back (for a while). */
export function connectionIndicator(): HTMLElement {
  const BACK_SHOWN_MS = 8000;
  const indicator = h('p', {
    class: 'connection',
    testid: 'connection',
    attrs: { role: 'status', 'aria-live': 'polite', hidden: true },
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const render = (state: ConnectionState) => {
    clearTimeout(timer);
    indicator.hidden = false;
    indicator.dataset.state = state;
    setMessage(indicator, state === 'lost' ? LOST[audience()] : BACK[audience()]);
    if (state === 'online')
      timer = setTimeout(() => {
        indicator.hidden = true;
      }, BACK_SHOWN_MS);
  };
  onConnectionChange(render);
  if (connectionState() === 'lost') render('lost');
  return indicator;
}
