/**
 * The analyst's workbench: actions, the diagram, and beside it the properties panel, the live
 * problems list and the simulator. Stacks into one column on narrow screens.
 */
import type Modeler from 'bpmn-js/lib/Modeler';
import type Canvas from 'diagram-js/lib/core/Canvas';
import { isError } from '../../../../definitions';
import { appState, issuesOf, saveDraft } from '../../state/app-state';
import { deploy } from '../deploy/deploy-action';
import { onLocaleChange, t } from '../i18n';
import { h, replaceChildren, setMessage, uid } from '../shell/dom';
import { createTabs } from '../shell/tabs';
import { mountSimulationPanel } from '../simulation/simulation-panel';
import { showIssueOverlays } from '../validation/issue-overlays';
import { renderIssueList } from '../validation/issue-list';
import { service } from './create-modeler';
import { downloadDiagram, openFile } from './file-actions';
import { newDiagramXml } from './new-diagram';

export interface Workbench {
  canvas: HTMLElement;
  properties: HTMLElement;
}

/** The containers bpmn-js renders into; created before the modeler, placed by mountModelView. */
export function createWorkbench(): Workbench {
  return {
    canvas: h('div', {
      class: 'workbench__canvas',
      testid: 'canvas',
      i18nLabel: 'modeler.canvasLabel',
      attrs: { role: 'region' },
    }),
    properties: h('div', {
      class: 'workbench__properties',
      testid: 'properties-panel',
      i18nLabel: 'modeler.propertiesLabel',
      attrs: { role: 'region' },
    }),
  };
}

export function mountModelView(host: HTMLElement, modeler: Modeler, workbench: Workbench): { show(): void } {
  const report = h('p', {
    class: 'deploy-report',
    testid: 'deploy-report',
    attrs: { role: 'status', 'aria-live': 'polite' },
  });
  const fileInput = h('input', {
    id: uid('open-file'),
    class: 'visually-hidden',
    testid: 'open-file',
    attrs: { type: 'file', accept: '.bpmn,.xml,application/xml,text/xml' },
    on: { change: () => void openChosenFile() },
  });
  const problems = h('div', { class: 'problems', testid: 'problems' });
  const simulation = h('div', { class: 'sim', testid: 'simulation' });
  const badge = h('span', { class: 'tab__badge', testid: 'problem-count', attrs: { hidden: true } });

  const tabs = createTabs('side.label', [
    { id: 'properties', label: 'side.properties', panel: workbench.properties },
    { id: 'problems', label: 'side.problems', panel: problems, badge },
    { id: 'simulate', label: 'side.simulate', panel: simulation },
  ]);

  const button = (key: Parameters<typeof t>[0], testid: string, click: () => void, extra = '') =>
    h('button', { class: `button ${extra}`.trim(), testid, i18n: key, attrs: { type: 'button' }, on: { click } });

  replaceChildren(
    host,
    h(
      'div',
      { class: 'workbench' },
      h(
        'div',
        { class: 'toolbar', attrs: { role: 'group' }, i18nLabel: 'toolbar.label' },
        button('toolbar.new', 'new-diagram', () => void newDiagram()),
        h('label', { class: 'button', attrs: { for: fileInput.id }, testid: 'open-file-label', i18n: 'toolbar.open' }),
        fileInput,
        button('toolbar.download', 'download-diagram', () => void downloadDiagram(modeler)),
        button('toolbar.deploy', 'deploy', () => void deploy(modeler, report), 'button--primary'),
        report,
      ),
      workbench.canvas,
      h('aside', { class: 'workbench__side' }, tabs.element),
    ),
  );

  const sim = mountSimulationPanel(simulation, modeler);

  async function newDiagram(): Promise<void> {
    if (!window.confirm(t('modeler.confirmNew'))) return;
    appState.set({ forms: {} });
    saveDraft();
    await modeler.importXML(newDiagramXml());
  }

  async function openChosenFile(): Promise<void> {
    const file = fileInput.files?.[0];
    fileInput.value = '';
    if (!file) return;
    try {
      await openFile(modeler, file);
      report.dataset.tone = 'ok';
      setMessage(report, 'modeler.opened', { name: file.name });
    } catch (error) {
      report.dataset.tone = 'error';
      setMessage(report, 'modeler.importFailed', { message: (error as Error).message });
    }
  }

  const renderProblems = () => {
    const { build } = appState.get();
    renderIssueList(problems, build, modeler);
    showIssueOverlays(modeler, issuesOf(build));
    const errors = issuesOf(build).filter(isError).length;
    const count = issuesOf(build).length;
    badge.hidden = count === 0;
    badge.textContent = String(count);
    badge.dataset.tone = errors ? 'error' : 'warning';
  };
  appState.subscribe((state, previous) => {
    if (state.build !== previous.build) renderProblems();
  });
  onLocaleChange(() => {
    renderProblems();
    sim.refresh();
    modeler.get<{ fire(event: string): void }>('eventBus').fire('propertiesPanel.providersChanged');
  });
  renderProblems();

  return {
    // bpmn-js measures its container: tell it the size may have changed while hidden.
    show: () => service<Canvas>(modeler, 'canvas').resized(),
  };
}
