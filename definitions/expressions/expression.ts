/**
 * One form for every expression a model may carry: FEEL with or without the Camunda 8 `=`, simple
 * JUEL from Camunda 7 and Flowable and BPMN's XPath conditions (both translated to FEEL),
 * JavaScript (kept as written, for the script sandbox), and scripts in any other language
 * (refused, never executed).
 */
import type { Expression } from '../model/graph';
import { findFeelSyntaxProblem } from './feel-syntax';
import { translateJuel } from './juel';
import { translateXPath, usesBpmnXPathFunctions } from './xpath';
import { isJavaScript } from './script/language';

export type ExpressionErrorCode =
  'SCRIPT_NOT_SUPPORTED' | 'JUEL_NOT_SUPPORTED' | 'XPATH_NOT_SUPPORTED' | 'FEEL_SYNTAX' | 'EMPTY_EXPRESSION';

export type NormalisedExpression =
  { ok: true; expression: Expression } | { ok: false; code: ExpressionErrorCode; message: string };

export interface NormaliseOptions {
  /** The `language` / `scriptFormat` / `expressionLanguage` attribute, if any. */
  language?: string;
}

const EXAMPLE = 'e.g. = amount > 1000';

/**
 * Turns an expression body into FEEL that is known to parse.
 *
 * @example
 * normaliseExpression('${amount gt 1000 && approved}')
 * // { ok: true, expression: { feel: 'amount > 1000 and approved', … } }
 * normaliseExpression('= amount > 1000')
 * // { ok: true, expression: { feel: 'amount > 1000', … } }
 * normaliseExpression('next(null, amount > 1000)', { language: 'javascript' })
 * // { ok: true, expression: { feel: '', source: 'next(null, amount > 1000)', language: 'javascript' } }
 * normaliseExpression('x > 1', { language: 'groovy' })
 * // { ok: false, code: 'SCRIPT_NOT_SUPPORTED', … }
 */
export function normaliseExpression(body: string, options: NormaliseOptions = {}): NormalisedExpression {
  const source = typeof body === 'string' ? body : '';
  const language = classifyLanguage(options.language);
  if (language.kind === 'javascript') {
    if (source.trim() === '')
      return failure('EMPTY_EXPRESSION', 'The script is empty; write JavaScript, e.g. amount > 1000');
    return { ok: true, expression: { feel: '', source, language: 'javascript' } };
  }
  if (language.kind === 'script') {
    return failure(
      'SCRIPT_NOT_SUPPORTED',
      `Scripts in ${language.name} are never executed; rewrite the body in JavaScript ` +
        `(scriptFormat or language "javascript") or as a FEEL expression (${EXAMPLE}).`,
    );
  }
  const text = source.trim();
  if (language.kind === 'xpath' || (language.kind === 'auto' && usesBpmnXPathFunctions(text))) {
    const translated = translateXPath(text);
    if (!translated.ok) return failure(translated.code, translated.message);
    return checked(
      translated.feel,
      source,
      `The XPath expression "${text}" became the FEEL "${translated.feel}", which`,
    );
  }
  if (text === '' || text === '=')
    return failure('EMPTY_EXPRESSION', `The expression is empty; write a FEEL expression (${EXAMPLE}).`);
  const isJuel = language.kind === 'juel' || (language.kind === 'auto' && !text.startsWith('=') && /[$#]\{/.test(text));
  if (isJuel) {
    const translated = translateJuel(text);
    if (!translated.ok) return failure(translated.code, translated.message);
    const result = checked(
      translated.feel,
      source,
      `The JUEL expression "${text}" became the FEEL "${translated.feel}", which`,
    );
    if (result.ok && translated.requires.length > 0) result.expression.requires = translated.requires;
    if (result.ok && translated.truthy) result.expression.truthy = true;
    return result;
  }
  if (language.kind === 'auto' && readsThis(text)) return { ok: true, expression: assumedJavaScript(source) };
  const feel = text.startsWith('=') ? text.slice(1).trim() : text;
  if (feel === '') return failure('EMPTY_EXPRESSION', `The expression is empty; write a FEEL expression (${EXAMPLE}).`);
  const start = source.indexOf(feel, source.indexOf(text) + (text.startsWith('=') ? 1 : 0));
  return checked(feel, source, `The expression "${text}"`, start - source.indexOf(text));
}

/**
 * bpmn-server writes conditions in JavaScript without naming the language, reading the case's data
 * as `this.x`: FEEL has no `this` and JUEL stands inside `${…}`, so such a body can only be
 * JavaScript. It runs in the script sandbox, where `this` holds the variables, and validation warns
 * that the language was assumed (and whether the body compiles).
 */
export function readsThis(text: string): boolean {
  return !text.startsWith('=') && /(^|[^\w$.])this\s*\.\s*[A-Za-z_$]/.test(text);
}

/** A body read as JavaScript although the model named no language. */
export function assumedJavaScript(source: string): Expression {
  return { feel: '', source, language: 'javascript', languageAssumed: true };
}

/** `columnOffset`: where the FEEL starts within the text shown in the message. */
function checked(feel: string, source: string, subject: string, columnOffset = 0): NormalisedExpression {
  const problem = findFeelSyntaxProblem(feel, columnOffset);
  if (problem) return failure('FEEL_SYNTAX', `${subject} is not valid FEEL: ${problem.description}.`);
  return { ok: true, expression: { feel, source } };
}

function failure(code: ExpressionErrorCode, message: string): NormalisedExpression {
  return { ok: false, code, message };
}

type Language = { kind: 'auto' | 'feel' | 'juel' | 'javascript' | 'xpath' } | { kind: 'script'; name: string };

const XPATH = 'http://www.w3.org/1999/XPath';

/**
 * FEEL: `feel` or any FEEL namespace URI (`https://www.omg.org/spec/DMN/20191111/FEEL/`,
 * `http://www.omg.org/spec/FEEL/20140401`). JUEL: `juel`, `el`. JavaScript: `javascript`, `js`,
 * `ecmascript` and the like (script/language.ts). XPath, BPMN's default: the subset conditions
 * use, translated (xpath.ts). No language: decided by the body. Everything else (groovy, python,
 * juel-script, …) is a script language that never runs.
 */
export function classifyLanguage(language: string | undefined): Language {
  const value = (language ?? '').trim();
  if (value === '') return { kind: 'auto' };
  if (/^feel$/i.test(value) || /^https?:\/\/.*\/feel(\/|$)/i.test(value)) return { kind: 'feel' };
  if (/^(juel|el)$/i.test(value)) return { kind: 'juel' };
  if (isJavaScript(value)) return { kind: 'javascript' };
  if (value === XPATH || /^xpath$/i.test(value)) return { kind: 'xpath' };
  return { kind: 'script', name: value };
}
