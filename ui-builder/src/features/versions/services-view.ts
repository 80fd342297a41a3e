/**
 * Services: the deployed definitions and their versions, from the server, with each version's
 * open cases and where they wait (analysts, administrators). Open a version read-only, or pick
 * two and list what changed between them. Who may read them is the signed-in
 * user (tokens are entered on the sign-in page only); signed out, the page says where to sign in.
 */
import { getDefinitionXml, listDefinitions, type DefinitionSummary } from '../../api/definitions-api';
import { currentViewer, hasRole, session } from '../../state/session';
import { apiErrorMessage } from '../deploy/deploy-action';
import { onLocaleChange, t } from '../i18n';
import { h, replaceChildren, setMessage } from '../shell/dom';
import { compareDefinitions, type DefinitionComparison } from './compare-definitions';
import { mountMigrationPanel } from './migration-panel';
import { openCasesByVersion, waitingByName, type OpenCases } from './open-cases';
import { showVersion } from './version-viewer';

const label = (d: DefinitionSummary) => `${d.key} v${d.version}`;

export function mountServicesView(host: HTMLElement): { show(): void } {
  let rows: DefinitionSummary[] = [];
  // Open cases per version, for those who may read them (analysts, administrators).
  let openCases: Map<string, OpenCases> | undefined;
  const selected = new Set<string>();
  const status = h('p', {
    class: 'services__status',
    testid: 'services-status',
    attrs: { role: 'status', 'aria-live': 'polite' },
  });
  const table = h('div', { class: 'services__table', testid: 'services-table' });
  const viewerTitle = h('h3', { testid: 'viewer-title' });
  const viewerCanvas = h('div', { class: 'viewer__canvas', testid: 'version-viewer' });
  const viewer = h(
    'section',
    { class: 'viewer panel', attrs: { hidden: true } },
    h(
      'div',
      { class: 'row row--between' },
      viewerTitle,
      h('button', {
        class: 'button',
        i18n: 'services.close',
        testid: 'viewer-close',
        attrs: { type: 'button' },
        on: {
          click: () => {
            viewer.hidden = true;
          },
        },
      }),
    ),
    viewerCanvas,
  );
  const comparison = h('section', {
    class: 'comparison panel',
    testid: 'comparison',
    attrs: { hidden: true, 'aria-live': 'polite' },
  });
  // Comparing two versions of one service offers to move its open cases from the older to the newer.
  const migrationHost = h('div', { class: 'migration-host' });
  const migration = mountMigrationPanel(migrationHost, () => void load());
  const signInHint = h(
    'p',
    { class: 'notice', testid: 'services-sign-in' },
    h('a', { i18n: 'services.signIn', attrs: { href: '#/signin' } }),
  );
  const showHint = () => {
    signInHint.hidden = session.get().state.status === 'signed-in';
  };
  session.subscribe(showHint);
  showHint();

  replaceChildren(
    host,
    h(
      'div',
      { class: 'services' },
      h(
        'header',
        { class: 'row row--between' },
        h('div', {}, h('h2', { i18n: 'services.title' }), h('p', { class: 'muted', i18n: 'services.intro' })),
        h('button', {
          class: 'button',
          i18n: 'services.refresh',
          testid: 'services-refresh',
          attrs: { type: 'button' },
          on: { click: () => void load() },
        }),
      ),
      signInHint,
      status,
      table,
      h(
        'div',
        { class: 'row' },
        h('button', {
          class: 'button',
          i18n: 'services.compare',
          testid: 'services-compare',
          attrs: { type: 'button' },
          on: { click: () => void compare() },
        }),
      ),
      comparison,
      migrationHost,
      viewer,
    ),
  );

  async function load(): Promise<void> {
    setMessage(status, 'services.loading');
    try {
      rows = await listDefinitions();
      openCases = hasRole(currentViewer(), 'ANALYST') ? await openCasesByVersion(rows.map((d) => d.key)) : undefined;
      setMessage(status, rows.length ? '' : 'services.empty');
    } catch (error) {
      rows = [];
      setMessage(status, ...apiErrorMessage(error));
    }
    renderTable();
  }

  function renderTable(): void {
    if (!rows.length) return replaceChildren(table);
    const headers = (
      [
        'services.compareColumn',
        'services.key',
        'services.version',
        'services.name',
        'services.deployedAt',
        ...(openCases ? (['services.openCases'] as const) : []),
        'services.actions',
      ] as const
    ).map((key, i) =>
      h('th', { attrs: { scope: 'col' } }, h('span', { class: i === 0 ? 'visually-hidden' : '' }, t(key))),
    );
    replaceChildren(table, h('table', {}, h('thead', {}, h('tr', {}, ...headers)), h('tbody', {}, ...rows.map(row))));
  }

  function row(d: DefinitionSummary): HTMLTableRowElement {
    const id = label(d);
    const pick = h('input', {
      testid: `compare-${d.key}-${d.version}`,
      i18nLabel: 'services.select',
      params: { key: d.key, version: d.version },
      attrs: { type: 'checkbox', checked: selected.has(id) },
      on: { change: () => (pick.checked ? selected.add(id) : selected.delete(id)) },
    });
    return h(
      'tr',
      {},
      h('td', {}, pick),
      h('th', { attrs: { scope: 'row' } }, d.key),
      h('td', {}, d.version),
      h('td', {}, d.name ?? ''),
      h('td', {}, h('time', { attrs: { datetime: d.deployedAt } }, new Date(d.deployedAt).toLocaleString())),
      openCases ? openCasesCell(d, openCases.get(`${d.key}@${d.version}`)) : null,
      h(
        'td',
        {},
        h('button', {
          class: 'button',
          i18n: 'services.open',
          i18nLabel: 'services.openLabel',
          params: { key: d.key, version: d.version },
          testid: `open-${d.key}-${d.version}`,
          attrs: { type: 'button' },
          on: { click: () => void open(d) },
        }),
      ),
    );
  }

  async function open(d: DefinitionSummary): Promise<void> {
    try {
      const xml = await getDefinitionXml(d.key, d.version);
      viewer.hidden = false;
      setMessage(viewerTitle, 'services.viewer', { key: d.key, version: d.version });
      await showVersion(viewerCanvas, xml);
      viewerTitle.scrollIntoView({ block: 'nearest' });
    } catch (error) {
      setMessage(status, ...apiErrorMessage(error));
    }
  }

  async function compare(): Promise<void> {
    const picked = rows
      .filter((d) => selected.has(label(d)))
      .sort((a, b) => a.key.localeCompare(b.key) || a.version - b.version);
    if (picked.length !== 2) {
      setMessage(status, 'services.pickTwo');
      return;
    }
    try {
      const [before, after] = await Promise.all(picked.map((d) => getDefinitionXml(d.key, d.version)));
      renderComparison(label(picked[0]), label(picked[1]), await compareDefinitions(before, after));
      if (picked[0].key === picked[1].key) await migration.show(picked[0].key, picked[0].version, picked[1].version);
    } catch (error) {
      setMessage(status, ...apiErrorMessage(error));
    }
  }

  let lastComparison: [string, string, DefinitionComparison] | undefined;
  onLocaleChange(() => {
    renderTable();
    if (lastComparison) renderComparison(...lastComparison);
  });

  function renderComparison(a: string, b: string, diff: DefinitionComparison): void {
    lastComparison = [a, b, diff];
    const list = (key: 'compare.added' | 'compare.removed' | 'compare.changed', ids: string[], kind: string) =>
      h(
        'div',
        { class: `diff diff--${kind}` },
        h('h4', {}, `${t(key)} (${ids.length})`),
        ids.length
          ? h('ul', { testid: `diff-${kind}` }, ...ids.map((id) => h('li', {}, h('code', {}, id))))
          : h('p', { class: 'muted' }, t('compare.none')),
      );
    comparison.hidden = false;
    replaceChildren(
      comparison,
      h('h3', {}, t('compare.title', { a, b })),
      h(
        'div',
        { class: 'diff-grid' },
        list('compare.added', diff.added, 'added'),
        list('compare.removed', diff.removed, 'removed'),
        list('compare.changed', diff.changed, 'changed'),
      ),
    );
  }

  return { show: () => void load() };
}

/** "3" and, under it, where they wait: "Review documents (2)", "Pay (1)". */
function openCasesCell(d: DefinitionSummary, open: OpenCases | undefined): HTMLTableCellElement {
  return h(
    'td',
    { testid: `open-cases-${d.key}-${d.version}` },
    h('strong', {}, open?.openCases ?? 0),
    open?.waiting.length
      ? h(
          'ul',
          { class: 'plain-list muted', i18nLabel: 'services.waitingAt' },
          ...waitingByName(open).map((w) => h('li', {}, h('bdi', {}, w.name), ` (${w.cases})`)),
        )
      : null,
  );
}
