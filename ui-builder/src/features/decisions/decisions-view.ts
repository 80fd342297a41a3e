/**
 * Decisions: DMN models edited with dmn-js (requirements diagram, decision tables, literal
 * expressions), checked live by the same pure validation the server runs, tried in a test panel
 * that evaluates the open model in the browser (one typed field per input data), deployed with
 * `deployDecision`, and deployed versions opened again. Works signed out, except deploy and versions.
 */
import './decisions.css';
import type DmnModeler from 'dmn-js/lib/Modeler';
import type { DmnView } from 'dmn-js/lib/Modeler';
import { isError, type DefinitionIssue } from '../../../../definitions';
import {
  deployDecision,
  getDecisionXml,
  listDecisionVersions,
  type DecisionIssueView,
  type DecisionVersion,
} from '../../api/decisions-api';
import { session } from '../../state/session';
import { apiErrorMessage } from '../deploy/deploy-action';
import { currentLocale, onLocaleChange, t, type MessageKey } from '../i18n';
import { h, replaceChildren, setMessage, uid } from '../shell/dom';
import {
  checkDecisionXml,
  evaluateOpenModel,
  inputFields,
  readField,
  type CheckedModel,
  type InputField,
} from './decision-check';
import { dmnTranslateModule } from './dmn-translations';
import { newDecisionXml } from './new-decision';

const DRAFT_KEY = 'rebaz.builder.dmnDraft';
const CHECK_DELAY_MS = 300;

export interface DecisionsView {
  show(): void;
  /** Opens DMN XML in the editor (the browser tests and "open file" use it). */
  importXml(xml: string): Promise<void>;
}

export function mountDecisionsView(host: HTMLElement): DecisionsView {
  let modeler: DmnModeler | undefined;
  let loading: Promise<DmnModeler> | undefined;
  let checked: CheckedModel = { issues: [] };
  let checkTimer: ReturnType<typeof setTimeout> | undefined;
  /** What was typed in the test panel, by input name: kept while the model changes. */
  const typed = new Map<string, string>();
  /** The XML the deploy report is about. */
  let reportFor: string | undefined;

  const status = h('p', { class: 'dmn__status', testid: 'dmn-status', attrs: { role: 'status' } });
  const report = h('div', { class: 'deploy-report', testid: 'dmn-deploy-report', attrs: { 'aria-live': 'polite' } });
  const fileInput = h('input', {
    id: uid('open-dmn'),
    class: 'visually-hidden',
    testid: 'dmn-open-file',
    attrs: { type: 'file', accept: '.dmn,.xml,application/xml,text/xml' },
    on: { change: () => void openChosenFile() },
  });
  const viewTabs = h('div', {
    class: 'dmn__views',
    testid: 'dmn-views',
    attrs: { role: 'group' },
    i18nLabel: 'dmn.views',
  });
  const editorHost = h('div', {
    class: 'dmn__editor',
    testid: 'dmn-editor',
    attrs: { role: 'region', dir: 'ltr' },
    i18nLabel: 'dmn.editorLabel',
  });
  const issuesHost = h('div', { class: 'dmn__issues', testid: 'dmn-issues' });
  const fieldsHost = h('div', { class: 'dmn__fields', testid: 'dmn-fields' });
  const resultsHost = h('div', { class: 'dmn__results', testid: 'dmn-results', attrs: { 'aria-live': 'polite' } });
  const versionsHost = h('div', { class: 'dmn__versions', testid: 'dmn-versions' });

  const button = (key: MessageKey, testid: string, click: () => void, extra = '') =>
    h('button', { class: `button ${extra}`.trim(), testid, i18n: key, attrs: { type: 'button' }, on: { click } });

  replaceChildren(
    host,
    h(
      'div',
      { class: 'dmn' },
      h(
        'div',
        { class: 'dmn__toolbar toolbar', attrs: { role: 'toolbar' }, i18nLabel: 'dmn.toolbar' },
        button('dmn.new', 'dmn-new', () => void importXml(newDecisionXml())),
        h('label', { class: 'button', attrs: { for: fileInput.id }, i18n: 'dmn.openFile' }),
        fileInput,
        button('dmn.deploy', 'dmn-deploy', () => void deploy(), 'button--primary'),
        status,
      ),
      report,
      viewTabs,
      h(
        'div',
        { class: 'dmn__main' },
        editorHost,
        h(
          'aside',
          { class: 'dmn__side' },
          h(
            'section',
            { class: 'panel', testid: 'dmn-issues-panel', i18nLabel: 'dmn.issues' },
            h('h3', { i18n: 'dmn.issues' }),
            issuesHost,
          ),
          h(
            'section',
            { class: 'panel', testid: 'dmn-test', i18nLabel: 'dmn.test' },
            h('h3', { i18n: 'dmn.test' }),
            h('p', { class: 'muted', i18n: 'dmn.testIntro' }),
            fieldsHost,
            button('dmn.evaluate', 'dmn-evaluate', () => evaluate(), 'button--primary'),
            resultsHost,
          ),
          h(
            'section',
            { class: 'panel', testid: 'dmn-versions-panel', i18nLabel: 'dmn.versions' },
            h('h3', { i18n: 'dmn.versions' }),
            versionsHost,
          ),
        ),
      ),
    ),
  );

  onLocaleChange(() => {
    renderViewTabs();
    renderIssues();
    renderFields();
    resultsHost.replaceChildren();
    void renderVersions();
    void redrawInLocale();
  });
  session.subscribe(({ state }) => {
    if (state.status !== 'checking') void renderVersions();
  });

  async function ensureModeler(): Promise<DmnModeler> {
    if (modeler) return modeler;
    loading ??= (async () => {
      setMessage(status, 'dmn.loading');
      const { DmnModeler } = await import('./load-dmn-modeler');
      // Given to each view by its id: dmn-js 17 drops `common.additionalModules` when it creates a view.
      const translated = { additionalModules: [dmnTranslateModule(currentLocale)] };
      const created = new DmnModeler({
        container: editorHost,
        drd: translated,
        decisionTable: translated,
        literalExpression: translated,
        boxedExpression: translated,
      });
      created.on('views.changed', () => {
        renderViewTabs();
        watchActiveViewer(created);
      });
      modeler = created;
      setMessage(status, '');
      return created;
    })();
    return loading;
  }

  /** Every edit in the view on show (diagram, table, expression) checks the model again. */
  function watchActiveViewer(dmn: DmnModeler): void {
    const viewer = dmn.getActiveViewer();
    if (!viewer || (viewer as { __rebazWatched?: boolean }).__rebazWatched) return;
    (viewer as { __rebazWatched?: boolean }).__rebazWatched = true;
    viewer.on('elements.changed', scheduleCheck);
  }

  /** dmn-js's labels are read as its views draw: the model is drawn again, on the view that was open. */
  async function redrawInLocale(): Promise<void> {
    const dmn = modeler;
    const open = dmn?.getActiveView();
    if (!dmn || !open) return;
    const { xml } = await dmn.saveXML();
    if (!xml) return;
    await dmn.importXML(xml);
    const again = dmn.getViews().find((view) => view.id === open.id && view.type === open.type);
    if (again) await dmn.open(again);
    watchActiveViewer(dmn);
  }

  async function importXml(xml: string): Promise<void> {
    const dmn = await ensureModeler();
    try {
      await dmn.importXML(xml);
    } catch (error) {
      setMessage(status, 'dmn.importFailed', { message: error instanceof Error ? error.message : String(error) });
      checked = await checkDecisionXml(xml);
      renderIssues();
      return;
    }
    setMessage(status, '');
    watchActiveViewer(dmn);
    await check();
  }

  async function openChosenFile(): Promise<void> {
    const file = fileInput.files?.[0];
    fileInput.value = '';
    if (file) await importXml(await file.text());
  }

  function scheduleCheck(): void {
    clearTimeout(checkTimer);
    checkTimer = setTimeout(() => void check(), CHECK_DELAY_MS);
  }

  async function currentXml(): Promise<string> {
    const dmn = await ensureModeler();
    return (await dmn.saveXML({ format: true })).xml;
  }

  async function check(): Promise<void> {
    const xml = await currentXml();
    try {
      localStorage.setItem(DRAFT_KEY, xml);
    } catch {
      // A full or disabled storage only loses the draft.
    }
    checked = await checkDecisionXml(xml);
    // A deploy report is about the model as it was; a changed model has none yet.
    if (reportFor !== xml) clearReport();
    renderIssues();
    renderFields();
  }

  function clearReport(): void {
    delete report.dataset.i18n;
    delete report.dataset.tone;
    reportFor = undefined;
    report.replaceChildren();
  }

  function renderViewTabs(): void {
    if (!modeler) return;
    const active = modeler.getActiveView();
    replaceChildren(
      viewTabs,
      ...modeler.getViews().map((view) =>
        h(
          'button',
          {
            class: `button ${view === active ? 'button--primary' : ''}`.trim(),
            testid: `dmn-view-${view.element.id}`,
            attrs: { type: 'button', 'aria-pressed': String(view === active) },
            on: { click: () => void modeler?.open(view) },
          },
          view.type === 'drd' ? t('dmn.view.drd') : (view.element.name ?? view.element.id),
        ),
      ),
    );
  }

  function renderIssues(): void {
    const { issues } = checked;
    const errors = issues.filter(isError).length;
    replaceChildren(
      issuesHost,
      h(
        'p',
        {
          class: `issue-summary issue-summary--${errors ? 'error' : 'ok'}`,
          testid: 'dmn-issue-summary',
          attrs: { role: 'status' },
        },
        issues.length === 0 ? t('dmn.noIssues') : t('validation.summary', { errors, warnings: issues.length - errors }),
      ),
      issues.length ? h('ul', { class: 'issue-list' }, ...issues.map(issueItem)) : null,
    );
  }

  function issueItem(issue: DefinitionIssue | DecisionIssueView): HTMLLIElement {
    const where = [issue.elementId ?? '', issue.line ? t('validation.line', { line: issue.line }) : '']
      .filter(Boolean)
      .join(' · ');
    const severity = 'severity' in issue ? issue.severity : 'error';
    return h(
      'li',
      {},
      h(
        'button',
        {
          class: `issue issue--${severity}`,
          testid: 'dmn-issue',
          attrs: { type: 'button', 'data-code': issue.code, 'data-element-id': issue.elementId ?? '' },
          on: { click: () => void showElement(issue.elementId ?? '') },
        },
        h('span', { class: 'issue__severity' }, severity === 'error' ? t('validation.error') : t('validation.warning')),
        h('span', { class: 'issue__message' }, issue.message),
        h('span', { class: 'issue__where' }, `${issue.code}${where ? ` · ${where}` : ''}`),
      ),
    );
  }

  /** Opens the view that shows an element: its own, or that of the decision holding it (a rule, a cell). */
  async function showElement(elementId: string): Promise<void> {
    if (!elementId || !modeler) return;
    const views = modeler.getViews();
    let view: DmnView | undefined = views.find((v) => v.element.id === elementId && v.type !== 'drd');
    if (!view) {
      const doc = new DOMParser().parseFromString(await currentXml(), 'application/xml');
      const holder = doc.querySelector(`[id="${CSS.escape(elementId)}"]`)?.closest('decision, businessKnowledgeModel');
      view = views.find((v) => v.element.id === holder?.getAttribute('id'));
    }
    if (view) await modeler.open(view);
  }

  function fieldLabel(field: InputField): string {
    return t('dmn.field', { name: field.name, type: field.typeRef ?? t('dmn.anyType') });
  }

  function renderFields(): void {
    const fields = checked.model ? inputFields(checked.model) : [];
    if (fields.length === 0) {
      replaceChildren(fieldsHost, h('p', { class: 'muted', i18n: checked.model ? 'dmn.noInputs' : 'dmn.noModel' }));
      return;
    }
    replaceChildren(fieldsHost, ...fields.map(fieldControl));
  }

  function fieldControl(field: InputField): HTMLElement {
    const id = uid('dmn-input');
    const value = typed.get(field.name) ?? '';
    const remember = (event: Event) =>
      typed.set(field.name, (event.target as HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement).value);
    const common = { id, testid: `dmn-input-${field.name}`, on: { input: remember, change: remember } };
    let control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;
    if (field.kind === 'boolean') {
      control = h(
        'select',
        common,
        h('option', { attrs: { value: '' } }, t('dmn.unset')),
        h('option', { attrs: { value: 'true' } }, 'true'),
        h('option', { attrs: { value: 'false' } }, 'false'),
      );
    } else if (field.kind === 'json') {
      control = h('textarea', { ...common, class: 'json', attrs: { rows: 2, dir: 'ltr', spellcheck: 'false' } });
    } else {
      const type = { number: 'number', date: 'date', time: 'time' }[field.kind as string] ?? 'text';
      control = h('input', {
        ...common,
        attrs: {
          type,
          dir: 'ltr',
          ...(type === 'number' ? { step: 'any' } : {}),
          ...(field.kind === 'dateTime' ? { placeholder: '2030-01-01T08:00:00' } : {}),
          ...(field.kind === 'duration' ? { placeholder: 'P1Y2M / P2DT3H' } : {}),
        },
      });
    }
    control.value = value;
    return h(
      'div',
      { class: 'field' },
      h('label', { attrs: { for: id } }, fieldLabel(field)),
      control,
      h('span', { class: 'field__error', testid: `dmn-input-error-${field.name}`, attrs: { role: 'alert' } }),
    );
  }

  function evaluate(): void {
    const { model } = checked;
    if (!model || checked.issues.some(isError)) {
      replaceChildren(
        resultsHost,
        h('p', { class: 'error', testid: 'dmn-evaluate-blocked', i18n: 'dmn.cannotEvaluate' }),
      );
      return;
    }
    const inputs: Record<string, unknown> = {};
    let invalid = false;
    for (const field of inputFields(model)) {
      const read = readField(field.kind, typed.get(field.name) ?? '');
      const error = fieldsHost.querySelector<HTMLElement>(`[data-testid="dmn-input-error-${CSS.escape(field.name)}"]`);
      if (error) error.textContent = read.ok ? '' : t('dmn.fieldInvalid', { reason: read.reason });
      if (read.ok) inputs[field.name] = read.value;
      else invalid = true;
    }
    if (invalid) {
      replaceChildren(resultsHost);
      return;
    }
    const run = evaluateOpenModel(model, inputs);
    replaceChildren(
      resultsHost,
      h(
        'ul',
        { class: 'dmn__result-list' },
        ...Object.entries(run.results).map(([name, value]) => {
          const error = run.errors[name];
          const matched = run.matched[name];
          return h(
            'li',
            {
              class: `dmn__result ${error ? 'dmn__result--error' : ''}`.trim(),
              testid: 'dmn-result',
              attrs: { 'data-decision': name },
            },
            h('strong', {}, name),
            h('code', { class: 'dmn__value', attrs: { dir: 'ltr' } }, JSON.stringify(value)),
            error ? h('p', { class: 'error', testid: 'dmn-result-error' }, error) : null,
            matched
              ? h(
                  'p',
                  { class: 'muted', testid: 'dmn-matched' },
                  matched.length ? t('dmn.matched', { rules: matched.join(', ') }) : t('dmn.noMatch'),
                )
              : null,
          );
        }),
      ),
    );
  }

  async function deploy(): Promise<void> {
    if (checked.issues.some(isError) || !checked.model) {
      report.dataset.tone = 'error';
      reportFor = await currentXml();
      setMessage(report, 'dmn.deploy.blocked');
      return;
    }
    report.dataset.tone = 'info';
    setMessage(report, 'dmn.deploy.working');
    const xml = await currentXml();
    reportFor = xml;
    try {
      const result = await deployDecision(xml);
      delete report.dataset.i18n;
      if (result.__typename === 'DecisionDeploySuccess') {
        const { key, version } = result.decisionDefinition;
        report.dataset.tone = 'ok';
        replaceChildren(
          report,
          h('p', {
            testid: 'dmn-deployed',
            i18n: result.created ? 'dmn.deploy.ok' : 'dmn.deploy.same',
            params: { key, version },
          }),
          result.warnings.length ? h('ul', { class: 'issue-list' }, ...result.warnings.map(issueItem)) : null,
        );
        await renderVersions(key);
        return;
      }
      report.dataset.tone = 'error';
      replaceChildren(
        report,
        h('p', { i18n: 'dmn.deploy.refused' }),
        h('ul', { class: 'issue-list' }, ...result.issues.map(issueItem)),
      );
    } catch (error) {
      report.dataset.tone = 'error';
      setMessage(report, ...apiErrorMessage(error));
    }
  }

  let chosenKey: string | undefined;
  async function renderVersions(key = chosenKey): Promise<void> {
    if (session.get().state.status !== 'signed-in') {
      replaceChildren(versionsHost, h('p', { class: 'muted', i18n: 'dmn.versions.signIn' }));
      return;
    }
    let models: DecisionVersion[];
    try {
      models = await listDecisionVersions();
    } catch (error) {
      const [message, params] = apiErrorMessage(error);
      replaceChildren(versionsHost, h('p', { class: 'error', i18n: message, ...(params ? { params } : {}) }));
      return;
    }
    if (models.length === 0) {
      replaceChildren(versionsHost, h('p', { class: 'muted', i18n: 'dmn.versions.none' }));
      return;
    }
    chosenKey = key && models.some((m) => m.key === key) ? key : models[0].key;
    const picker = h(
      'select',
      {
        id: uid('dmn-model'),
        testid: 'dmn-model-picker',
        on: { change: () => void renderVersions(picker.value) },
      },
      ...models.map((m) =>
        h(
          'option',
          { attrs: { value: m.key, selected: m.key === chosenKey } },
          m.name ? `${m.name} (${m.key})` : m.key,
        ),
      ),
    );
    const versions = await listDecisionVersions(chosenKey);
    replaceChildren(
      versionsHost,
      h('div', { class: 'field' }, h('label', { attrs: { for: picker.id }, i18n: 'dmn.versions.model' }), picker),
      h(
        'ul',
        { class: 'dmn__version-list', testid: 'dmn-version-list' },
        ...versions.map((v) =>
          h(
            'li',
            {},
            h(
              'span',
              {},
              t('dmn.versions.item', { version: v.version, who: v.deployedBy, date: v.deployedAt.slice(0, 10) }),
            ),
            h('button', {
              class: 'button',
              testid: `dmn-open-version-${v.version}`,
              i18n: 'dmn.versions.open',
              params: { version: v.version },
              attrs: { type: 'button' },
              on: { click: () => void openVersion(v) },
            }),
          ),
        ),
      ),
    );
  }

  async function openVersion(version: DecisionVersion): Promise<void> {
    try {
      await importXml(await getDecisionXml(version.key, version.version));
      setMessage(status, 'dmn.versions.opened', { key: version.key, version: version.version });
    } catch (error) {
      setMessage(status, ...apiErrorMessage(error));
    }
  }

  let started = false;
  return {
    show() {
      if (started) return;
      started = true;
      let draft: string | null = null;
      try {
        draft = localStorage.getItem(DRAFT_KEY);
      } catch {
        draft = null;
      }
      void importXml(draft ?? newDecisionXml());
      void renderVersions();
    },
    importXml,
  };
}
