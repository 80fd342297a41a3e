/**
 * Rebaz: the analyst's builder (Model, Forms, Decisions, Services), the clerk's inbox, the applicant's
 * portal (Apply, Applications) and the case view, in one app. The navigation lists the views
 * of the signed-in roles; modelling works signed out and offline.
 */
import './styles/app.css';
import { appState, loadDraft } from './state/app-state';
import { currentViewer, hasRole, refreshSession, session, watchToken } from './state/session';
import { initialLocale, setLocale } from './features/i18n';
import { createModeler } from './features/modeler/create-modeler';
import { createWorkbench, mountModelView } from './features/modeler/model-view';
import { newDiagramXml } from './features/modeler/new-diagram';
import { mountDecisionsView } from './features/decisions/decisions-view';
import { mountFormsView } from './features/forms/forms-view';
import { mountServicesView } from './features/versions/services-view';
import { mountShell } from './features/shell/shell';
import type { View } from './features/shell/views';
import { startLiveValidation } from './features/validation/live-validation';
import { mountApplicationsView } from './features/work/applications-view';
import { mountApplyView } from './features/work/apply-view';
import { mountCaseView } from './features/work/case-view';
import { mountInboxView } from './features/work/inbox-view';
import { mountSignInView } from './features/work/signin-view';

/** Where each kind of user starts. */
function home(): string {
  const { state } = session.get();
  if (state.status === 'signed-out') return 'signin';
  const viewer = currentViewer();
  if (!viewer) return 'model';
  if (hasRole(viewer, 'CLERK') && !viewer.roles.includes('ADMIN')) return 'inbox';
  if (viewer.roles.includes('APPLICANT') || viewer.roles.includes('AUDITOR') || viewer.roles.includes('ADMIN'))
    return 'applications';
  return 'model';
}

async function main(): Promise<void> {
  setLocale(initialLocale());
  watchToken();
  const workbench = createWorkbench();
  const modeler = createModeler(workbench.canvas, workbench.properties);
  // The browser tests (and a curious analyst's console) drive the modeler through this handle.
  Object.assign(window, { __rebaz: { modeler, appState, session } });

  type Shown = { show(params: string[]): void; hide?(): void };
  const mounted = new Map<string, Shown>();
  const view = (
    id: string,
    label: View['label'],
    mount: (host: HTMLElement) => Shown,
    extra: Partial<View> = {},
  ): View => ({
    id,
    label,
    ...extra,
    mount: (host) => {
      mounted.set(id, mount(host));
    },
    show: (params) => mounted.get(id)?.show(params),
    hide: () => mounted.get(id)?.hide?.(),
  });
  const views: View[] = [
    view('model', 'nav.model', (host) => mountModelView(host, modeler, workbench), {
      roles: ['ANALYST'],
      offline: true,
    }),
    view('forms', 'nav.forms', (host) => mountFormsView(host, modeler), { roles: ['ANALYST'], offline: true }),
    view(
      'decisions',
      'nav.decisions',
      (host) => {
        const decisions = mountDecisionsView(host);
        Object.assign((window as unknown as { __rebaz: object }).__rebaz, { decisions });
        return decisions;
      },
      { roles: ['ANALYST'], offline: true },
    ),
    view('services', 'nav.services', (host) => mountServicesView(host), { roles: ['ANALYST'] }),
    view('inbox', 'nav.inbox', (host) => mountInboxView(host), { roles: ['CLERK'] }),
    view('apply', 'nav.apply', (host) => mountApplyView(host), { roles: ['APPLICANT'] }),
    view('applications', 'nav.applications', (host) => mountApplicationsView(host), {
      roles: ['APPLICANT', 'CLERK', 'AUDITOR', 'ANALYST'],
    }),
    view('case', 'nav.case', (host) => mountCaseView(host), { hidden: true }),
    view('signin', 'nav.signin', (host) => mountSignInView(host, home), { hidden: true }),
  ];
  mountShell(document.getElementById('app') as HTMLElement, views, { home });
  void refreshSession();

  startLiveValidation(modeler);
  const draft = loadDraft();
  if (draft) appState.set({ forms: draft.forms });
  try {
    await modeler.importXML(draft?.xml ?? newDiagramXml());
  } catch {
    await modeler.importXML(newDiagramXml());
  }
}

void main();
