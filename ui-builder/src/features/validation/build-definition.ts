/**
 * The live build: the same `buildDeployable` the server runs at deploy, here in the browser, so
 * every process the file deploys is checked (a collaboration's pools); the first one is the one
 * simulated. Unreadable XML (the one thing parse throws for) becomes a located issue like any other.
 */
import { buildDeployable, DefinitionParseError, type DefinitionIssue } from '../../../../definitions';
import { appState, type BuildState } from '../../state/app-state';

export async function buildInBrowser(xml: string): Promise<BuildState> {
  try {
    // With the forms, so that their templates are checked too, and the server's host functions when known.
    const { forms, hostFunctions } = appState.get();
    const result = await buildDeployable(xml, { forms, ...(hostFunctions ? { hostFunctions } : {}) });
    if (result.kind === 'invalid') return { status: 'invalid', issues: result.issues };
    return { status: 'compiled', issues: result.issues, compiled: result.compiled[0]!, parsed: result.parsed };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const issue: DefinitionIssue = {
      code: error instanceof DefinitionParseError ? error.code : 'UNEXPECTED',
      severity: 'error',
      elementId: '',
      elementType: 'bpmn:Definitions',
      message,
      ...(error instanceof DefinitionParseError && error.line ? { line: error.line } : {}),
      ...(error instanceof DefinitionParseError && error.column ? { column: error.column } : {}),
    };
    return { status: 'unreadable', message, issues: [issue] };
  }
}
