/**
 * What a query costs, worked out from its text before anything runs, so that one request cannot
 * make the server read thousands of records:
 *
 * - Each field costs 1. A field the server answers with a read of the database costs READ_COST:
 *   every top-level field, and the nested fields in READ_FIELDS (a case's tasks, a task's case…).
 * - A field with a `first` argument multiplies the cost of its selection by `first`: the number
 *   written in the query (at most the largest page), else the argument's default, else the
 *   engine's page size (50). A variable counts as the largest page (200; 1000 for the company
 *   register): the cost is worked out once per query text, whatever the variables.
 *   A connection's `edges` are that page, not a second list.
 * - Any other list of objects multiplies by the most items it holds: a case's tasks, history and
 *   incidents 200 (LIST_ITEMS), other lists 10.
 * - Introspection (`__schema`, `__type`, `__typename`) costs nothing here; production refuses it.
 *
 * The rule is a validation rule, so yoga caches its verdict with the query's other checks.
 */
import type {
  DocumentNode,
  FieldNode,
  FragmentDefinitionNode,
  GraphQLField,
  GraphQLNamedType,
  GraphQLOutputType,
  GraphQLSchema,
  OperationDefinitionNode,
  SelectionSetNode,
  ValidationRule,
} from 'graphql/index.js';
import { DEFAULT_PAGE, MAX_PAGE } from '../../engine/queries/pagination';
import { Kind, getNamedType, isListType, isNonNullType } from '../graphql-js';

/** A database read, against 1 for a value the server already holds. */
export const READ_COST = 25;
/** Items counted for a list of objects without `first` and not in LIST_ITEMS. */
export const DEFAULT_LIST_ITEMS = 10;

/** Nested fields answered by a read of the database for each parent (top-level fields all are). */
export const READ_FIELDS: ReadonlySet<string> = new Set([
  'Case.definition',
  'Case.variables',
  'Case.tasks',
  'Case.history',
  'Case.incidentElements',
  'Case.completedElements',
  'Case.adHocActivities',
  'Case.auditTrail',
  'Case.auditVerdict',
  'Case.incidents',
  'Task.case',
  'Task.form',
  'Task.prefill',
  'Task.actions',
  'Incident.case',
  'Definition.bpmnXml',
  'Definition.forms',
  'DecisionDefinition.dmnXml',
]);

/** The most items of a list without `first` (200: what the resolver asks the engine for). */
export const LIST_ITEMS: Readonly<Record<string, number>> = {
  'Case.tasks': MAX_PAGE,
  'Case.history': MAX_PAGE,
  'Case.incidents': MAX_PAGE,
};

/** The largest `first` of a field whose pages are not the engine's 200. */
export const PAGE_MAX: Readonly<Record<string, number>> = { 'Query.companyRegister': 1000 };

type Fragments = (name: string) => FragmentDefinitionNode | null | undefined;

interface Place {
  /** The operation's own fields: each a read. */
  root: boolean;
  /** Directly inside a connection whose `first` was counted: its `edges` are that page. */
  page: boolean;
}

const unwrap = (type: GraphQLOutputType) => (isNonNullType(type) ? type.ofType : type);

function fieldsOf(type: GraphQLNamedType): Record<string, GraphQLField<unknown, unknown>> | undefined {
  // Object and interface types have fields; unions, scalars and enums do not.
  return 'getFields' in type && typeof type.getFields === 'function'
    ? (type.getFields() as Record<string, GraphQLField<unknown, unknown>>)
    : undefined;
}

class QueryCost {
  /** A fragment's cost, by name and place, so that one spread many times is costed once. */
  private readonly spreads = new Map<string, number>();
  private readonly costing = new Set<string>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly fragment: Fragments,
  ) {}

  operation(operation: OperationDefinitionNode): number {
    const root = this.schema.getRootType(operation.operation);
    return root ? this.selections(operation.selectionSet, root, { root: true, page: false }) : 0;
  }

  private selections(set: SelectionSetNode, type: GraphQLNamedType, place: Place): number {
    let cost = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) cost += this.field(selection, type, place);
      else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const on = selection.typeCondition ? this.schema.getType(selection.typeCondition.name.value) : type;
        if (on) cost += this.selections(selection.selectionSet, on, place);
      } else cost += this.spread(selection.name.value, place);
    }
    return cost;
  }

  private spread(name: string, place: Place): number {
    const key = `${name} ${place.root} ${place.page}`;
    const known = this.spreads.get(key);
    if (known !== undefined) return known;
    const fragment = this.fragment(name);
    const on = fragment && this.schema.getType(fragment.typeCondition.name.value);
    // An unknown fragment or a cycle is refused by graphql-js' own rules.
    if (!fragment || !on || this.costing.has(key)) return 0;
    this.costing.add(key);
    const cost = this.selections(fragment.selectionSet, on, place);
    this.costing.delete(key);
    this.spreads.set(key, cost);
    return cost;
  }

  private field(node: FieldNode, parent: GraphQLNamedType, place: Place): number {
    const name = node.name.value;
    if (name.startsWith('__')) return 0;
    const field = fieldsOf(parent)?.[name];
    if (!field) return 0; // an unknown field is refused by graphql-js' own rules
    const key = `${parent.name}.${name}`;
    const own = place.root || READ_FIELDS.has(key) ? READ_COST : 1;
    if (!node.selectionSet) return own;
    const list = isListType(unwrap(field.type));
    const paged = field.args.some((arg) => arg.name === 'first');
    const items = paged
      ? this.pageSize(node, field, key)
      : list && !place.page
        ? (LIST_ITEMS[key] ?? DEFAULT_LIST_ITEMS)
        : 1;
    const inside = { root: false, page: paged && !list };
    return own + items * this.selections(node.selectionSet, getNamedType(field.type), inside);
  }

  private pageSize(node: FieldNode, field: GraphQLField<unknown, unknown>, key: string): number {
    const max = PAGE_MAX[key] ?? MAX_PAGE;
    const value = node.arguments?.find((arg) => arg.name.value === 'first')?.value;
    if (value === undefined || value.kind === Kind.NULL) {
      const fallback = field.args.find((arg) => arg.name === 'first')?.defaultValue;
      return typeof fallback === 'number' ? fallback : DEFAULT_PAGE;
    }
    // A page larger than the largest is refused by the resolver (VALIDATION), so it costs the largest.
    if (value.kind === Kind.INT) return Math.max(0, Math.min(Number(value.value), max));
    return max;
  }
}

/** The cost of each operation of a document, by operation name ('' for an anonymous one). */
export function queryCosts(schema: GraphQLSchema, document: DocumentNode): Map<string, number> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const cost = new QueryCost(schema, (name) => fragments.get(name));
  const costs = new Map<string, number>();
  for (const definition of document.definitions)
    if (definition.kind === Kind.OPERATION_DEFINITION)
      costs.set(definition.name?.value ?? '', cost.operation(definition));
  return costs;
}

/** A validation rule that hands each operation's cost to `check`, which refuses it by throwing. */
export function queryCostRule(check: (cost: number) => void): ValidationRule {
  return (context) => {
    const cost = new QueryCost(context.getSchema(), (name) => context.getFragment(name));
    return {
      OperationDefinition(operation) {
        check(cost.operation(operation));
      },
    };
  };
}
