/**
 * A DMN model read into plain data: the decision requirement graph, its boxed expressions and its
 * item definitions, with every element's id kept so issues and errors can point at it.
 */
import type { SourceLocation } from '../parse/locations';

export type HitPolicy = 'UNIQUE' | 'FIRST' | 'PRIORITY' | 'ANY' | 'COLLECT' | 'RULE ORDER' | 'OUTPUT ORDER';
export type Aggregation = 'SUM' | 'MIN' | 'MAX' | 'COUNT';

export interface LiteralExpression {
  kind: 'literal';
  id?: string;
  typeRef?: string;
  text: string;
}
export interface ContextEntry {
  name?: string;
  typeRef?: string;
  value: BoxedExpression;
}
export interface ContextExpression {
  kind: 'context';
  id?: string;
  typeRef?: string;
  entries: ContextEntry[];
}
export interface ListExpression {
  kind: 'list';
  id?: string;
  typeRef?: string;
  items: BoxedExpression[];
}
export interface RelationExpression {
  kind: 'relation';
  id?: string;
  typeRef?: string;
  columns: string[];
  rows: BoxedExpression[][];
}
export interface InvocationBinding {
  name: string;
  value?: BoxedExpression;
}
export interface InvocationExpression {
  kind: 'invocation';
  id?: string;
  typeRef?: string;
  callee: BoxedExpression;
  bindings: InvocationBinding[];
}
export interface Parameter {
  name: string;
  typeRef?: string;
}
export interface FunctionExpression {
  kind: 'function';
  id?: string;
  typeRef?: string;
  language: 'FEEL' | 'Java' | 'PMML';
  parameters: Parameter[];
  body?: BoxedExpression;
}
export interface ConditionalExpression {
  kind: 'conditional';
  id?: string;
  typeRef?: string;
  test: BoxedExpression;
  then: BoxedExpression;
  else: BoxedExpression;
}
export interface FilterExpression {
  kind: 'filter';
  id?: string;
  typeRef?: string;
  in: BoxedExpression;
  match: BoxedExpression;
}
export interface IteratorExpression {
  kind: 'for' | 'some' | 'every';
  id?: string;
  typeRef?: string;
  variable: string;
  in: BoxedExpression;
  body: BoxedExpression;
}
export interface UnsupportedExpression {
  kind: 'unsupported';
  id?: string;
  typeRef?: string;
  element: string;
}

export interface InputClause {
  id?: string;
  text: string;
  typeRef?: string;
  allowedValues?: string;
}
export interface OutputClause {
  id?: string;
  name?: string;
  typeRef?: string;
  allowedValues?: string;
  defaultValue?: string;
}
export interface Rule {
  id?: string;
  index: number;
  inputEntries: { id?: string; text: string }[];
  outputEntries: { id?: string; text: string }[];
}
export interface DecisionTable {
  kind: 'table';
  id?: string;
  typeRef?: string;
  hitPolicy: HitPolicy;
  aggregation?: Aggregation;
  inputs: InputClause[];
  outputs: OutputClause[];
  rules: Rule[];
}

export type BoxedExpression =
  | LiteralExpression
  | ContextExpression
  | ListExpression
  | RelationExpression
  | InvocationExpression
  | FunctionExpression
  | DecisionTable
  | ConditionalExpression
  | FilterExpression
  | IteratorExpression
  | UnsupportedExpression;

/** A reference from one DRG element to another, possibly in an imported model (`namespace#id`). */
export interface ElementRef {
  namespace?: string;
  id: string;
}

export interface Requirements {
  decisions: ElementRef[];
  inputs: ElementRef[];
  knowledge: ElementRef[];
}

export interface DecisionNode {
  kind: 'decision';
  id: string;
  name: string;
  typeRef?: string;
  logic?: BoxedExpression;
  requires: Requirements;
}
export interface InputDataNode {
  kind: 'input';
  id: string;
  name: string;
  typeRef?: string;
}
export interface KnowledgeModelNode {
  kind: 'bkm';
  id: string;
  name: string;
  typeRef?: string;
  logic?: FunctionExpression;
  requires: Requirements;
}
export interface DecisionServiceNode {
  kind: 'service';
  id: string;
  name: string;
  typeRef?: string;
  outputDecisions: ElementRef[];
  encapsulatedDecisions: ElementRef[];
  inputDecisions: ElementRef[];
  inputData: ElementRef[];
}
export type DrgNode = DecisionNode | InputDataNode | KnowledgeModelNode | DecisionServiceNode;

export interface ItemDefinition {
  id?: string;
  name: string;
  /** The base type, when the definition narrows another one. */
  typeRef?: string;
  /** Unary tests each value must pass (for a collection: each item). */
  allowedValues?: string;
  /** DMN 1.5 unary tests the whole value must pass (for a collection: the list). */
  typeConstraint?: string;
  isCollection: boolean;
  components: ItemDefinition[];
  /** A function type: its parameters and output. */
  functionItem?: { parameters: Parameter[]; outputTypeRef?: string };
}

export interface ModelImport {
  name: string;
  namespace: string;
  importType: string;
  locationURI?: string;
}

export interface DecisionModel {
  id?: string;
  name: string;
  namespace: string;
  nodes: DrgNode[];
  itemDefinitions: ItemDefinition[];
  imports: ModelImport[];
  /** Where each element with an id starts in the source. */
  locations: Map<string, SourceLocation>;
  /** The text the model was read from, so issues can point inside an expression. */
  source: string;
  /** What the reader skipped (unknown elements, dangling references), with the element's id. */
  warnings: { message: string; elementId?: string; line?: number; column?: number; duplicateId: boolean }[];
}

export function decisionsOf(model: DecisionModel): DecisionNode[] {
  return model.nodes.filter((n): n is DecisionNode => n.kind === 'decision');
}

export function inputsOf(model: DecisionModel): InputDataNode[] {
  return model.nodes.filter((n): n is InputDataNode => n.kind === 'input');
}

export function servicesOf(model: DecisionModel): DecisionServiceNode[] {
  return model.nodes.filter((n): n is DecisionServiceNode => n.kind === 'service');
}
