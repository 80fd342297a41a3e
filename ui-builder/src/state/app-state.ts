/**
 * What the builder works on: the diagram as XML, its forms by form key, and the result of the
 * last live build. The draft (XML + forms) survives a reload through localStorage; deploy sends
 * exactly this pair.
 */
import type { CompiledProcess, DefinitionIssue, ParsedDefinition } from '../../../definitions';
import type { FormSchema } from '../../../engine/forms/form-schema';
import { createStore } from './store';

export type BuildState =
  | { status: 'checking' }
  | { status: 'compiled'; issues: DefinitionIssue[]; compiled: CompiledProcess; parsed: ParsedDefinition }
  | { status: 'invalid'; issues: DefinitionIssue[] }
  | { status: 'unreadable'; message: string; issues: DefinitionIssue[] };

export interface AppState {
  xml: string;
  /** form-js schemas by form key (`rebaz:form` on user tasks and start events). */
  forms: Record<string, FormSchema>;
  build: BuildState;
  /**
   * The host functions of the server the analyst is signed in to (undefined when not known: signed
   * out, offline): the live build checks calls against them as deploy will.
   */
  hostFunctions?: string[];
}

const DRAFT_KEY = 'rebaz.builder.draft';

export const appState = createStore<AppState>({ xml: '', forms: {}, build: { status: 'checking' } });

/** The draft saved by the last session in this browser, if any. */
export function loadDraft(): Pick<AppState, 'xml' | 'forms'> | undefined {
  try {
    const raw = localStorage.getItem(DRAFT_KEY);
    if (!raw) return undefined;
    const draft = JSON.parse(raw) as Partial<AppState>;
    return typeof draft.xml === 'string' && draft.xml ? { xml: draft.xml, forms: draft.forms ?? {} } : undefined;
  } catch {
    return undefined;
  }
}

export function saveDraft(): void {
  const { xml, forms } = appState.get();
  try {
    localStorage.setItem(DRAFT_KEY, JSON.stringify({ xml, forms }));
  } catch {
    // A full or disabled storage only loses the draft, never the open diagram.
  }
}

/** The issues to show for any build state. */
export function issuesOf(build: BuildState): DefinitionIssue[] {
  return build.status === 'checking' ? [] : build.issues;
}
