/** Which script languages run in the sandbox: JavaScript only, under the names models give it. */
const JAVASCRIPT = /^(javascript|js|ecmascript|nashorn|graal\.js|(text|application)\/(javascript|ecmascript))$/i;

/** True for `javascript`, `JavaScript`, `js`, `ecmascript`, `text/javascript` and the like. */
export function isJavaScript(language: string | undefined): boolean {
  return JAVASCRIPT.test((language ?? '').trim());
}
