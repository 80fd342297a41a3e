/**
 * How an application ended, for its applicant: a badge per kind of outcome (approved, rejected,
 * lapsed, withdrawn), the outcome's own name from the model, and the office's comment.
 *
 * The kind is read from the end event's id, by the words services use for it (`Rejected`,
 * `TradeRejected`, `Refused`; `Lapsed`, `Expired`; `Issued`, `Approved`, `Granted`, `Registered`);
 * an end event named otherwise shows as plainly ended. docs/people.md lists the words.
 */
import type { CaseStatus, CaseStep } from '../../api/work-api';
import type { MessageKey } from '../i18n';
import { formFields } from './form-i18n';
import type { FormSchema } from '../../../../engine/forms/form-schema';

export type OutcomeKind = 'approved' | 'rejected' | 'lapsed' | 'withdrawn' | 'ended' | 'running';

const KINDS: Array<[RegExp, OutcomeKind]> = [
  [/reject|refus|denied|declin|fail/i, 'rejected'],
  [/laps|expir|timeout|timed.?out/i, 'lapsed'],
  [/withdr|cancel|abandon/i, 'withdrawn'],
  [/approv|issued|grant|regist|accept|complet|done|success/i, 'approved'],
];

export function outcomeKind(status: CaseStatus, outcome: string | null): OutcomeKind {
  if (status === 'CANCELLED') return 'withdrawn';
  if (status === 'ACTIVE' || status === 'INCIDENT') return 'running';
  if (!outcome) return 'ended';
  return KINDS.find(([pattern]) => pattern.test(outcome))?.[1] ?? 'ended';
}

export const OUTCOME_LABELS: Record<OutcomeKind, MessageKey> = {
  approved: 'outcome.approved',
  rejected: 'outcome.rejected',
  lapsed: 'outcome.lapsed',
  withdrawn: 'outcome.withdrawn',
  ended: 'outcome.ended',
  running: 'outcome.running',
};

export const OUTCOME_TONES: Record<OutcomeKind, string> = {
  approved: 'ok',
  rejected: 'error',
  lapsed: 'warning',
  withdrawn: 'muted',
  ended: 'muted',
  running: 'info',
};

export interface Comment {
  label: string;
  text: string;
}

/**
 * The office's latest comment: the text areas of the last staff task that filled any (a
 * correction request, the reasons for a rejection), labelled by its form. Fields marked
 * `properties.internal` are the office's own notes and stay out.
 */
export function officeComment(history: CaseStep[], forms: Record<string, FormSchema>, locale: string): Comment[] {
  for (const step of [...history].reverse()) {
    if (step.candidateGroups.includes('applicant') || !step.formKey || !step.submission) continue;
    const submission = step.submission;
    const comments = formFields(forms[step.formKey], locale)
      .filter((field) => field.type === 'textarea' && !field.internal)
      .map((field) => ({ label: field.label, text: submission[field.key] }))
      .filter((c): c is Comment => typeof c.text === 'string' && c.text.trim() !== '');
    if (comments.length > 0) return comments;
  }
  return [];
}
