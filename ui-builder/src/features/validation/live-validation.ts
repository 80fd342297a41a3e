/**
 * Validate as you draw: after every change on the command stack (and every import), save the XML,
 * keep it as the draft and rebuild it, debounced so typing a name does not rebuild per key.
 */
import type Modeler from 'bpmn-js/lib/Modeler';
import { fetchHostFunctions } from '../../api/definitions-api';
import { appState, saveDraft } from '../../state/app-state';
import { hasRole, session } from '../../state/session';
import { buildInBrowser } from './build-definition';

const DEBOUNCE_MS = 300;

export function startLiveValidation(modeler: Modeler): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let generation = 0;
  const run = async () => {
    const mine = ++generation;
    const { xml } = await modeler.saveXML({ format: true });
    if (!xml || mine !== generation) return;
    appState.set({ xml, build: { status: 'checking' } });
    saveDraft();
    const build = await buildInBrowser(xml);
    // A later change started its own build: this result is already stale.
    if (mine === generation) appState.set({ build });
  };
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void run(), DEBOUNCE_MS);
  };
  modeler.on('commandStack.changed', schedule);
  modeler.on('import.done', schedule);
  watchHostFunctions(schedule);
}

/**
 * An analyst signed in to a server learns its host functions, and the build is run again with
 * them: a call the server lacks is then an error here, as at deploy, not only a warning.
 */
function watchHostFunctions(rebuild: () => void): void {
  const learn = async () => {
    const { state } = session.get();
    const analyst = state.status === 'signed-in' && hasRole(state.viewer, 'ANALYST');
    let names: string[] | undefined;
    try {
      names = analyst ? await fetchHostFunctions() : undefined;
    } catch {
      names = undefined; // offline or refused: validate as the command line does
    }
    if (JSON.stringify(names) === JSON.stringify(appState.get().hostFunctions)) return;
    appState.set({ hostFunctions: names });
    rebuild();
  };
  session.subscribe((now, before) => {
    if (now.state.status !== before.state.status) void learn();
  });
  void learn();
}
