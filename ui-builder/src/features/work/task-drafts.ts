/**
 * What someone typed into a task's form, kept in this tab (sessionStorage) by person and task id
 * until the task is completed: an expired session, a reload or a dropped connection loses none of
 * it. An application form is kept the same way under `applicationDraftId(service key)` until it is
 * sent. Values that are not JSON (files) are left out; the person chooses them again.
 *
 * A draft is its writer's alone: on a shared computer (a counter's kiosk) the next person who signs
 * in never sees it, and signing out removes every draft of the tab.
 */
import { currentViewer, session } from '../../state/session';

const PREFIX = 'rebaz.taskDraft.';

/** The storage key of a draft: the viewer's, then the task's or application's id. */
function draftKey(taskId: string): string {
  return `${PREFIX}${currentViewer()?.id ?? ''}:${taskId}`;
}

/** Removes every draft kept in this tab. */
function clearAllDrafts(): void {
  for (const key of Object.keys(sessionStorage)) if (key.startsWith(PREFIX)) sessionStorage.removeItem(key);
}

session.subscribe((state) => {
  if (state.state.status === 'signed-out') clearAllDrafts();
});

export function loadTaskDraft(taskId: string): Record<string, unknown> {
  try {
    const draft = JSON.parse(sessionStorage.getItem(draftKey(taskId)) ?? '{}') as unknown;
    return draft && typeof draft === 'object' && !Array.isArray(draft) ? (draft as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export function saveTaskDraft(taskId: string, values: Record<string, unknown>): void {
  try {
    sessionStorage.setItem(draftKey(taskId), JSON.stringify(values));
  } catch {
    // Full or disabled storage: the form itself still holds the values.
  }
}

export function clearTaskDraft(taskId: string): void {
  sessionStorage.removeItem(draftKey(taskId));
}

/** The draft id of an application to a service (kept apart from task ids). */
export function applicationDraftId(serviceKey: string): string {
  return `apply:${serviceKey}`;
}
