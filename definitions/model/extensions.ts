/**
 * Reading execution attributes from the dialects we accept: our own `rebaz:` attributes,
 * Camunda 8 (`zeebe:` extension elements), Camunda 7 (`camunda:`; Operaton's `operaton:` is read
 * as it, see parse/create-moddle.ts), Flowable (`flowable:`) and Activiti (`activiti:`; the last two
 * from `$attrs`). Each reader returns plain strings; build-graph.ts turns them into expressions.
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
  const entries = NAME_LOCALES.map((locale) => [locale, attr(el, `rebaz:name-${locale}`)] as const).filter(
    ([, name]) => name !== undefined,
  );
  return entries.length > 0 ? (Object.fromEntries(entries) as Record<string, string>) : undefined;
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

/** The engines whose Java-bound service tasks become jobs: Camunda 7, Flowable, Activiti. */
export const LEGACY_ENGINES = ['camunda', 'flowable', 'activiti'] as const;

/**
 * A job type taken from another engine's implementation attribute: `from` names the attribute
 * (`flowable:class`), `value` is what it held. Absent when the model named the type itself.
 */
export interface JobTypeSource {
  from: string;
  value: string;
}

export interface EngineJobType {
  jobType: string;
  derivedFrom?: JobTypeSource;
}

/**
 * The job type a Camunda 7, Flowable or Activiti service task (or message event definition) runs
 * as here, where no Java runs: an external task's topic as it is; a Java class by its name; a
 * delegate expression by the bean it names; an expression by the method path it calls; a built-in
 * task type (`flowable:type="mail"`) or a Camunda connector by its name. Each but the topic is derived,
 * and says from what, so validation can show it.
 */
export function engineJobType(el: ModdleElement): EngineJobType | undefined {
  for (const engine of LEGACY_ENGINES) {
    const topic = attr(el, `${engine}:topic`);
    if (topic) return { jobType: topic };
  }
  for (const engine of LEGACY_ENGINES) {
    for (const name of ['class', 'delegateExpression', 'expression', 'type'] as const) {
      const value = attr(el, `${engine}:${name}`);
      if (value) return { jobType: derivedJobType(name, value), derivedFrom: { from: `${engine}:${name}`, value } };
    }
  }
  const connectorId = attr(extension(el, 'camunda:Connector'), 'connectorId');
  if (connectorId) return { jobType: connectorId, derivedFrom: { from: 'camunda:connector', value: connectorId } };
  // BPMN's own `implementation`, as bpmn-engine writes it: `${environment.services.getRequest}`.
  const implementation: unknown = (el as ModdleElement | undefined)?.implementation;
  if (typeof implementation === 'string' && /^[#$]\{/.test(implementation.trim()))
    return {
      jobType: derivedJobType('expression', implementation.trim()),
      derivedFrom: { from: 'implementation', value: implementation },
    };
  return undefined;
}

/**
 * `${mailer}` → `mailer`; `${orders.place(execution, order)}` → `orders.place`; bpmn-engine's
 * `${environment.services.getRequest}` → `getRequest`, the service's name; a class name as written.
 */
function derivedJobType(kind: 'class' | 'delegateExpression' | 'expression' | 'type', value: string): string {
  if (kind === 'class' || kind === 'type') return value;
  const body = value.replace(/^[#$]\{\s*|\s*\}$/g, '').replace(/^environment\.services\./, '');
  const call = /^([\p{L}_$][\p{L}\p{N}_$]*(?:\.[\p{L}_$][\p{L}\p{N}_$]*)*)\s*\(/u.exec(body);
  return call ? call[1] : body;
}

/** Camunda 7's (or Activiti's, Flowable's) input/output parameters on the activity itself. */
export function activityInputOutput(el: ModdleElement): ModdleElement | undefined {
  return LEGACY_ENGINES.map((prefix) => extension(el, `${prefix}:InputOutput`)).find(Boolean);
}

/** The same attribute of Flowable, Activiti and Camunda 7, first found (`assignee` → `flowable:assignee`, …). */
export function legacyAttr(el: ModdleElement, name: string): string | undefined {
  return firstOf(...LEGACY_ENGINES.map((engine) => attr(el, `${engine}:${name}`)));
}

/**
 * The variable Camunda 7, Flowable or Activiti store a task's result in: `resultVariable`, or
 * Activiti's older `resultVariableName` (script, service and business rule tasks).
 */
export function legacyResultVariable(el: ModdleElement): string | undefined {
  return firstOf(legacyAttr(el, 'resultVariable'), legacyAttr(el, 'resultVariableName'));
}

/** The object without its undefined properties, so what the graph and catalogue store holds only what was said. */
export function definedOnly<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
