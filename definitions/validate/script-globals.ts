/**
 * The bare names a JavaScript script assigns without declaring them anywhere (`x = 0`, `v += 1`,
 * `count++`): such a name is a global of the sandbox, which the case does not keep
 * (rules/script-assignment.rule.ts). The script is parsed with acorn; a name declared anywhere in
 * it (var, let, const, function, class, a parameter, a catch binding, a destructuring pattern) does
 * not count, nor does a member (`a.b = 1`). A script acorn cannot parse gives nothing: the script
 * rule reports its syntax.
 */
import { parse, type Node } from 'acorn';

export interface ScriptAssignment {
  name: string;
  /** `v += …`, `count++`, as the script writes the assignment. */
  shown: string;
}

type AnyNode = Node & Record<string, unknown>;

/** The script's tree, or undefined when acorn cannot parse it (the script rule reports its syntax). */
function parsed(source: string): AnyNode | undefined {
  try {
    const options = {
      ecmaVersion: 'latest',
      allowReturnOutsideFunction: true,
      allowAwaitOutsideFunction: true,
    } as const;
    return parse(source, options) as unknown as AnyNode;
  } catch {
    return undefined;
  }
}

/** The undeclared names `source` assigns, each once, in the order they first appear. */
export function undeclaredAssignments(source: string): ScriptAssignment[] {
  const program = parsed(source);
  if (!program) return [];
  const declared = new Set<string>();
  const assigned: ScriptAssignment[] = [];
  visit(program, (node) => {
    for (const binding of bindingsOf(node)) bindingNames(binding, declared);
    if (node.type === 'AssignmentExpression' && isIdentifier(node.left))
      assigned.push({ name: node.left.name, shown: `${node.left.name} ${node.operator as string} …` });
    else if (node.type === 'UpdateExpression' && isIdentifier(node.argument)) {
      const { name } = node.argument;
      assigned.push({
        name,
        shown: node.prefix ? `${node.operator as string}${name}` : `${name}${node.operator as string}`,
      });
    }
  });
  const found = new Map<string, ScriptAssignment>();
  for (const a of assigned) if (!declared.has(a.name) && !found.has(a.name)) found.set(a.name, a);
  return [...found.values()];
}

/** The patterns a node declares names with. */
function bindingsOf(node: AnyNode): unknown[] {
  switch (node.type) {
    case 'VariableDeclarator':
      return [node.id];
    case 'FunctionDeclaration':
    case 'FunctionExpression':
    case 'ArrowFunctionExpression':
      return [node.id, ...(node.params as unknown[])];
    case 'ClassDeclaration':
    case 'ClassExpression':
      return [node.id];
    case 'CatchClause':
      return [node.param];
    default:
      return [];
  }
}

/** Every name a pattern binds: `a`, `{ a, b: [c] }`, `x = 1`, `...rest`. */
function bindingNames(pattern: unknown, into: Set<string>): void {
  if (!pattern || typeof pattern !== 'object') return;
  const node = pattern as AnyNode;
  if (isIdentifier(node)) into.add(node.name);
  else if (node.type === 'ObjectPattern')
    for (const p of node.properties as AnyNode[]) bindingNames(p.type === 'Property' ? p.value : p, into);
  else if (node.type === 'ArrayPattern') for (const element of node.elements as unknown[]) bindingNames(element, into);
  else if (node.type === 'AssignmentPattern') bindingNames(node.left, into);
  else if (node.type === 'RestElement') bindingNames(node.argument, into);
}

function isIdentifier(node: unknown): node is { type: 'Identifier'; name: string } {
  return !!node && typeof node === 'object' && (node as { type?: unknown }).type === 'Identifier';
}

/** Calls `each` on every node of the tree, in source order, with its parent and the parent's key for it. */
function visit(
  node: AnyNode,
  each: (node: AnyNode, parent?: AnyNode, key?: string) => void,
  parent?: AnyNode,
  at?: string,
): void {
  each(node, parent, at);
  for (const [key, value] of Object.entries(node)) {
    if (key === 'loc' || key === 'range') continue;
    for (const child of Array.isArray(value) ? value : [value])
      if (child && typeof child === 'object' && typeof (child as { type?: unknown }).type === 'string')
        visit(child as AnyNode, each, node, key);
  }
}

/** Names that, read and not declared, show a script written in another language. */
const FOREIGN: Record<string, string> = { True: 'Python', False: 'Python', None: 'Python', System: 'Java' };

/**
 * Python's `True`, `False`, `None` and Java's `System` read in a script that does not declare them
 * (as `True (Python)`): in JavaScript they are undefined names, so the script fails as it runs.
 */
export function foreignIdioms(source: string): string[] {
  const program = parsed(source);
  if (!program) return [];
  const declared = new Set<string>();
  const read = new Set<string>();
  visit(program, (node, parent, key) => {
    for (const binding of bindingsOf(node)) bindingNames(binding, declared);
    if (!isIdentifier(node) || !(node.name in FOREIGN)) return;
    const member = parent?.type === 'MemberExpression' && key === 'property' && !parent.computed;
    const propertyKey = (parent?.type === 'Property' || parent?.type === 'MethodDefinition') && key === 'key';
    if (!member && !propertyKey) read.add(node.name);
  });
  return [...read].filter((name) => !declared.has(name)).map((name) => `${name} (${FOREIGN[name]})`);
}
