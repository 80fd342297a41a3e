/**
 * The top-level views and the hash router that shows one at a time. Views are mounted once and
 * then hidden, so the modeler keeps its diagram while the analyst edits forms. The clerk inbox
 * and the applicant portal will register here as further views (`#/inbox`, `#/apply`).
 */
import type { MessageKey } from '../i18n';

export interface View {
  /** Route segment: `#/model`. */
  id: string;
  label: MessageKey;
  /** Builds the view into its host, once, at start. */
  mount(host: HTMLElement): void;
  /** Called each time the view becomes visible. */
  show?(): void;
}

export function currentRoute(views: View[]): View {
  const id = location.hash.replace(/^#\/?/, '');
  return views.find((v) => v.id === id) ?? views[0];
}
