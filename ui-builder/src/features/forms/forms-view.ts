/**
 * Forms: every user task's form and the start form, designed in the form-js editor and kept in
 * the app state by form key, so deploy sends them with the XML. Beside the editor, the preview
 * window draws the form as applicants and clerks will see it (the same viewer, their language),
 * so its checks can be tried while designing.
 */
import type Modeler from 'bpmn-js/lib/Modeler';
import type Modeling from 'bpmn-js/lib/features/modeling/Modeling';
import type { FormEditor } from '@bpmn-io/form-js-editor';
import type { FormSchema } from '../../../../engine/forms/form-schema';
import { appState, saveDraft } from '../../state/app-state';
import { onLocaleChange, t } from '../i18n';
import { h, replaceChildren, setMessage } from '../shell/dom';
import { service } from '../modeler/create-modeler';
import { emptyFormSchema, formTargets, suggestFormKey, type FormTarget } from './form-targets';
import { renderForm, type FormView } from '../work/form-view';

const PREVIEW_DELAY_MS = 300;

export function mountFormsView(host: HTMLElement, modeler: Modeler): { show(): void } {
  let editor: FormEditor | undefined;
  let editingKey: string | undefined;
  const list = h('ul', { class: 'form-targets', testid: 'form-targets' });
  const heading = h('p', {
    class: 'forms__heading',
    testid: 'form-editing',
    i18n: 'forms.pick',
    attrs: { 'aria-live': 'polite' },
  });
  const editorHost = h('div', {
    class: 'forms__editor',
    testid: 'form-editor',
    attrs: { role: 'region' },
    i18nLabel: 'forms.editorLabel',
  });
  const previewForm = h('div', { class: 'forms__preview-form' });
  const preview = h(
    'section',
    { class: 'forms__preview panel', testid: 'form-preview', i18nLabel: 'forms.preview', attrs: { hidden: true } },
    h('h3', { i18n: 'forms.preview' }),
    h('p', { class: 'muted', i18n: 'forms.previewIntro' }),
    previewForm,
  );
  let previewView: Promise<FormView> | undefined;
  let previewTimer: ReturnType<typeof setTimeout> | undefined;

  replaceChildren(
    host,
    h(
      'div',
      { class: 'forms' },
      h(
        'nav',
        { class: 'forms__list panel', i18nLabel: 'forms.listLabel' },
        h('p', { class: 'muted', i18n: 'forms.intro' }),
        list,
      ),
      h('div', { class: 'forms__main' }, heading, editorHost, preview),
    ),
  );

  editorHost.hidden = true;
  onLocaleChange(() => renderList());
  onLocaleChange(() => showPreview());
  modeler.on('import.done', () => {
    editingKey = undefined;
    editorHost.hidden = true;
    preview.hidden = true;
    setMessage(heading, 'forms.pick');
  });

  function renderList(): void {
    const targets = formTargets(modeler);
    if (targets.length === 0) {
      replaceChildren(list, h('li', { class: 'muted' }, t('forms.empty')));
      return;
    }
    replaceChildren(
      list,
      ...targets.map((target) =>
        h(
          'li',
          { class: 'form-target' },
          h('span', { class: 'form-target__name' }, target.name),
          h(
            'span',
            { class: 'muted form-target__key' },
            target.formKey ?? t('forms.noKey'),
            target.kind === 'startEvent' ? ` · ${t('forms.startForm')}` : '',
          ),
          h('button', {
            class: `button ${target.formKey === editingKey && editingKey ? 'button--primary' : ''}`.trim(),
            testid: `form-open-${target.elementId}`,
            i18n: target.formKey ? 'forms.edit' : 'forms.create',
            attrs: {
              type: 'button',
              'aria-pressed': String(target.formKey !== undefined && target.formKey === editingKey),
            },
            on: { click: () => void open(target) },
          }),
        ),
      ),
    );
  }

  async function open(target: FormTarget): Promise<void> {
    let key = target.formKey;
    if (!key) {
      key = suggestFormKey(
        target,
        new Set([...Object.keys(appState.get().forms), ...formTargets(modeler).flatMap((f) => f.formKey ?? [])]),
      );
      service<Modeling>(modeler, 'modeling').updateProperties(target.element, { 'rebaz:form': key });
    }
    editingKey = key;
    setMessage(heading, 'forms.loading');
    editorHost.hidden = false;
    const formEditor = await ensureEditor();
    await formEditor.importSchema(appState.get().forms[key] ?? emptyFormSchema(key));
    setMessage(heading, 'forms.editing', { key, name: target.name });
    renderList();
    showPreview();
  }

  /** Draws the form being edited in the preview window, as the viewer will. */
  function showPreview(): void {
    const schema = editingKey ? (appState.get().forms[editingKey] ?? emptyFormSchema(editingKey)) : undefined;
    preview.hidden = !editingKey;
    const previous = previewView;
    previewView = undefined;
    void previous?.then((view) => view.destroy());
    replaceChildren(previewForm);
    if (schema) previewView = renderForm(previewForm, schema, {});
  }

  async function ensureEditor(): Promise<FormEditor> {
    if (editor) return editor;
    const { FormEditor } = await import('./load-form-editor');
    const created = new FormEditor({ container: editorHost });
    created.on('changed', () => {
      if (!editingKey) return;
      const schema = created.saveSchema() as FormSchema;
      appState.set({ forms: { ...appState.get().forms, [editingKey]: schema } });
      saveDraft();
      clearTimeout(previewTimer);
      previewTimer = setTimeout(showPreview, PREVIEW_DELAY_MS);
    });
    editor = created;
    return created;
  }

  return {
    show() {
      renderList();
    },
  };
}
