/**
 * One case (`#/case/<id>`): its diagram in the bpmn-js NavigatedViewer with the completed
 * elements (and taken flows), the active ones and those with an incident marked; the same facts
 * as text; its tasks; the variables the viewer may see; and the audit trail for roles that may
 * read it. It follows `caseUpdated` while shown.
 */
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import type Canvas from 'diagram-js/lib/core/Canvas';
import type { Point } from 'diagram-js/lib/util/Types';
import type ElementRegistry from 'diagram-js/lib/core/ElementRegistry';
import { subscribe } from '../../api/subscriptions';
import { CASE_UPDATED, getAuditTrail, getCase, type AuditRow, type CaseDetails } from '../../api/work-api';
import { currentViewer, hasRole } from '../../state/session';
import { apiErrorMessage } from '../deploy/deploy-action';
import { onLocaleChange, t, type MessageKey } from '../i18n';
import { h, replaceChildren, setMessage } from '../shell/dom';
import { href } from '../shell/views';
import { formatTime, showValue, statusBadge } from './format';
import { shortId } from './task-panel';

type Marker = 'rebaz-done' | 'rebaz-token' | 'rebaz-incident';

export function mountCaseView(host: HTMLElement): { show(params: string[]): void; hide(): void } {
  let caseId: string | undefined;
  let details: CaseDetails | undefined;
  let audit: AuditRow[] | undefined;
  let viewer: NavigatedViewer | undefined;
  let shownXml: string | undefined;
  let painted: Array<[string, Marker]> = [];
  let stop: (() => void) | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let generation = 0;

  const title = h('h2', { testid: 'case-title', attrs: { tabindex: -1 } });
  const status = h('p', { class: 'status-line', testid: 'case-status-line', attrs: { role: 'status', 'aria-live': 'polite' } });
  const live = h('p', { class: 'live muted', testid: 'case-live' });
  const summary = h('dl', { class: 'meta', testid: 'case-summary' });
  const canvas = h('div', { class: 'case__diagram', testid: 'case-diagram', i18nLabel: 'case.diagramLabel', attrs: { role: 'img' } });
  const legend = h('ul', { class: 'legend', i18nLabel: 'case.legend' },
    h('li', {}, h('span', { class: 'legend__swatch legend__swatch--done', attrs: { 'aria-hidden': 'true' } }), h('span', { i18n: 'case.done' })),
    h('li', {}, h('span', { class: 'legend__swatch legend__swatch--token', attrs: { 'aria-hidden': 'true' } }), h('span', { i18n: 'case.active' })),
    h('li', {}, h('span', { class: 'legend__swatch legend__swatch--incident', attrs: { 'aria-hidden': 'true' } }), h('span', { i18n: 'case.incident' })));
  const where = h('div', { class: 'case__where', testid: 'case-where' });
  const tasks = h('div', { testid: 'case-tasks' });
  const variables = h('div', { testid: 'case-variables' });
  const trail = h('div', { testid: 'case-audit' });
  const body = h('div', { class: 'case__body', attrs: { hidden: true } },
    summary,
    h('section', { class: 'panel case__map' }, h('h3', { i18n: 'case.diagram' }), legend, canvas, where),
    h('div', { class: 'case__columns' },
      h('section', { class: 'panel' }, h('h3', { i18n: 'case.tasks' }), tasks),
      h('section', { class: 'panel' }, h('h3', { i18n: 'case.variables' }), variables)),
    trail);

  replaceChildren(host, h('div', { class: 'case' },
    h('div', { class: 'row row--between' }, title, h('a', { class: 'button button--quiet', testid: 'case-back', i18n: 'case.back', attrs: { href: '#/applications' } })),
    status, live, body));

  async function load(first = false): Promise<void> {
    if (!caseId) return;
    const mine = ++generation;
    if (first) setMessage(status, 'case.loading');
    try {
      const [loaded, trailRows] = await Promise.all([
        getCase(caseId),
        hasRole(currentViewer(), 'AUDITOR') ? getAuditTrail(caseId) : Promise.resolve(undefined),
      ]);
      if (mine !== generation) return;
      if (!loaded) {
        setMessage(status, 'case.notFound');
        body.hidden = true;
        return;
      }
      details = loaded;
      audit = trailRows;
      setMessage(status, '');
      body.hidden = false;
      render();
      await paint();
      if (first) title.focus();
    } catch (error) {
      if (mine !== generation) return;
      setMessage(status, ...apiErrorMessage(error));
    }
  }

  function render(): void {
    if (!details) return;
    const d = details;
    title.textContent = t('case.title', { service: d.definition.name ?? d.definitionKey, id: d.businessKey ?? shortId(d.id) });
    replaceChildren(summary,
      h('dt', { i18n: 'case.status' }), h('dd', { testid: 'case-status' }, statusBadge(d.status)),
      h('dt', { i18n: 'case.service' }), h('dd', {}, `${d.definitionKey} v${d.definitionVersion}`),
      h('dt', { i18n: 'case.started' }), h('dd', {}, formatTime(d.startedAt)),
      h('dt', { i18n: 'case.updated' }), h('dd', {}, formatTime(d.updatedAt)),
      d.endedAt ? h('dt', { i18n: 'case.ended' }) : null, d.endedAt ? h('dd', {}, formatTime(d.endedAt)) : null,
      d.applicant ? h('dt', { i18n: 'case.applicant' }) : null, d.applicant ? h('dd', {}, d.applicant) : null);

    const viewerRoles = currentViewer();
    const clerk = hasRole(viewerRoles, 'CLERK');
    replaceChildren(tasks, d.tasks.length === 0 ? h('p', { class: 'muted', i18n: 'case.noTasks' }) : h('ul', { class: 'plain-list' }, ...d.tasks.map((task) => {
      const link = task.status === 'OPEN' ? (clerk ? href('inbox', task.id) : href('applications', task.id)) : undefined;
      return h('li', { testid: `case-task-${task.elementId}` },
        link ? h('a', { attrs: { href: link } }, task.name) : h('strong', {}, task.name), ' ', statusBadge(task.status),
        task.completedBy ? h('span', { class: 'muted' }, ` · ${t('case.by', { who: task.completedBy })}`) : task.assignee ? h('span', { class: 'muted' }, ` · ${t('inbox.claimedBy', { who: task.assignee })}`) : null);
    })));

    const entries = Object.entries(d.variables);
    replaceChildren(variables, entries.length === 0 ? h('p', { class: 'muted', i18n: 'case.noVariables' })
      : h('dl', { class: 'meta meta--wide' }, ...entries.flatMap(([name, value]) => [h('dt', {}, h('code', {}, name)), h('dd', { testid: `case-var-${name}` }, showValue(value))])));

    if (!audit) replaceChildren(trail);
    else {
      replaceChildren(trail, h('section', { class: 'panel' }, h('h3', { i18n: 'case.audit' }), h('div', { class: 'table-scroll' }, h('table', { class: 'table' },
        h('thead', {}, h('tr', {}, ...(['case.audit.seq', 'case.audit.at', 'case.audit.actor', 'case.audit.command', 'case.audit.element'] as MessageKey[]).map((key) => h('th', { attrs: { scope: 'col' }, i18n: key })))),
        h('tbody', {}, ...audit.map((row) => h('tr', {}, h('td', {}, row.seq), h('td', {}, formatTime(row.at)), h('td', {}, row.actor), h('td', {}, row.command), h('td', {}, row.elementId ? h('code', {}, row.elementId) : '—'))))))));
    }
  }

  async function paint(): Promise<void> {
    if (!details) return;
    viewer ??= new NavigatedViewer({ container: canvas });
    if (shownXml !== details.definition.bpmnXml) {
      await viewer.importXML(details.definition.bpmnXml);
      shownXml = details.definition.bpmnXml;
      painted = [];
      fit();
    }
    const diagram = viewer.get<Canvas>('canvas');
    const registry = viewer.get<ElementRegistry>('elementRegistry');
    for (const [id, marker] of painted) if (registry.get(id)) diagram.removeMarker(id, marker);
    const marks: Array<[string, Marker]> = [
      ...details.completedElements.map((id): [string, Marker] => [id, 'rebaz-done']),
      ...details.activeElements.map((id): [string, Marker] => [id, 'rebaz-token']),
      ...details.incidentElements.map((id): [string, Marker] => [id, 'rebaz-incident']),
    ].filter(([id]) => registry.get(id));
    for (const [id, marker] of marks) diagram.addMarker(id, marker);
    painted = marks;

    // The same facts for screen readers and for the eye that cannot tell the colours apart.
    const nameOf = (id: string) => (registry.get(id)?.businessObject as { name?: string } | undefined)?.name || id;
    // Shapes only (flows have waypoints), in the diagram's reading order: left to right, top to bottom.
    const position = (id: string) => registry.get(id) as { x?: number; y?: number; waypoints?: unknown } | undefined;
    const shapes = (ids: string[]) => ids.filter((id) => !position(id)?.waypoints)
      .sort((a, b) => (position(a)?.x ?? 0) - (position(b)?.x ?? 0) || (position(a)?.y ?? 0) - (position(b)?.y ?? 0))
      .map(nameOf);
    const line = (key: MessageKey, ids: string[], testid: string) => h('p', { testid }, h('strong', { i18n: key }), ' ', ids.length ? shapes(ids).join(', ') : '—');
    replaceChildren(where,
      line('case.activeNow', details.activeElements, 'case-active'),
      line('case.doneSoFar', details.completedElements, 'case-done'),
      details.incidentElements.length ? line('case.incidents', details.incidentElements, 'case-incidents') : null);
    canvas.setAttribute('aria-description', t('case.diagramDescription', { active: shapes(details.activeElements).join(', ') || '—', done: shapes(details.completedElements).join(', ') || '—' }));
  }

  /** Fits the diagram to its box (never above 100 %), centred; again when the window resizes. */
  function fit(): void {
    if (!viewer || canvas.clientWidth === 0) return;
    const diagram = viewer.get<Canvas>('canvas');
    diagram.resized();
    // 'auto' centres the diagram (diagram-js supports it; its types name only a point).
    diagram.zoom('fit-viewport', 'auto' as unknown as Point);
  }
  let resizeTimer: ReturnType<typeof setTimeout> | undefined;
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(fit, 150);
  });

  function startLive(id: string): void {
    stop?.();
    setMessage(live, 'live.connecting');
    let opened = 0;
    stop = subscribe(CASE_UPDATED, { id }, {
      open: () => {
        setMessage(live, 'live.on');
        // After a dropped stream, catch up on what changed in between.
        if (opened++ > 0) void load();
      },
      next: () => {
        clearTimeout(timer);
        timer = setTimeout(() => void load(), 100);
      },
      error: () => setMessage(live, 'live.off'),
    });
  }

  onLocaleChange(() => {
    render();
    void paint();
  });

  return {
    show(params) {
      const [id] = params;
      if (!id) {
        setMessage(status, 'case.notFound');
        body.hidden = true;
        return;
      }
      const changed = id !== caseId;
      caseId = id;
      if (changed) {
        details = undefined;
        audit = undefined;
        body.hidden = true;
        title.textContent = '';
      }
      if (!currentViewer()) {
        setMessage(status, 'case.signIn');
        return;
      }
      void load(true);
      startLive(id);
    },
    hide() {
      stop?.();
      stop = undefined;
      clearTimeout(timer);
    },
  };
}
