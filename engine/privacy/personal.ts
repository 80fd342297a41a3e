/**
 * Which variables of a service are personal: those named by `rebaz:personal` on the process (or
 * on an element), and the fields of its forms marked `"properties": {"personal": "true"}` (a
 * field's key up to its first dot: the whole top-level variable is personal). Computed once per
 * deployed version, which never changes.
 */
import type { LoadedDefinition } from '../commands/definition-cache';
import type { FormComponent } from '../forms';

const cache = new WeakMap<LoadedDefinition, ReadonlySet<string>>();

export function personalNames(definition: LoadedDefinition): ReadonlySet<string> {
  let names = cache.get(definition);
  if (!names) {
    const found = new Set<string>(definition.compiled.catalogue.personal ?? []);
    for (const form of Object.values(definition.forms ?? {}))
      for (const name of personalFormFields(form?.components ?? [])) found.add(name);
    names = found;
    cache.set(definition, names);
  }
  return names;
}

/**
 * Top-level variable names of form fields marked personal. A field inside a group or dynamic list
 * with a `path` makes that path's variable personal (a list of founders is personal as a whole).
 */
export function personalFormFields(components: readonly FormComponent[], under?: string): string[] {
  return components.flatMap((c) => {
    const marked = String((c as { properties?: Record<string, unknown> }).properties?.personal ?? '') === 'true';
    const key = under ?? (c.key ?? c.path)?.split('.')[0];
    const own = marked && key ? [key] : [];
    const nested = c.components ? personalFormFields(c.components, under ?? c.path?.split('.')[0]) : [];
    return [...own, ...nested];
  });
}

/** What a reader who may not see a personal value gets in its place in an audit event. */
export const WITHHELD = '[personal]';

/**
 * The values without the personal ones, and the names left out (only those the values hold).
 * Left out rather than blanked: a null would read as a value the applicant gave.
 */
export function withholdPersonal<T extends Record<string, unknown>>(
  values: T,
  personal: ReadonlySet<string>,
): { visible: T; withheld: string[] } {
  const withheld = Object.keys(values).filter((name) => personal.has(name));
  if (withheld.length === 0) return { visible: values, withheld };
  return {
    visible: Object.fromEntries(Object.entries(values).filter(([name]) => !personal.has(name))) as T,
    withheld: withheld.sort(),
  };
}
