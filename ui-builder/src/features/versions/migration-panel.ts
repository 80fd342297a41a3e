/**
 * Moving the open cases of one version to another: where they wait, the proposed mappings (by id,
 * editable), a dry run with the blocked cases and why, then a background run with a progress bar
 * that can be cancelled. Below it, "move token": an administrator repairs one case (typically one
 * with an incident) by withdrawing the token at one element and starting one at another.
 */
import { getDefinitionXml } from '../../api/definitions-api';
import { parseDefinition } from '../../../../definitions';
import { apiErrorMessage } from '../deploy/deploy-action';
import { t } from '../i18n';
import { h, replaceChildren, setMessage } from '../shell/dom';
import {
  cancelCaseMigration,
  caseMigration,
  dryRunMigration,
  moveToken,
  startCaseMigration,
  versionCases,
  type MigrationBlock,
  type MigrationRun,
  type VersionCases,
} from './migration-api';
import { mappingsToSend, proposeMappings } from './proposed-mappings';

/** How often a running migration's progress is read. */
const POLL_MS = 1000;

/** "Review (3), Pay (1)" */
export function waitingSummary(v: VersionCases): string {
  return v.waiting.map((w) => `${w.elementId} (${w.cases})`).join(', ');
}

/** `casesMoved` is told when a migration run has ended or a token was moved (the counts changed). */
export function mountMigrationPanel(
  host: HTMLElement,
  casesMoved: () => void = () => {},
): { show(key: string, from: number, to: number): Promise<void> } {
  const panel = h('section', {
    class: 'migration panel',
    testid: 'migration',
    attrs: { hidden: true, 'aria-live': 'polite' },
  });
  const repair = repairForm(casesMoved);
  host.append(panel, repair);
  let polling: ReturnType<typeof setTimeout> | undefined;

  async function show(key: string, from: number, to: number): Promise<void> {
    clearTimeout(polling);
    panel.hidden = false;
    const status = h('p', { class: 'migration__status', testid: 'migration-status', attrs: { role: 'status' } });
    replaceChildren(panel, h('h3', {}, t('migration.title', { key, from, to })), status);
    setMessage(status, 'services.loading');
    let versions: VersionCases[];
    let targetIds: Set<string>;
    try {
      const [counts, xml] = await Promise.all([versionCases(key), getDefinitionXml(key, to)]);
      versions = counts;
      targetIds = new Set(Object.keys((await parseDefinition(xml)).elementsById));
    } catch (error) {
      setMessage(status, ...apiErrorMessage(error));
      return;
    }
    setMessage(status, '');
    const source = versions.find((v) => v.version === from);
    const mappingRows = proposeMappings(source?.waiting ?? [], targetIds).map((proposal) => ({
      proposal,
      input: h('input', {
        testid: `mapping-${proposal.from}`,
        i18nLabel: 'migration.mapTo',
        params: { element: proposal.from },
        attrs: { type: 'text', value: proposal.to ?? '', list: 'migration-targets' },
      }),
    }));
    const chosen = () =>
      mappingsToSend(mappingRows.map(({ proposal, input }) => ({ from: proposal.from, to: input.value })));
    const result = h('div', { class: 'migration__result', testid: 'migration-result' });
    const progress = h('div', { class: 'migration__progress', testid: 'migration-progress' });

    const dryRun = async () => {
      if (!source?.openCaseIds.length) return setMessage(status, 'migration.noCases', { version: from });
      try {
        const answer = await dryRunMigration(source.openCaseIds, to, chosen());
        renderOutcome(result, answer.migrated.length, answer.blocked, source.openCases);
      } catch (error) {
        setMessage(status, ...apiErrorMessage(error));
      }
    };
    const start = async () => {
      try {
        follow(await startCaseMigration(key, from, to, chosen()));
      } catch (error) {
        setMessage(status, ...apiErrorMessage(error));
      }
    };
    const follow = (run: MigrationRun) => {
      renderProgress(progress, run, () => void cancel(run.id));
      renderOutcome(result, run.done, run.blocks, run.total, run.blocked);
      if (run.status !== 'RUNNING') return casesMoved();
      polling = setTimeout(
        () =>
          void caseMigration(run.id).then(follow, (error: unknown) => setMessage(status, ...apiErrorMessage(error))),
        POLL_MS,
      );
    };
    const cancel = async (id: string) => {
      clearTimeout(polling);
      try {
        follow(await cancelCaseMigration(id));
      } catch (error) {
        setMessage(status, ...apiErrorMessage(error));
      }
    };

    panel.append(
      countsTable(versions),
      h(
        'datalist',
        { id: 'migration-targets' },
        ...[...targetIds].sort().map((id) => h('option', { attrs: { value: id } })),
      ),
      mappingRows.length
        ? h(
            'table',
            { testid: 'migration-mappings' },
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                h('th', { i18n: 'migration.from', attrs: { scope: 'col' } }),
                h('th', { i18n: 'migration.cases', attrs: { scope: 'col' } }),
                h('th', { i18n: 'migration.to', attrs: { scope: 'col' } }),
              ),
            ),
            h(
              'tbody',
              {},
              ...mappingRows.map(({ proposal, input }) =>
                h(
                  'tr',
                  {},
                  h('th', { attrs: { scope: 'row' } }, h('code', {}, proposal.from)),
                  h('td', {}, proposal.cases),
                  h('td', {}, input),
                ),
              ),
            ),
          )
        : h('p', { class: 'muted', i18n: 'migration.noCases', params: { version: from } }),
      h(
        'div',
        { class: 'row' },
        h('button', {
          class: 'button',
          i18n: 'migration.dryRun',
          testid: 'migration-dry-run',
          attrs: { type: 'button' },
          on: { click: () => void dryRun() },
        }),
        h('button', {
          class: 'button button--primary',
          i18n: 'migration.start',
          testid: 'migration-start',
          attrs: { type: 'button' },
          on: { click: () => void start() },
        }),
      ),
      progress,
      result,
    );
  }

  return { show };
}

function countsTable(versions: VersionCases[]): HTMLTableElement {
  return h(
    'table',
    { testid: 'version-cases' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { i18n: 'services.version', attrs: { scope: 'col' } }),
        h('th', { i18n: 'migration.openCases', attrs: { scope: 'col' } }),
        h('th', { i18n: 'migration.waiting', attrs: { scope: 'col' } }),
      ),
    ),
    h(
      'tbody',
      {},
      ...versions.map((v) =>
        h(
          'tr',
          { testid: `version-cases-${v.version}` },
          h('th', { attrs: { scope: 'row' } }, v.version),
          h('td', {}, v.openCases),
          h('td', {}, waitingSummary(v)),
        ),
      ),
    ),
  );
}

function renderOutcome(
  host: HTMLElement,
  migrated: number,
  blocks: MigrationBlock[],
  total: number,
  blocked = blocks.length,
): void {
  replaceChildren(
    host,
    h('p', { testid: 'migration-summary', i18n: 'migration.summary', params: { migrated, blocked, total } }),
    blocks.length
      ? h(
          'ul',
          { class: 'migration__blocked', testid: 'migration-blocked' },
          ...blocks.map((b) =>
            h(
              'li',
              {},
              h('code', {}, b.caseId.slice(0, 8)),
              ' ',
              b.elementId ? h('code', {}, b.elementId) : '',
              ' ',
              b.reason,
            ),
          ),
        )
      : null,
  );
}

function renderProgress(host: HTMLElement, run: MigrationRun, cancel: () => void): void {
  const taken = run.done + run.blocked;
  replaceChildren(
    host,
    h('progress', {
      testid: 'migration-bar',
      i18nLabel: 'migration.progressLabel',
      attrs: { max: Math.max(run.total, taken + run.remaining, 1), value: taken },
    }),
    h('span', {
      testid: 'migration-counts',
      i18n: 'migration.progress',
      params: { status: run.status, done: run.done, blocked: run.blocked, remaining: run.remaining },
    }),
    run.status === 'RUNNING'
      ? h('button', {
          class: 'button',
          i18n: 'migration.cancel',
          testid: 'migration-cancel',
          attrs: { type: 'button' },
          on: { click: cancel },
        })
      : null,
  );
}

/** Move token: withdraw the token at one element of a case and start one at another (administrators). */
function repairForm(moved: () => void): HTMLElement {
  const field = (
    name: string,
    key: 'migration.caseId' | 'migration.cancelAt' | 'migration.startAt' | 'migration.reason',
  ) => h('input', { testid: `repair-${name}`, i18nLabel: key, i18nPlaceholder: key, attrs: { type: 'text', name } });
  const caseId = field('case', 'migration.caseId');
  const cancelAt = field('cancel', 'migration.cancelAt');
  const startAt = field('start', 'migration.startAt');
  const reason = field('reason', 'migration.reason');
  const report = h('p', { testid: 'repair-report', attrs: { role: 'status' } });
  const submit = async (event: Event) => {
    event.preventDefault();
    const list = (input: HTMLInputElement) => (input.value.trim() ? [input.value.trim()] : []);
    try {
      const answer = await moveToken({
        caseId: caseId.value.trim(),
        cancel: list(cancelAt),
        start: list(startAt),
        reason: reason.value,
      });
      setMessage(report, 'migration.moved', {
        status: answer.status,
        elements: answer.activeElements.join(', ') || '—',
      });
      moved();
    } catch (error) {
      setMessage(report, ...apiErrorMessage(error));
    }
  };
  return h(
    'section',
    { class: 'repair panel', testid: 'repair' },
    h('h3', { i18n: 'migration.repairTitle' }),
    h('p', { class: 'muted', i18n: 'migration.repairIntro' }),
    h(
      'form',
      { class: 'row', on: { submit: (event) => void submit(event) } },
      caseId,
      cancelAt,
      startAt,
      reason,
      h('button', { class: 'button', i18n: 'migration.move', testid: 'repair-move', attrs: { type: 'submit' } }),
    ),
    report,
  );
}
