/**
 * One case (`#/case/<id>`). Everyone reads its status, how it ended (a badge per kind of outcome,
 * the outcome's name, the office's comment), the application by its form's labels and the
 * history as sentences. An applicant sees nothing more: no diagram, keys or element ids, and the
 * tasks waiting for them with their deadline. Staff also see the earlier decisions, the diagram
 * in the bpmn-js NavigatedViewer with the completed elements (and taken flows), the active ones
 * and those with an incident marked, the same facts as text, and its tasks; analysts, auditors
 * and administrators the raw variables; auditors the audit trail; administrators may move the token
 * of a case with an incident. It follows `caseUpdated`.
 */
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import type Canvas from 'diagram-js/lib/core/Canvas';
import type { Point } from 'diagram-js/lib/util/Types';
import type ElementRegistry from 'diagram-js/lib/core/ElementRegistry';
import { subscribe } from '../../api/subscriptions';
import { CASE_UPDATED, getAuditTrail, getCase, type AuditRow, type CaseDetails } from '../../api/work-api';
import { currentViewer, hasRole } from '../../state/session';
import { apiErrorMessage } from '../deploy/deploy-action';
import { currentLocale, isolate, onLocaleChange, t, type MessageKey } from '../i18n';
import { formatDate } from '../i18n/format';
import { h, replaceChildren, setMessage } from '../shell/dom';
import { mountMoveToken } from '../versions/move-token-section';
import { href } from '../shell/views';
import { applicationSection, decisionsSection, historySection } from './case-summary';
import { formatTime, showValue, statusBadge } from './format';
import { modelName, namesInXml, referenceOf, serviceName } from './names';
import { officeComment, OUTCOME_LABELS, OUTCOME_TONES, outcomeKind } from './outcome';
import { loadPeople, personName } from './people';

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
  const status = h('p', {
    class: 'status-line',
    testid: 'case-status-line',
    attrs: { role: 'status', 'aria-live': 'polite' },
  });
  const live = h('p', { class: 'live muted', testid: 'case-live' });
  const summary = h('dl', { class: 'meta', testid: 'case-summary' });
  const canvas = h('div', {
    class: 'case__diagram',
    testid: 'case-diagram',
    i18nLabel: 'case.diagramLabel',
    attrs: { role: 'img' },
  });
  const legend = h(
    'ul',
    { class: 'legend', i18nLabel: 'case.legend' },
    h(
      'li',
      {},
      h('span', { class: 'legend__swatch legend__swatch--done', attrs: { 'aria-hidden': 'true' } }),
      h('span', { i18n: 'case.done' }),
    ),
    h(
      'li',
      {},
      h('span', { class: 'legend__swatch legend__swatch--token', attrs: { 'aria-hidden': 'true' } }),
      h('span', { i18n: 'case.active' }),
    ),
    h(
      'li',
      {},
      h('span', { class: 'legend__swatch legend__swatch--incident', attrs: { 'aria-hidden': 'true' } }),
      h('span', { i18n: 'case.incident' }),
    ),
  );
  const where = h('div', { class: 'case__where', testid: 'case-where' });
  // A model deployed without its drawing (no BPMNDiagram) still says where the case stands, in words.
  const noDrawing = h('p', {
    class: 'muted',
    testid: 'case-no-drawing',
    i18n: 'case.noDrawing',
    attrs: { hidden: true },
  });
  const tasks = h('div', { testid: 'case-tasks' });
  const variables = h('div', { testid: 'case-variables' });
  const trail = h('div', { testid: 'case-audit' });
  const outcome = h('section', { class: 'panel outcome', testid: 'case-outcome', attrs: { hidden: true } });
  const waiting = h('section', { class: 'panel card--attention', testid: 'case-waiting', attrs: { hidden: true } });
  const account = h('section', { class: 'panel', testid: 'case-account' });
  const map = h(
    'section',
    { class: 'panel case__map' },
    h('h3', { i18n: 'case.diagram' }),
    legend,
    canvas,
    noDrawing,
    where,
  );
  // Administrators repair a case with an incident here; afterwards the case is read again.
  const moveToken = mountMoveToken(() => load());
  const staffColumns = h(
    'div',
    { class: 'case__columns' },
    h('section', { class: 'panel' }, h('h3', { i18n: 'case.tasks' }), tasks),
    h('section', { class: 'panel', testid: 'case-data' }, h('h3', { i18n: 'case.variables' }), variables),
  );
  const body = h(
    'div',
    { class: 'case__body', attrs: { hidden: true } },
    summary,
    outcome,
    waiting,
    account,
    map,
    moveToken.element,
    staffColumns,
    trail,
  );

  replaceChildren(
    host,
    h(
      'div',
      { class: 'case' },
      h(
        'div',
        { class: 'row row--between' },
        title,
        h('a', {
          class: 'button button--quiet',
          testid: 'case-back',
          i18n: 'case.back',
          attrs: { href: '#/applications' },
        }),
      ),
      status,
      live,
      body,
    ),
  );

  async function load(first = false): Promise<void> {
    if (!caseId) return;
    const mine = ++generation;
    if (first) setMessage(status, 'case.loading');
    try {
      const [loaded, trailRows] = await Promise.all([
        getCase(caseId, currentLocale()),
        hasRole(currentViewer(), 'AUDITOR') ? getAuditTrail(caseId) : Promise.resolve(undefined),
        loadPeople(),
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
    const viewerRoles = currentViewer();
    const applicant =
      hasRole(viewerRoles, 'APPLICANT') && !hasRole(viewerRoles, 'CLERK', 'ADMIN', 'AUDITOR', 'ANALYST');
    const names = d.definition.translatedNames;
    const service = serviceName(d.definition, d.definitionKey);
    title.textContent = t('case.title', { service, id: referenceOf(d) });
    replaceChildren(
      summary,
      // A case that ended rejected or lapsed is not shown green: its outcome says how it ended.
      h('dt', { i18n: 'case.status' }),
      h(
        'dd',
        { testid: 'case-status' },
        statusBadge(
          d.status,
          ['rejected', 'lapsed', 'withdrawn'].includes(outcomeKind(d.status, d.outcome)) ? 'muted' : undefined,
        ),
      ),
      d.activeStepNames.length ? h('dt', { i18n: 'case.activeNow' }) : null,
      d.activeStepNames.length ? h('dd', { testid: 'case-now' }, h('bdi', {}, d.activeStepNames.join(', '))) : null,
      h('dt', { i18n: 'case.service' }),
      h(
        'dd',
        {},
        h('bdi', {}, service),
        applicant ? null : h('span', { class: 'muted' }, ` (${d.definitionKey} v${d.definitionVersion})`),
      ),
      h('dt', { i18n: 'case.reference' }),
      h('dd', { testid: 'case-reference' }, h('bdi', {}, referenceOf(d))),
      h('dt', { i18n: 'case.started' }),
      h('dd', {}, formatTime(d.startedAt)),
      h('dt', { i18n: 'case.updated' }),
      h('dd', {}, formatTime(d.updatedAt)),
      d.endedAt ? h('dt', { i18n: 'case.ended' }) : null,
      d.endedAt ? h('dd', {}, formatTime(d.endedAt)) : null,
      d.applicant && !applicant ? h('dt', { i18n: 'case.applicant' }) : null,
      d.applicant && !applicant ? h('dd', {}, h('bdi', {}, personName(d.applicant))) : null,
    );

    renderOutcome(d);
    const open = d.tasks.filter((task) => task.status === 'OPEN');
    waiting.hidden = !applicant || open.length === 0;
    replaceChildren(
      waiting,
      h('h3', { i18n: 'applications.waiting' }),
      h(
        'ul',
        { class: 'plain-list' },
        ...open.map((task) =>
          h(
            'li',
            { testid: `case-waiting-${task.elementId}` },
            h('a', { attrs: { href: href('applications', task.id) } }, modelName(names, task.elementId, task.name)),
            task.dueAt
              ? h(
                  'span',
                  { class: 'muted' },
                  ' · ',
                  h('span', { i18n: 'applications.deadline', params: { date: formatDate(new Date(task.dueAt)) } }),
                )
              : null,
          ),
        ),
      ),
    );
    replaceChildren(account, applicationSection(d), applicant ? null : decisionsSection(d), historySection(d));

    map.hidden = applicant;
    staffColumns.hidden = applicant;
    moveToken.update(d);
    const clerk = hasRole(viewerRoles, 'CLERK');
    replaceChildren(
      tasks,
      d.tasks.length === 0
        ? h('p', { class: 'muted', i18n: 'case.noTasks' })
        : h(
            'ul',
            { class: 'plain-list' },
            ...d.tasks.map((task) => {
              const link =
                task.status === 'OPEN' ? (clerk ? href('inbox', task.id) : href('applications', task.id)) : undefined;
              const name = modelName(names, task.elementId, task.name);
              return h(
                'li',
                { testid: `case-task-${task.elementId}` },
                link ? h('a', { attrs: { href: link } }, name) : h('strong', {}, name),
                ' ',
                statusBadge(task.status),
                task.completedBy
                  ? h('span', { class: 'muted' }, ` · ${t('case.by', { who: isolate(personName(task.completedBy)) })}`)
                  : task.assignee
                    ? h(
                        'span',
                        { class: 'muted' },
                        ` · ${t('inbox.claimedBy', { who: isolate(personName(task.assignee)) })}`,
                      )
                    : null,
              );
            }),
          ),
    );

    // The raw variables, by key: for those who build and check services, not for clerks.
    const raw = hasRole(viewerRoles, 'ANALYST', 'AUDITOR', 'ADMIN');
    variables.parentElement?.toggleAttribute('hidden', !raw);
    const entries = Object.entries(d.variables);
    replaceChildren(
      variables,
      !raw
        ? null
        : entries.length === 0
          ? h('p', { class: 'muted', i18n: 'case.noVariables' })
          : h(
              'dl',
              { class: 'meta meta--wide' },
              ...entries.flatMap(([name, value]) => [
                h('dt', {}, h('code', {}, name)),
                h('dd', { testid: `case-var-${name}` }, showValue(value)),
              ]),
            ),
    );

    if (!audit) replaceChildren(trail);
    else {
      // Steps by their names in the reader's language, the id after them; people by name where known.
      const drawn = namesInXml(d.definition.bpmnXml);
      const element = (id: string) => {
        const name = modelName(d.definition.translatedNames, id, drawn.get(id) ?? null);
        return name === id
          ? h('code', {}, id)
          : h('span', {}, h('bdi', {}, name), ' ', h('code', { class: 'muted' }, `(${id})`));
      };
      replaceChildren(
        trail,
        h(
          'section',
          { class: 'panel' },
          h('h3', { i18n: 'case.audit' }),
          h(
            'div',
            { class: 'table-scroll' },
            h(
              'table',
              { class: 'table' },
              h(
                'thead',
                {},
                h(
                  'tr',
                  {},
                  ...(
                    [
                      'case.audit.seq',
                      'case.audit.at',
                      'case.audit.actor',
                      'case.audit.command',
                      'case.audit.element',
                    ] as MessageKey[]
                  ).map((key) => h('th', { attrs: { scope: 'col' }, i18n: key })),
                ),
              ),
              h(
                'tbody',
                {},
                ...audit.map((row) =>
                  h(
                    'tr',
                    {},
                    h('td', {}, row.seq),
                    h('td', {}, formatTime(row.at)),
                    h('td', {}, h('bdi', {}, personName(row.actor))),
                    h('td', {}, row.command),
                    h('td', {}, row.elementId ? element(row.elementId) : '—'),
                  ),
                ),
              ),
            ),
          ),
        ),
      );
    }
  }

  /** How the case ended, for everyone: the kind as a badge, the outcome's name, the office's comment. */
  function renderOutcome(d: CaseDetails): void {
    const kind = outcomeKind(d.status, d.outcome);
    outcome.hidden = kind === 'running';
    if (kind === 'running') return replaceChildren(outcome);
    const comments = officeComment(d.history, d.definition.forms, currentLocale());
    const name = d.outcomeName ?? (d.outcome ? modelName(d.definition.translatedNames, d.outcome, null) : null);
    replaceChildren(
      outcome,
      h('h3', { i18n: 'outcome.title' }),
      h(
        'p',
        { class: 'outcome__line' },
        h('span', {
          class: `badge badge--${OUTCOME_TONES[kind]} badge--large`,
          testid: 'outcome-badge',
          attrs: { 'data-outcome': kind },
          i18n: OUTCOME_LABELS[kind],
        }),
        name && name !== t(OUTCOME_LABELS[kind])
          ? h('bdi', { class: 'outcome__name', testid: 'outcome-name' }, name)
          : null,
      ),
      comments.length
        ? h(
            'div',
            { class: 'outcome__comment', testid: 'outcome-comment' },
            h('h4', { i18n: 'outcome.comment' }),
            ...comments.map((comment) =>
              h(
                'blockquote',
                { attrs: { dir: 'auto' } },
                h('p', { class: 'muted' }, h('bdi', {}, comment.label)),
                h('p', {}, comment.text),
              ),
            ),
          )
        : null,
    );
  }

  async function paint(): Promise<void> {
    if (!details || map.hidden) return;
    viewer ??= new NavigatedViewer({ container: canvas });
    if (shownXml !== details.definition.bpmnXml) {
      const drawn = await viewer.importXML(details.definition.bpmnXml).then(
        () => true,
        () => false,
      );
      shownXml = details.definition.bpmnXml;
      painted = [];
      canvas.hidden = legend.hidden = !drawn;
      noDrawing.hidden = drawn;
      if (drawn) fit();
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
    const inXml = namesInXml(details.definition.bpmnXml);
    const nameOf = (id: string) => modelName(details?.definition.translatedNames, id, inXml.get(id) ?? null);
    // Shapes only (flows have waypoints), in the diagram's reading order: left to right, top to bottom.
    const position = (id: string) => registry.get(id) as { x?: number; y?: number; waypoints?: unknown } | undefined;
    const shapes = (ids: string[]) =>
      ids
        .filter((id) => !position(id)?.waypoints)
        .sort((a, b) => (position(a)?.x ?? 0) - (position(b)?.x ?? 0) || (position(a)?.y ?? 0) - (position(b)?.y ?? 0))
        .map(nameOf);
    const line = (key: MessageKey, ids: string[], testid: string) =>
      h('p', { testid }, h('strong', { i18n: key }), ' ', ids.length ? shapes(ids).join(', ') : '—');
    replaceChildren(
      where,
      line('case.activeNow', details.activeElements, 'case-active'),
      line('case.doneSoFar', details.completedElements, 'case-done'),
      details.incidentElements.length ? line('case.incidents', details.incidentElements, 'case-incidents') : null,
    );
    canvas.setAttribute(
      'aria-description',
      t('case.diagramDescription', {
        active: shapes(details.activeElements).join(', ') || '—',
        done: shapes(details.completedElements).join(', ') || '—',
      }),
    );
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
    stop = subscribe(
      CASE_UPDATED,
      { id },
      {
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
        // No longer live until the stream opens again (the page's notice says why).
        dropped: () => setMessage(live, 'live.connecting'),
      },
    );
  }

  onLocaleChange(() => {
    render();
    void paint();
    // The outcome's name comes from the server in the chosen language.
    if (!host.hidden) void load();
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
