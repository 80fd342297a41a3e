/**
 * The top-level views and the hash router that shows one at a time. Views are mounted once and
 * then hidden, so the modeler keeps its diagram while the analyst edits forms. A route may carry
 * parameters after the view id: `#/case/<id>`, `#/inbox/<taskId>`.
 */
import type { Role } from '../../api/work-api';
import type { MessageKey } from '../i18n';

export interface View {
  /** Route segment: `#/model`. */
  id: string;
  label: MessageKey;
  /** Builds the view into its host, once, at start. */
  mount(host: HTMLElement): void;
  /** Called each time the view becomes visible, and when its parameters change. */
  show?(params: string[]): void;
  /** Called when another view takes its place (stop live updates). */
  hide?(): void;
  /** Listed in the main navigation for these roles (administrators see every view). */
  roles?: Role[];
  /** Listed while signed out too: it works without a server (modelling, forms). */
  offline?: boolean;
  /** Reached by links only, never listed in the navigation (the case view, sign-in). */
  hidden?: boolean;
}

export interface Route {
  view: View;
  params: string[];
}

export function parseHash(hash: string): { id: string; params: string[] } {
  const [id = '', ...params] = hash
    .replace(/^#\/?/, '')
    .split('/')
    .map((part) => decodeURIComponent(part));
  return { id, params: params.filter(Boolean) };
}

export function currentRoute(views: View[], fallback: () => string): Route {
  const { id, params } = parseHash(location.hash);
  const view = views.find((v) => v.id === id);
  if (view) return { view, params };
  const home = views.find((v) => v.id === fallback()) ?? views[0];
  return { view: home, params: [] };
}

/** `#/case/<id>`: a link to a view with parameters. */
export function href(id: string, ...params: string[]): string {
  return `#/${[id, ...params].map((part) => encodeURIComponent(part)).join('/')}`;
}
