/**
 * The bare names a JavaScript script assigns without declaring them anywhere (`x = 0`, `v += 1`,
 * `count++`): such a name is a global of the sandbox, which the case does not keep
 * (rules/script-assignment.rule.ts). No JavaScript parser is a dependency of the engine, so this
 * reads the script's tokens (strings, templates, comments and regular expressions skipped) and errs
 * towards silence: a name declared anywhere in the script (var, let, const, function, class, a
 * parameter, a catch binding, a destructuring pattern) does not count, nor does a member (`a.b = 1`).
 */

interface Token {
  kind: 'name' | 'punct' | 'literal';
  value: string;
  /** A line break came between this token and the one before it. */
  newline: boolean;
}

export interface ScriptAssignment {
  name: string;
  /** `v += …`, `count++`, as the script writes the assignment. */
  shown: string;
}

/** The undeclared names `source` assigns, each once, in the order they first appear. */
export function undeclaredAssignments(source: string): ScriptAssignment[] {
  const tokens = tokenize(source);
  const declared = declaredNames(tokens);
  const found = new Map<string, ScriptAssignment>();
  tokens.forEach((token, i) => {
    if (token.kind !== 'name' || KEYWORDS.has(token.value) || declared.has(token.value) || found.has(token.value))
      return;
    const before = tokens[i - 1];
    if (before && (before.value === '.' || before.value === '?.')) return; // a member
    const after = tokens[i + 1];
    if (after?.kind === 'punct' && ASSIGNMENT.has(after.value))
      found.set(token.value, { name: token.value, shown: `${token.value} ${after.value} …` });
    else if (after?.kind === 'punct' && (after.value === '++' || after.value === '--') && !after.newline)
      found.set(token.value, { name: token.value, shown: `${token.value}${after.value}` });
    else if (
      before?.kind === 'punct' &&
      (before.value === '++' || before.value === '--') &&
      !precededByOperand(tokens, i - 1)
    )
      found.set(token.value, { name: token.value, shown: `${before.value}${token.value}` });
  });
  return [...found.values()];
}

const ASSIGNMENT = new Set([
  '=',
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '**=',
  '<<=',
  '>>=',
  '>>>=',
  '&=',
  '|=',
  '^=',
  '&&=',
  '||=',
  '??=',
]);

const KEYWORDS = new Set(
  (
    'break case catch class const continue debugger default delete do else export extends finally for function if ' +
    'import in instanceof let new return super switch this throw try typeof var void while with yield await async ' +
    'of static get set null true false undefined NaN Infinity arguments eval'
  ).split(' '),
);

/** `++` after an operand (`a ++` is postfix on `a`, not prefix on what follows). */
function precededByOperand(tokens: Token[], at: number): boolean {
  const previous = tokens[at - 1];
  if (!previous || tokens[at].newline) return false;
  return (
    (previous.kind === 'name' && !KEYWORDS.has(previous.value)) ||
    previous.kind === 'literal' ||
    previous.value === ')' ||
    previous.value === ']'
  );
}

/** Every name the script declares somewhere, generously: a binding it might hold counts as declared. */
function declaredNames(tokens: Token[]): Set<string> {
  const declared = new Set<string>();
  const namesBetween = (from: number, to: number) => {
    for (let k = from; k <= to && k < tokens.length; k++) if (tokens[k].kind === 'name') declared.add(tokens[k].value);
  };
  for (let i = 0; i < tokens.length; i++) {
    const { value, kind } = tokens[i];
    if (kind === 'name' && (value === 'var' || value === 'let' || value === 'const')) {
      declarators(tokens, i + 1, declared);
    } else if (kind === 'name' && (value === 'function' || value === 'class')) {
      let k = i + 1;
      if (tokens[k]?.value === '*') k++;
      if (tokens[k]?.kind === 'name') declared.add(tokens[k++].value);
      if (value === 'function' && tokens[k]?.value === '(') namesBetween(k, matching(tokens, k));
    } else if (kind === 'name' && value === 'catch' && tokens[i + 1]?.value === '(') {
      namesBetween(i + 1, matching(tokens, i + 1));
    } else if (value === '=>') {
      const previous = tokens[i - 1];
      if (previous?.kind === 'name') declared.add(previous.value);
      else if (previous?.value === ')') namesBetween(opening(tokens, i - 1), i - 1);
    } else if (value === '(' && tokens[i - 1]?.kind === 'name' && !KEYWORDS.has(tokens[i - 1].value)) {
      // a method's parameters: `total(items) { … }`
      const close = matching(tokens, i);
      if (tokens[close + 1]?.value === '{') namesBetween(i, close);
    }
  }
  return declared;
}

/** `a = 1, { b, c: d } = o, [e] = l`: the names each declarator binds (and, generously, any in its pattern). */
function declarators(tokens: Token[], from: number, declared: Set<string>): void {
  let i = from;
  for (;;) {
    const token = tokens[i];
    if (!token) return;
    if (token.kind === 'name') declared.add(token.value);
    else if (token.value === '{' || token.value === '[') {
      const close = matching(tokens, i);
      for (let k = i; k <= close && k < tokens.length; k++)
        if (tokens[k].kind === 'name') declared.add(tokens[k].value);
      i = close;
    } else return;
    i++;
    if (tokens[i]?.value === '=') i = endOfInitializer(tokens, i + 1);
    if (tokens[i]?.value !== ',') return;
    i++;
  }
}

/** Where an initializer ends: a `,` or `;` at its own depth, a closing bracket, or a line that starts a new statement. */
function endOfInitializer(tokens: Token[], from: number): number {
  let depth = 0;
  for (let i = from; i < tokens.length; i++) {
    const { value, kind, newline } = tokens[i];
    if (depth === 0 && i > from && newline && kind === 'name' && endsExpression(tokens[i - 1])) return i;
    if (value === '(' || value === '[' || value === '{') depth++;
    else if (value === ')' || value === ']' || value === '}') {
      if (depth === 0) return i;
      depth--;
    } else if (depth === 0 && (value === ',' || value === ';')) return i;
  }
  return tokens.length;
}

function endsExpression(token: Token | undefined): boolean {
  if (!token) return false;
  if (token.kind === 'literal') return true;
  if (token.kind === 'name')
    return !KEYWORDS.has(token.value) || ['this', 'true', 'false', 'null'].includes(token.value);
  return (
    token.value === ')' || token.value === ']' || token.value === '}' || token.value === '++' || token.value === '--'
  );
}

/** The index of the bracket closing the one at `open` (the last token when it is never closed). */
function matching(tokens: Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const value = tokens[i].value;
    if (tokens[i].kind !== 'punct') continue;
    if (value === '(' || value === '[' || value === '{') depth++;
    else if (value === ')' || value === ']' || value === '}') if (--depth === 0) return i;
  }
  return tokens.length - 1;
}

/** The index of the bracket opening the one that closes at `close`. */
function opening(tokens: Token[], close: number): number {
  let depth = 0;
  for (let i = close; i >= 0; i--) {
    const value = tokens[i].value;
    if (tokens[i].kind !== 'punct') continue;
    if (value === ')' || value === ']' || value === '}') depth++;
    else if (value === '(' || value === '[' || value === '{') if (--depth === 0) return i;
  }
  return 0;
}

const PUNCTUATORS = [
  '>>>=',
  '...',
  '===',
  '!==',
  '**=',
  '<<=',
  '>>=',
  '>>>',
  '&&=',
  '||=',
  '??=',
  '=>',
  '==',
  '!=',
  '<=',
  '>=',
  '&&',
  '||',
  '??',
  '?.',
  '++',
  '--',
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '&=',
  '|=',
  '^=',
  '**',
  '<<',
  '>>',
];

const NAME_START = /[A-Za-z_$\u00aa-\uffff]/;
const NAME_PART = /[\w$\u00aa-\uffff]/;

/** The script's tokens; a construct left open (a string, a comment) ends the list. */
function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let newline = false;
  const push = (kind: Token['kind'], value: string) => {
    tokens.push({ kind, value, newline });
    newline = false;
  };
  while (i < source.length) {
    const c = source[i];
    if (c === '\n' || c === '\r' || c === '\u2028' || c === '\u2029') {
      newline = true;
      i++;
    } else if (/\s/.test(c)) {
      i++;
    } else if (source.startsWith('//', i)) {
      const end = source.indexOf('\n', i);
      i = end < 0 ? source.length : end;
    } else if (source.startsWith('/*', i)) {
      const end = source.indexOf('*/', i + 2);
      if (end < 0) break;
      if (/[\n\r]/.test(source.slice(i, end))) newline = true;
      i = end + 2;
    } else if (c === '"' || c === "'") {
      i = skipString(source, i, c);
      push('literal', c);
    } else if (c === '`') {
      i = skipTemplate(source, i);
      push('literal', '`');
    } else if (NAME_START.test(c) || c === '\\') {
      let end = i + 1;
      while (end < source.length && NAME_PART.test(source[end])) end++;
      push('name', source.slice(i, end));
      i = end;
    } else if (/\d/.test(c) || (c === '.' && /\d/.test(source[i + 1] ?? ''))) {
      let end = i + 1;
      while (end < source.length && /[\w.]/.test(source[end])) end++;
      push('literal', source.slice(i, end));
      i = end;
    } else if (c === '#') {
      let end = i + 1;
      while (end < source.length && NAME_PART.test(source[end])) end++;
      push('literal', source.slice(i, end)); // a private name, never a global
      i = end;
    } else if (c === '/' && !endsExpression(tokens[tokens.length - 1])) {
      i = skipRegExp(source, i);
      push('literal', '/');
    } else {
      const punct = PUNCTUATORS.find((p) => source.startsWith(p, i)) ?? c;
      push('punct', punct);
      i += punct.length;
    }
  }
  return tokens;
}

function skipString(source: string, start: number, quote: string): number {
  for (let i = start + 1; i < source.length; i++) {
    if (source[i] === '\\') i++;
    else if (source[i] === quote || source[i] === '\n') return i + 1;
  }
  return source.length;
}

/** A template literal, with the expressions in its `${…}` (which may hold templates of their own). */
function skipTemplate(source: string, start: number): number {
  for (let i = start + 1; i < source.length; i++) {
    if (source[i] === '\\') i++;
    else if (source[i] === '`') return i + 1;
    else if (source.startsWith('${', i)) {
      let depth = 1;
      for (i += 2; i < source.length && depth > 0; i++) {
        const c = source[i];
        if (c === '{') depth++;
        else if (c === '}') depth--;
        else if (c === '"' || c === "'") i = skipString(source, i, c) - 1;
        else if (c === '`') i = skipTemplate(source, i) - 1;
      }
      i--;
    }
  }
  return source.length;
}

function skipRegExp(source: string, start: number): number {
  let inClass = false;
  for (let i = start + 1; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (c === '\n') return i;
    else if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
    else if (c === '/' && !inClass) {
      let end = i + 1;
      while (end < source.length && NAME_PART.test(source[end])) end++;
      return end;
    }
  }
  return source.length;
}
