/**
 * What one case's step asks of other cases. They run in the same transaction as the step that
 * caused them, so a crash can never leave, say, a parent waiting for a child that has ended.
 */
import type { CaseEvent, Variables, Wait } from '../runtime/types';

export type CascadeItem =
  /** A call activity opened: start its child case. */
  | { kind: 'startChild'; parentCaseId: string; wait: Wait }
  /** A child case ended: resume (or fail) the parent's call activity. */
  | { kind: 'childEnded'; childCaseId: string }
  /** A call activity was withdrawn (boundary event, cancel): cancel its child. */
  | { kind: 'cancelChild'; parentCaseId: string; waitId: string }
  /** Send one event to one case; a case that can no longer take it is skipped. */
  | { kind: 'deliver'; caseId: string; event: CaseEvent; command: string; elementId?: string }
  | { kind: 'message'; name: string; correlationKey?: string; variables: Variables }
  | {
      kind: 'signal';
      name: string;
      variables: Variables;
      /** The throwing case caught it already, in its own step. */ except?: string;
    }
  /** A case subscribed to a message: take one that was buffered before it did. */
  | { kind: 'takeBuffered'; caseId: string; waitId: string; messageName: string; correlationKey?: string };
