/**
 * Forms in the reader's language, and their fields as labelled facts.
 *
 * A form translates itself in each component's `properties` (form-js keeps them as they are):
 * `"label:ckb"`, `"description:ckb"`, `"text:ckb"` (text components' markdown) and
 * `"option:<value>:ckb"` (a choice's label), one entry per locale (`ar`, `ckb`). English, the
 * form's own text, is the fallback. docs/people.md describes the convention.
 */
import type { FormComponent, FormSchema } from '../../../../engine/forms/form-schema';

/** The form-js component fields this module reads besides the engine's. */
export interface Component extends FormComponent {
  id?: string;
  text?: string;
  description?: string;
  dateLabel?: string;
  timeLabel?: string;
  properties?: Record<string, string>;
  components?: Component[];
}

/** Components that only show something; they hold no value. */
const DISPLAY_ONLY = new Set([
  'text',
  'html',
  'image',
  'spacer',
  'separator',
  'button',
  'iframe',
  'table',
  'documentPreview',
]);

function translated(component: Component, property: string, locale: string): string | undefined {
  const text = component.properties?.[`${property}:${locale}`];
  return text && text.trim() !== '' ? text : undefined;
}

/** A copy of the schema with every translated label, description, text and option label in `locale`. */
export function localiseForm<T extends FormSchema>(schema: T, locale: string): T {
  const localise = (component: Component): Component => {
    const copy: Component = { ...component };
    const label = translated(component, 'label', locale);
    if (label) {
      copy.label = label;
      if (copy.dateLabel !== undefined) copy.dateLabel = label;
    }
    const description = translated(component, 'description', locale);
    if (description) copy.description = description;
    const text = translated(component, 'text', locale);
    if (text) copy.text = text;
    if (component.values)
      copy.values = component.values.map((option) => ({
        ...option,
        label: translated(component, `option:${String(option.value)}`, locale) ?? option.label,
      }));
    if (component.components) copy.components = component.components.map(localise);
    return copy;
  };
  return { ...schema, components: (schema.components as Component[]).map(localise) };
}

export interface FieldFact {
  key: string;
  type: string;
  label: string;
  description?: string;
  /** Choice fields: the label of each value. */
  options: Map<string, string>;
  /** Marked `properties.internal: "true"`: staff only, never shown to the applicant as a comment. */
  internal: boolean;
}

/** The fields that hold values, in form order, labelled in `locale` (labels fall back to the key only when the form gives none). */
export function formFields(schema: FormSchema | undefined, locale: string): FieldFact[] {
  if (!schema) return [];
  const facts: FieldFact[] = [];
  const visit = (components: Component[]) => {
    for (const component of components) {
      if (component.components) visit(component.components);
      if (!component.key || DISPLAY_ONLY.has(component.type)) continue;
      const local = localiseForm({ components: [component] }, locale).components[0] as Component;
      facts.push({
        key: component.key,
        type: component.type,
        label: local.label ?? local.dateLabel ?? component.key,
        ...(local.description ? { description: local.description } : {}),
        options: new Map(
          (local.values ?? []).map((option) => [String(option.value), option.label ?? String(option.value)]),
        ),
        internal: component.properties?.internal === 'true',
      });
    }
  };
  visit(schema.components as Component[]);
  return facts;
}
