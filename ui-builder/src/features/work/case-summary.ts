/**
 * What a case holds, as people read it: the application's fields by their form labels (personal
 * values the reader may not see show as withheld: the engine leaves them out), the documents,
 * the earlier decisions with their comments, and the history as sentences with names and times.
 * Built from what the reader may read (the case, its history), never from the audit trail.
 */
import type { CaseDetails, CaseStep } from '../../api/work-api';
import { currentLocale, isolate, t } from '../i18n';
import { formatDate } from '../i18n/format';
import { h } from '../shell/dom';
import { formFields, type FieldFact } from './form-i18n';
import { modelName } from './names';
import { personName } from './people';

const DOCUMENT_TYPES = new Set(['filepicker', 'documentPreview']);

/** The start form of the case's service, if it has one. */
export function startFormOf(details: CaseDetails) {
  const key = details.definition.startEvents.find((start) => start.kind === 'none')?.formKey;
  return key ? details.definition.forms[key] : undefined;
}

/** A value as the form offered it: a choice's label, yes or no, a date in the locale's format. */
export function showFact(field: FieldFact, value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  // Each item isolated in its own direction: one ending in a right-to-left override reverses no other.
  if (Array.isArray(value)) return value.map((item) => `\u2068${showFact(field, item)}\u2069`).join(', ');
  if (field.options.size > 0 && field.options.has(String(value))) return field.options.get(String(value)) as string;
  if (typeof value === 'boolean') return t(value ? 'summary.yes' : 'summary.no');
  if (field.type === 'datetime' && typeof value === 'string' && !Number.isNaN(Date.parse(value)))
    return formatDate(new Date(value), value.length > 10);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Label / value pairs of the fields `data` holds (or the reader may not see), in form order. */
function factList(
  fields: FieldFact[],
  data: Record<string, unknown>,
  withheld: string[],
  testid: string,
): HTMLElement | null {
  const shown = fields.filter((field) => field.key in data || withheld.includes(field.key));
  if (shown.length === 0) return null;
  return h(
    'dl',
    { class: 'meta meta--wide facts', testid },
    ...shown.flatMap((field) => [
      h('dt', {}, h('bdi', {}, field.label)),
      withheld.includes(field.key)
        ? h(
            'dd',
            { testid: `fact-${field.key}` },
            h('span', { class: 'badge badge--muted', testid: 'withheld', i18n: 'summary.withheld' }),
          )
        : h('dd', { testid: `fact-${field.key}`, attrs: { dir: 'auto' } }, showFact(field, data[field.key])),
    ]),
  );
}

/** The application as submitted, and its documents, by the start form's labels. */
export function applicationSection(details: CaseDetails): HTMLElement {
  const fields = formFields(startFormOf(details), currentLocale());
  const documents = fields.filter((field) => DOCUMENT_TYPES.has(field.type));
  const facts = factList(
    fields.filter((field) => !DOCUMENT_TYPES.has(field.type)),
    details.variables,
    details.withheldVariables,
    'summary-application',
  );
  return h(
    'section',
    { class: 'summary__part', testid: 'summary-application-part' },
    h('h3', { i18n: 'summary.application' }),
    facts ?? h('p', { class: 'muted', i18n: 'summary.noApplication' }),
    documents.length ? h('h4', { i18n: 'summary.documents' }) : null,
    documents.length ? factList(documents, details.variables, details.withheldVariables, 'summary-documents') : null,
  );
}

function stepName(details: CaseDetails, step: { elementId: string; name: string }): string {
  return modelName(details.definition.translatedNames, step.elementId, step.name);
}

/** Each earlier task with a form: who decided what, with the comments, by that form's labels. */
export function decisionsSection(details: CaseDetails, except?: string): HTMLElement | null {
  const steps = details.history.filter((step) => step.formKey && step.submission && step.taskId !== except);
  if (steps.length === 0) return null;
  return h(
    'section',
    { class: 'summary__part', testid: 'summary-decisions' },
    h('h3', { i18n: 'summary.decisions' }),
    ...steps.map((step) =>
      h(
        'div',
        { class: 'decision', testid: `decision-${step.elementId}` },
        h(
          'h4',
          {},
          h('bdi', {}, stepName(details, step)),
          step.completedAt ? h('span', { class: 'muted' }, ' · ', byWhomWhen(step)) : null,
        ),
        factList(
          formFields(details.definition.forms[step.formKey as string], currentLocale()),
          step.submission ?? {},
          [],
          'decision-facts',
        ),
      ),
    ),
  );
}

function byWhomWhen(step: CaseStep): string {
  const when = step.completedAt ? formatDate(new Date(step.completedAt), true) : '';
  return step.completedBy ? t('summary.byWhen', { who: isolate(personName(step.completedBy)), when }) : when;
}

interface Sentence {
  at: string;
  text: string;
}

/** What happened, oldest first, as sentences with names and times. */
export function historySentences(details: CaseDetails): Sentence[] {
  const when = (iso: string) => formatDate(new Date(iso), true);
  const sentences: Sentence[] = [
    {
      at: details.startedAt,
      text: details.applicant
        ? t('history.submittedBy', { who: isolate(personName(details.applicant)), when: when(details.startedAt) })
        : t('history.submitted', { when: when(details.startedAt) }),
    },
  ];
  for (const step of details.history) {
    if (!step.completedAt) continue;
    const task = stepName(details, step);
    const forApplicant = step.candidateGroups.includes('applicant');
    sentences.push({
      at: step.completedAt,
      text: forApplicant
        ? t('history.applicantAnswered', { task: isolate(task), when: when(step.completedAt) })
        : step.completedBy
          ? t('history.completedBy', {
              who: isolate(personName(step.completedBy)),
              task: isolate(task),
              when: when(step.completedAt),
            })
          : t('history.completed', { task: isolate(task), when: when(step.completedAt) }),
    });
  }
  for (const task of details.tasks.filter((open) => open.status === 'OPEN')) {
    sentences.push({
      at: task.createdAt,
      text: t('history.waiting', { task: isolate(stepName(details, task)), when: when(task.createdAt) }),
    });
  }
  if (details.endedAt) {
    const outcome =
      details.outcomeName ??
      (details.outcome ? modelName(details.definition.translatedNames, details.outcome, details.outcome) : '');
    sentences.push({
      at: details.endedAt,
      text: outcome
        ? t('history.endedWith', { outcome: isolate(outcome), when: when(details.endedAt) })
        : t('history.ended', { when: when(details.endedAt) }),
    });
  }
  return sentences.sort((a, b) => a.at.localeCompare(b.at));
}

export function historySection(details: CaseDetails): HTMLElement {
  return h(
    'section',
    { class: 'summary__part', testid: 'summary-history' },
    h('h3', { i18n: 'summary.history' }),
    h(
      'ol',
      { class: 'history' },
      ...historySentences(details).map((sentence) => h('li', { attrs: { dir: 'auto' } }, sentence.text)),
    ),
  );
}

/** The whole summary a clerk decides from. */
export function caseSummary(details: CaseDetails, currentTaskId?: string): HTMLElement {
  return h(
    'div',
    { class: 'summary', testid: 'case-summary-panel' },
    applicationSection(details),
    decisionsSection(details, currentTaskId),
    historySection(details),
  );
}
