/**
 * Deploy: send the diagram and the forms it uses to the server, which validates again and stores
 * an immutable new version. Refused locally while the live build has errors.
 */
import type Modeler from 'bpmn-js/lib/Modeler';
import { isError } from '../../../../definitions';
import type { FormSchema } from '../../../../engine/forms/form-schema';
import { ApiError, ApiUnreachableError } from '../../api/graphql-client';
import { deployDefinition } from '../../api/definitions-api';
import { appState, issuesOf } from '../../state/app-state';
import type { MessageKey } from '../i18n';
import { h, replaceChildren, setMessage } from '../shell/dom';
import { formTargets } from '../forms/form-targets';
import { elementLabel } from '../validation/element-label';

export async function deploy(modeler: Modeler, report: HTMLElement): Promise<void> {
  if (issuesOf(appState.get().build).some(isError)) {
    show(report, 'error', 'deploy.blocked');
    return;
  }
  show(report, 'info', 'deploy.working');
  const { xml } = await modeler.saveXML({ format: true });
  try {
    const result = await deployDefinition({ bpmnXml: xml ?? '', forms: formsInUse(modeler) });
    if (result.__typename === 'DeploySuccess') {
      show(report, 'ok', 'deploy.ok', { key: result.definition.key, version: result.definition.version });
      return;
    }
    delete report.dataset.i18n;
    replaceChildren(
      report,
      h('p', { i18n: 'deploy.refused' }),
      h(
        'ul',
        {},
        ...result.issues.map((i) =>
          h('li', {}, h('code', {}, i.elementId ? elementLabel(modeler, i.elementId) : i.code), ` ${i.message}`),
        ),
      ),
    );
    report.dataset.tone = 'error';
  } catch (error) {
    show(report, 'error', ...apiErrorMessage(error));
  }
}

/** The forms the diagram refers to; forms left over from deleted tasks stay behind. */
function formsInUse(modeler: Modeler): Record<string, FormSchema> {
  const { forms } = appState.get();
  const used: Record<string, FormSchema> = {};
  for (const target of formTargets(modeler))
    if (target.formKey && forms[target.formKey]) used[target.formKey] = forms[target.formKey];
  return used;
}

/** The message key and parameters that explain a failed API call. */
export function apiErrorMessage(error: unknown): [MessageKey, Record<string, string>?] {
  if (error instanceof ApiUnreachableError) return ['api.unreachable'];
  if (error instanceof ApiError && error.has('UNAUTHENTICATED')) return ['session.expiredShort'];
  return ['api.error', { message: error instanceof Error ? error.message : String(error) }];
}

function show(
  report: HTMLElement,
  tone: 'info' | 'ok' | 'error',
  key: MessageKey,
  params?: Record<string, string | number>,
): void {
  report.dataset.tone = tone;
  setMessage(report, key, params);
}
