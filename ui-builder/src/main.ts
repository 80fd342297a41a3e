/**
 * Rebaz Builder: model a service in BPMN, give its tasks forms and rules, see problems as you
 * draw, simulate it in the browser, and deploy it. Views: Model, Forms, Services.
 */
import './styles/app.css';
import { appState, loadDraft } from './state/app-state';
import { initialLocale, setLocale } from './features/i18n';
import { createModeler } from './features/modeler/create-modeler';
import { createWorkbench, mountModelView } from './features/modeler/model-view';
import { newDiagramXml } from './features/modeler/new-diagram';
import { mountFormsView } from './features/forms/forms-view';
import { mountServicesView } from './features/versions/services-view';
import { mountShell } from './features/shell/shell';
import type { View } from './features/shell/views';
import { startLiveValidation } from './features/validation/live-validation';

async function main(): Promise<void> {
  setLocale(initialLocale());
  const workbench = createWorkbench();
  const modeler = createModeler(workbench.canvas, workbench.properties);

  let model: { show(): void } | undefined;
  let forms: { show(): void } | undefined;
  let services: { show(): void } | undefined;
  const views: View[] = [
    { id: 'model', label: 'nav.model', mount: (host) => { model = mountModelView(host, modeler, workbench); }, show: () => model?.show() },
    { id: 'forms', label: 'nav.forms', mount: (host) => { forms = mountFormsView(host, modeler); }, show: () => forms?.show() },
    { id: 'services', label: 'nav.services', mount: (host) => { services = mountServicesView(host); }, show: () => services?.show() },
  ];
  mountShell(document.getElementById('app') as HTMLElement, views);

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
