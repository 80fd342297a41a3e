/**
 * Reading execution attributes from the three dialects we accept: our own `rebaz:` attributes,
 * Camunda 7 (`camunda:`) and Camunda 8 (`zeebe:` extension elements). Each reader returns plain
 * strings; build-graph.ts turns them into expressions.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */

export type ModdleElement = any;

/** An attribute of a moddle element, or undefined when absent or blank. */
export function attr(el: ModdleElement, name: string): string | undefined {
  const value = el?.get ? el.get(name) : el?.[name];
  if (value === undefined || value === null) return undefined;
  const text = String(value).trim();
  return text === '' ? undefined : text;
}

/** The locales a name can be translated into on an element: `rebaz:name-<locale>` (declared in rebaz.json). */
export const NAME_LOCALES = ['ckb', 'ar'] as const;

/** An element's translated names (`rebaz:name-ckb="…"`), or undefined when it has none. */
export function translatedNames(el: ModdleElement): Record<string, string> | undefined {
  const entries = NAME_LOCALES.map((locale) => [locale, attr(el, `rebaz:name-${locale}`)] as const).filter(([, name]) => name !== undefined);
  return entries.length > 0 ? Object.fromEntries(entries) as Record<string, string> : undefined;
}

/** Extension elements of one moddle type, e.g. `zeebe:TaskDefinition`. */
export function extensions(el: ModdleElement, type: string): ModdleElement[] {
  const values: ModdleElement[] = el?.extensionElements?.values ?? [];
  return values.filter((v) => v.$type === type || v.$instanceOf?.(type));
}

export function extension(el: ModdleElement, type: string): ModdleElement | undefined {
  return extensions(el, type)[0];
}

/** First defined value among the dialects, in priority order rebaz → zeebe → camunda. */
export function firstOf(...values: (string | undefined)[]): string | undefined {
  return values.find((v) => v !== undefined);
}

/** Camunda 7 `camunda:type="external" camunda:topic="x"`, class, expression, delegateExpression → a job type. */
export function camundaJobType(el: ModdleElement): string | undefined {
  const topic = attr(el, 'camunda:topic');
  if (topic) return topic;
  const javaClass = attr(el, 'camunda:class');
  if (javaClass) return javaClass;
  const expression = attr(el, 'camunda:delegateExpression') ?? attr(el, 'camunda:expression');
  if (expression) return expression.replace(/^[#$]\{\s*|\s*\}$/g, '');
  return undefined;
}
