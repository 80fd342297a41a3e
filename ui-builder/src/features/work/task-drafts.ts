/**
 * What someone typed into a task's form, kept in this tab (sessionStorage) by task id until the
 * task is completed: an expired session, a reload or a dropped connection loses none of it. An
 * application form is kept the same way under `applicationDraftId(service key)` until it is sent.
 * Values that are not JSON (files) are left out; the person chooses them again.
 */
const PREFIX = 'rebaz.taskDraft.';

export function loadTaskDraft(taskId: string): Record<string, unknown> {
  try {
    const draft = JSON.parse(sessionStorage.getItem(PREFIX + taskId) ?? '{}') as unknown;
    return draft && typeof draft === 'object' && !Array.isArray(draft) ? (draft as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export function saveTaskDraft(taskId: string, values: Record<string, unknown>): void {
  try {
    sessionStorage.setItem(PREFIX + taskId, JSON.stringify(values));
  } catch {
    // Full or disabled storage: the form itself still holds the values.
  }
}

export function clearTaskDraft(taskId: string): void {
  sessionStorage.removeItem(PREFIX + taskId);
}

/** The draft id of an application to a service (kept apart from task ids). */
export function applicationDraftId(serviceKey: string): string {
  return `apply:${serviceKey}`;
}
