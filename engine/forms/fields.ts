/** The case variables a form writes: what a submission through it may hold. */
import type { FormComponent } from './form-schema';

/** Components that display something but hold no value. */
export const DISPLAY_ONLY: ReadonlySet<string> = new Set(['text', 'html', 'image', 'button', 'spacer', 'separator', 'iframe', 'table', 'documentPreview']);

/**
 * Top-level variable names of a form's value fields: a field's key up to its first dot; a group
 * or dynamic list with a `path` writes that path's variable as a whole.
 */
export function formFieldNames(components: readonly FormComponent[]): string[] {
  return components.flatMap((c) => {
    if (c.path && (c.components || c.type === 'dynamiclist')) return [c.path.split('.')[0]];
    if (c.components) return formFieldNames(c.components);
    return c.key && !DISPLAY_ONLY.has(c.type) ? [c.key.split('.')[0]] : [];
  });
}
