/**
 * People by name instead of by user id. The engine keeps ids only (names come with each sign-in's
 * token); the app knows the signed-in person's own name and, on a dev-mode server, the demo
 * identities' names. Anyone else shows as their id.
 */
import { fetchDemoIdentities } from '../../api/work-api';
import { currentViewer } from '../../state/session';

let known = new Map<string, string>();
let loading: Promise<void> | undefined;

/** Loads the names the server offers (once); later calls wait for the same answer. */
export function loadPeople(): Promise<void> {
  loading ??= fetchDemoIdentities()
    .then((identities) => {
      known = new Map(identities.map((identity) => [identity.id, identity.name]));
    })
    .catch(() => undefined);
  return loading;
}

/** The person's name when known, else their id. */
export function personName(id: string): string {
  const viewer = currentViewer();
  if (viewer && viewer.id === id && viewer.name) return viewer.name;
  return known.get(id) ?? id;
}

/** The person's name, or undefined when only their id is known. */
export function knownName(id: string): string | undefined {
  const name = personName(id);
  return name === id ? undefined : name;
}
