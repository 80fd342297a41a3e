/**
 * Validate as you draw: after every change on the command stack (and every import), save the XML,
 * keep it as the draft and rebuild it, debounced so typing a name does not rebuild per key.
 */
import type Modeler from 'bpmn-js/lib/Modeler';
import { appState, saveDraft } from '../../state/app-state';
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
}
