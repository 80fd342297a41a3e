/** The case variables a form writes: what a submission through it may hold. */
import type { FormComponent } from './form-schema';

/** Components that display something but hold no value. */
export const DISPLAY_ONLY: ReadonlySet<string> = new Set([
  'text',
  'html',
  'image',
  'button',
  'spacer',
  'separator',
  'iframe',
  'table',
  'documentPreview',
]);

/**
 * Top-level variable names a form writes: a field's key up to its first dot; a group or dynamic
 * list with a `path` writes that path's variable as a whole. A read-only or disabled field shows a
 * value written elsewhere (a clerk's note on the applicant's correction form) and writes nothing.
 */
export function formFieldNames(components: readonly FormComponent[]): string[] {
  return components.flatMap((c) => {
    if (c.path && (c.components || c.type === 'dynamiclist')) return [c.path.split('.')[0]];
    if (c.components) return formFieldNames(c.components);
    return c.key && !DISPLAY_ONLY.has(c.type) && !isShownOnly(c) ? [c.key.split('.')[0]] : [];
  });
}

/** Top-level names of the read-only and disabled fields: what a submission echoes but may not write. */
export function shownOnlyFieldNames(components: readonly FormComponent[]): Set<string> {
  const written = new Set(formFieldNames(components));
  const shown = (list: readonly FormComponent[]): string[] =>
    list.flatMap((c) => (c.components ? shown(c.components) : c.key && isShownOnly(c) ? [c.key.split('.')[0]] : []));
  return new Set(shown(components).filter((name) => !written.has(name)));
}

/**
 * A submission without the values its form only shows: form-js sends read-only fields back as
 * they were shown, and the form says they are not the submitter's to write.
 */
export function withoutShownOnly(
  components: readonly FormComponent[],
  data: Record<string, unknown>,
): Record<string, unknown> {
  const shown = shownOnlyFieldNames(components);
  if (shown.size === 0) return data;
  return Object.fromEntries(Object.entries(data).filter(([name]) => !shown.has(name)));
}

function isShownOnly(c: FormComponent): boolean {
  return c.readonly === true || c.disabled === true;
}
