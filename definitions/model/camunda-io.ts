/**
 * Camunda 7's input/output parameters (`camunda:inputOutput`, also under Activiti's namespace,
 * which Camunda 7 still reads): a parameter's value is text (a constant), `${…}` (JUEL), or a
 * definition: a list, a map, or a script.
 *
 * - `camunda:list` → a FEEL list, `camunda:map` → a FEEL context, nested to any depth; each item
 *   or entry is a constant or an expression, as a parameter is.
 * - `camunda:script` in JavaScript → run in the script sandbox; its last value (or `next(null, v)`)
 *   is the parameter's value. A script loaded from a `resource`, or in another language, is a
 *   located error: Rebaz reads no files beside the model and runs no other language.
 */
import type { Expression } from './graph';
import { attr, type ModdleElement } from './extensions';

type ToExpression = (body: string | undefined, language?: string) => Expression | undefined;

/** The expression a Camunda 7 parameter (or a list item, or a map entry) evaluates. */
export function camundaParameterSource(
  parameter: ModdleElement,
  subject: string,
  toExpression: ToExpression,
): Expression {
  const definition: ModdleElement | undefined = parameter.definition;
  if (definition) return definitionSource(definition, subject, toExpression);
  return constantOrExpression(textOf(parameter), toExpression);
}

/** A constant unless it holds `${…}` or `#{…}` or is FEEL after `=`, as Camunda 7 reads a parameter's text. */
export function constantOrExpression(text: string, toExpression: ToExpression): Expression {
  const trimmed = text.trim();
  // Text around `${…}` is a composite expression (`AGENCY_${agencyCode}`), as Camunda 7 and Flowable read it.
  if (/[#$]\{/.test(trimmed) || trimmed.startsWith('=')) return toExpression(text) ?? { feel: 'null', source: text };
  return { feel: JSON.stringify(text), source: text };
}

function definitionSource(definition: ModdleElement, subject: string, toExpression: ToExpression): Expression {
  switch (localType(definition)) {
    case 'List':
      return combine(
        ((definition.items ?? []) as ModdleElement[]).map((item, i) =>
          localType(item) === 'Value'
            ? constantOrExpression(textOf(item), toExpression)
            : nested(item, `${subject}, item ${i + 1}`, toExpression),
        ),
        (parts) => `[${parts.join(', ')}]`,
      );
    case 'Map':
      return mapSource(definition, subject, toExpression);
    case 'Script':
      return scriptSource(definition, subject, toExpression);
    default:
      return refused(definition.$type, `${subject} uses a ${definition.$type}, which Rebaz does not read`);
  }
}

/**
 * A FEEL context of the entries. Camunda 7 evaluates a key as it does a value (`key="${prefix}_id"`):
 * where a key is an expression, the context is built with FEEL's `context()` from key–value pairs.
 */
function mapSource(map: ModdleElement, subject: string, toExpression: ToExpression): Expression {
  const entries = ((map.entries ?? []) as ModdleElement[]).map((entry) => {
    const key = String(attr(entry, 'key') ?? '');
    const value = entry.definition
      ? nested(entry.definition, `${subject}, entry "${key}"`, toExpression)
      : constantOrExpression(textOf(entry), toExpression);
    return { key: constantOrExpression(key, toExpression), value };
  });
  if (entries.every((entry) => entry.key.feel === JSON.stringify(entry.key.source)))
    return combine(
      entries.map(({ key, value }) => ({ ...value, feel: `${key.feel}: ${value.feel}` })),
      (parts) => `{${parts.join(', ')}}`,
    );
  return combine(
    entries.flatMap(({ key, value }) => [key, value]),
    (parts) => `context([${pairs(parts).join(', ')}])`,
  );
}

/** `{key: k, value: v}` for each key and value in turn. */
function pairs(parts: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < parts.length; i += 2) out.push(`{key: ${parts[i]}, value: ${parts[i + 1]}}`);
  return out;
}

/** Inside a list or map the value is FEEL, where a script cannot run. */
function nested(definition: ModdleElement, subject: string, toExpression: ToExpression): Expression {
  if (localType(definition) !== 'Script') return definitionSource(definition, subject, toExpression);
  return refused(
    'camunda:Script',
    `${subject} is a script inside a list or map, which Rebaz cannot run there; ` +
      `compute the whole list or map in one script, or use expressions`,
  );
}

function scriptSource(script: ModdleElement, subject: string, toExpression: ToExpression): Expression {
  const resource = attr(script, 'resource');
  if (resource)
    return refused(
      String(resource),
      `${subject} loads its script from "${resource}", which Rebaz does not read: ` +
        `put the script inside the model, in JavaScript`,
    );
  const format = attr(script, 'scriptFormat') ?? 'unknown';
  return toExpression(textOf(script), format) ?? refused('', `${subject} has an empty script: write it in JavaScript`);
}

/** One expression from several: its FEEL built from theirs, failing with the first that fails. */
function combine(parts: Expression[], join: (feel: string[]) => string): Expression {
  const failed = parts.find((part) => part.error);
  if (failed) return failed;
  return { feel: join(parts.map((part) => part.feel)), source: join(parts.map((part) => part.source)) };
}

function refused(source: string, message: string): Expression {
  return { feel: '', source, error: { code: 'SCRIPT_NOT_SUPPORTED', message } };
}

/** `List` for camunda:List, and for the same element under Activiti's namespace (Camunda 7's old one). */
function localType(element: ModdleElement): string {
  return String(element.$type).replace(/^[^:]*:/, '');
}

function textOf(element: ModdleElement): string {
  return typeof element.value === 'string' ? element.value : '';
}
