/**
 * A value as literal markdown text: what a case holds is shown as typed, never as markup.
 *
 * Every ASCII punctuation character gets a backslash (CommonMark lets any of them be escaped, and
 * an escaped one is never syntax: no emphasis, link, image, heading, list, table, HTML tag, entity
 * or autolink can start from it), and each line break becomes `<br>`, so a value stays inside the
 * line the analyst put it in (a blank line and an indent cannot open a code block or a new
 * paragraph). Only for values inserted into markdown text, never for the analyst's own markdown.
 *
 * @example
 * markdownText('**bold** <b>x</b>') // '\*\*bold\*\* \<b\>x\<\/b\>'
 */
const ASCII_PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g;
const LINE_BREAK = /\r\n?|\n/g;

export function markdownText(value: string): string {
  return value.replace(ASCII_PUNCTUATION, '\\$&').replace(LINE_BREAK, '<br>');
}
