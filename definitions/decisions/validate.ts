/**
 * DMN validation with located issues: dangling requirements, cycles, unknown types, FEEL syntax
 * errors, malformed tables, overlapping rules under UNIQUE and the gaps an analyst should see.
 */
import type { DefinitionIssue } from '../validate/issue';
import { feelSyntaxError } from './feel';
import { expressionPosition, lineStarts } from './source-position';
import { requirementCycles } from './graph';
import type { BoxedExpression, DecisionModel, DecisionTable, DrgNode, ElementRef, ItemDefinition } from './model';
import { builtinType } from './types';
import { overlappingRules, uncoveredValues } from './table-analysis';

export type DecisionIssue = DefinitionIssue;

interface Collector {
  model: DecisionModel;
  names: string[];
  starts: number[];
  issues: DecisionIssue[];
  add(issue: Omit<DecisionIssue, 'line' | 'column'>): void;
}

function collector(model: DecisionModel, imported: readonly DecisionModel[]): Collector {
  const issues: DecisionIssue[] = [];
  return {
    model,
    issues,
    names: [...new Set([model, ...imported].flatMap(namesOf))],
    starts: lineStarts(model.source),
    add(issue) {
      const at = model.locations.get(issue.elementId);
      issues.push(at ? { ...issue, line: at.line, column: at.column } : issue);
    },
  };
}

/** Every name a FEEL expression of the model may use, so names with spaces parse. */
function namesOf(model: DecisionModel): string[] {
  const names = new Set<string>(model.nodes.map((n) => n.name));
  for (const i of model.imports) names.add(i.name);
  const addItem = (d: ItemDefinition) => {
    names.add(d.name);
    d.components.forEach(addItem);
  };
  model.itemDefinitions.forEach(addItem);
  const addExpression = (e: BoxedExpression | undefined): void => {
    if (!e) return;
    switch (e.kind) {
      case 'context':
        for (const entry of e.entries) {
          if (entry.name) names.add(entry.name);
          addExpression(entry.value);
        }
        break;
      case 'list':
        e.items.forEach(addExpression);
        break;
      case 'relation':
        e.columns.forEach((c) => names.add(c));
        e.rows.flat().forEach(addExpression);
        break;
      case 'invocation':
        addExpression(e.callee);
        e.bindings.forEach((b) => {
          names.add(b.name);
          addExpression(b.value);
        });
        break;
      case 'function':
        e.parameters.forEach((p) => names.add(p.name));
        addExpression(e.body);
        break;
      case 'table':
        e.outputs.forEach((o) => o.name && names.add(o.name));
        break;
      case 'conditional':
        [e.test, e.then, e.else].forEach(addExpression);
        break;
      case 'filter':
        [e.in, e.match].forEach(addExpression);
        break;
      case 'for':
      case 'some':
      case 'every':
        names.add(e.variable);
        [e.in, e.body].forEach(addExpression);
        break;
      default:
        break;
    }
  };
  for (const node of model.nodes) if (node.kind === 'decision' || node.kind === 'bkm') addExpression(node.logic);
  return [...names].filter(Boolean);
}

function checkFeel(
  c: Collector,
  text: string | undefined,
  kind: 'expression' | 'unaryTests',
  elementId: string,
  elementType: string,
  what: string,
  ownId?: string,
): void {
  // An empty expression is null, not a syntax error.
  if (text === undefined || text.trim() === '') return;
  const problem = feelSyntaxError(text, c.names, kind);
  if (!problem) return;
  const issue: DecisionIssue = {
    code: 'DMN_FEEL_SYNTAX',
    severity: 'error',
    elementId,
    elementType,
    message:
      `FEEL syntax error in ${what} "${text.trim().slice(0, 80)}" at ` +
      `character ${problem.offset + 1}: ${problem.message}. Correct the expression.`,
  };
  // Point at the character itself when the expression's own element has an id.
  const at = ownId ? expressionPosition(c.model, c.starts, ownId, problem.offset) : undefined;
  if (at) c.issues.push({ ...issue, line: at.line, column: at.column });
  else c.add(issue);
}

function isKnownType(c: Collector, typeRef: string | undefined): boolean {
  if (!typeRef) return true;
  if (builtinType(typeRef) || /[<>(]/.test(typeRef) || typeRef === 'null') return true;
  if (c.model.itemDefinitions.some((d) => d.name === typeRef)) return true;
  const dot = typeRef.indexOf('.');
  return dot > 0 && c.model.imports.some((i) => i.name === typeRef.slice(0, dot));
}

function checkType(
  c: Collector,
  typeRef: string | undefined,
  elementId: string,
  elementType: string,
  owner: string,
): void {
  if (isKnownType(c, typeRef)) return;
  c.add({
    code: 'DMN_UNKNOWN_TYPE',
    severity: 'error',
    elementId,
    elementType,
    message:
      `${owner} has typeRef "${typeRef}", which is neither a FEEL type nor an item definition of the model. ` +
      `Define the item definition or correct the typeRef.`,
  });
}

function checkRef(c: Collector, ref: ElementRef, node: DrgNode, kinds: DrgNode['kind'][], what: string): void {
  if (ref.namespace && ref.namespace !== c.model.namespace) {
    if (!c.model.imports.some((i) => i.namespace === ref.namespace)) {
      c.add({
        code: 'DMN_UNKNOWN_REFERENCE',
        severity: 'error',
        elementId: node.id,
        elementType: node.kind,
        message:
          `"${node.name}" requires ${what} "${ref.id}" in namespace ${ref.namespace}, ` +
          `which the model does not import. Add an <import> for it.`,
      });
    }
    return;
  }
  const target = c.model.nodes.find((n) => n.id === ref.id);
  if (!target || !kinds.includes(target.kind)) {
    c.add({
      code: 'DMN_UNKNOWN_REFERENCE',
      severity: 'error',
      elementId: node.id,
      elementType: node.kind,
      message:
        `"${node.name}" requires ${what} "#${ref.id}", which is not in the model. ` +
        `Correct the href or add the element.`,
    });
  }
}

function checkExpression(c: Collector, e: BoxedExpression | undefined, owner: string, ownerId: string): void {
  if (!e) return;
  const id = e.id ?? ownerId;
  checkType(c, e.typeRef, id, e.kind, `An expression of ${owner}`);
  switch (e.kind) {
    case 'literal':
      checkFeel(c, e.text, 'expression', id, 'literalExpression', `${owner}'s expression`, e.id);
      break;
    case 'context':
      for (const entry of e.entries) {
        checkType(c, entry.typeRef, entry.value.id ?? id, 'contextEntry', `Context entry "${entry.name}"`);
        checkExpression(c, entry.value, owner, id);
      }
      break;
    case 'list':
      e.items.forEach((item) => checkExpression(c, item, owner, id));
      break;
    case 'relation':
      e.rows.flat().forEach((cell) => checkExpression(c, cell, owner, id));
      break;
    case 'invocation':
      checkExpression(c, e.callee, owner, id);
      e.bindings.forEach((b) => checkExpression(c, b.value, owner, id));
      break;
    case 'function':
      if (e.language !== 'FEEL')
        c.add({
          code: 'DMN_UNSUPPORTED',
          severity: 'warning',
          elementId: id,
          elementType: 'functionDefinition',
          message:
            `${owner} defines a ${e.language} function, which Rebaz cannot evaluate: it evaluates to null. ` +
            `Write it in FEEL.`,
        });
      e.parameters.forEach((p) => checkType(c, p.typeRef, id, 'formalParameter', `Parameter "${p.name}"`));
      checkExpression(c, e.body, owner, id);
      break;
    case 'table':
      checkTable(c, e, owner, id);
      break;
    case 'conditional':
      [e.test, e.then, e.else].forEach((x) => checkExpression(c, x, owner, id));
      break;
    case 'filter':
      [e.in, e.match].forEach((x) => checkExpression(c, x, owner, id));
      break;
    case 'for':
    case 'some':
    case 'every':
      [e.in, e.body].forEach((x) => checkExpression(c, x, owner, id));
      break;
    case 'unsupported':
      c.add({
        code: 'DMN_UNSUPPORTED',
        severity: 'warning',
        elementId: id,
        elementType: e.element,
        message: `${owner} uses <${e.element}>, which Rebaz does not evaluate: the decision will fail.`,
      });
      break;
  }
}

function checkTable(c: Collector, table: DecisionTable, owner: string, tableId: string): void {
  table.inputs.forEach((input, i) => {
    const id = input.id ?? tableId;
    checkFeel(c, input.text, 'expression', id, 'inputExpression', `input ${i + 1} of ${owner}`, input.id);
    checkFeel(c, input.allowedValues, 'unaryTests', id, 'inputValues', `the input values of input ${i + 1}`);
    checkType(c, input.typeRef, id, 'inputExpression', `Input ${i + 1} of ${owner}`);
  });
  table.outputs.forEach((output, i) => {
    const id = output.id ?? tableId;
    checkFeel(
      c,
      output.allowedValues,
      'unaryTests',
      id,
      'outputValues',
      `the output values of output ${output.name ?? i + 1}`,
    );
    checkFeel(
      c,
      output.defaultValue,
      'expression',
      id,
      'defaultOutputEntry',
      `the default of output ${output.name ?? i + 1}`,
    );
    checkType(c, output.typeRef, id, 'output', `Output ${output.name ?? i + 1} of ${owner}`);
  });
  if (table.aggregation && table.outputs.length > 1) {
    c.add({
      code: 'DMN_AGGREGATION_OUTPUTS',
      severity: 'error',
      elementId: tableId,
      elementType: 'decisionTable',
      message:
        `The decision table of ${owner} aggregates with ${table.aggregation} but ` +
        `has ${table.outputs.length} outputs. Keep one output or drop the aggregation.`,
    });
  }
  for (const rule of table.rules) {
    const ruleId = rule.id ?? tableId;
    if (rule.inputEntries.length !== table.inputs.length || rule.outputEntries.length !== table.outputs.length) {
      c.add({
        code: 'DMN_RULE_SHAPE',
        severity: 'error',
        elementId: ruleId,
        elementType: 'rule',
        message:
          `Rule ${rule.index + 1} of ${owner} has ${rule.inputEntries.length} input ` +
          `and ${rule.outputEntries.length} output entries; the table has ${table.inputs.length} inputs ` +
          `and ${table.outputs.length} outputs. Give every rule one entry per column.`,
      });
      continue;
    }
    rule.inputEntries.forEach((entry, i) =>
      checkFeel(
        c,
        entry.text,
        'unaryTests',
        entry.id ?? ruleId,
        'inputEntry',
        `rule ${rule.index + 1}, input ${i + 1}`,
        entry.id,
      ),
    );
    rule.outputEntries.forEach((entry, i) =>
      checkFeel(
        c,
        entry.text,
        'expression',
        entry.id ?? ruleId,
        'outputEntry',
        `rule ${rule.index + 1}, output ${i + 1}`,
        entry.id,
      ),
    );
  }
  if (table.rules.length > 0) {
    table.inputs.forEach((input, i) => {
      if (
        table.rules.every(
          (r) => (r.inputEntries[i]?.text ?? '-').trim() === '-' || r.inputEntries[i]?.text.trim() === '',
        )
      ) {
        c.add({
          code: 'DMN_INPUT_UNTESTED',
          severity: 'warning',
          elementId: input.id ?? tableId,
          elementType: 'input',
          message: `No rule of ${owner} tests input ${i + 1} "${input.text.trim()}". Remove the input or test it.`,
        });
      }
    });
  }
  if (table.hitPolicy === 'UNIQUE') {
    for (const [a, b] of overlappingRules(table)) {
      c.add({
        code: 'DMN_UNIQUE_OVERLAP',
        severity: 'warning',
        elementId: b.id ?? tableId,
        elementType: 'rule',
        message:
          `Rules ${a.index + 1} and ${b.index + 1} of ${owner} can match the same inputs, ` +
          `but the hit policy is UNIQUE: evaluating such inputs fails. ` +
          `Make the rules exclusive or choose another hit policy.`,
      });
    }
  }
  if (!table.outputs.some((o) => o.defaultValue !== undefined)) {
    for (const gap of uncoveredValues(table)) {
      c.add({
        code: 'DMN_TABLE_GAP',
        severity: 'warning',
        elementId: table.inputs[gap.input].id ?? tableId,
        elementType: 'input',
        message:
          `No rule of ${owner} matches when input ${gap.input + 1} "${table.inputs[gap.input].text.trim()}" ` +
          `is ${gap.value}: the table then gives null. Add a rule or a default output.`,
      });
    }
  }
}

/**
 * Finds what is wrong with a DMN model; errors make it unevaluable, warnings are for analysts.
 * `models`: the models it may import, whose element names its expressions may use.
 */
export function validateDecisionModel(
  model: DecisionModel,
  options: { models?: readonly DecisionModel[] } = {},
): { issues: DecisionIssue[]; valid: boolean } {
  // The names of imported models' elements may appear in expressions (`import.Say Hello(…)`).
  const imported = (options.models ?? []).filter((m) => model.imports.some((i) => i.namespace === m.namespace));
  const c = collector(model, imported);
  for (const warning of model.warnings) {
    const issue: DecisionIssue = warning.duplicateId
      ? {
          code: 'DMN_DUPLICATE_ID',
          severity: 'error',
          elementId: warning.elementId ?? '',
          elementType: 'element',
          message: `${warning.message}: the element was dropped. Give every element its own id.`,
        }
      : {
          code: 'DMN_READ_WARNING',
          severity: 'warning',
          elementId: warning.elementId ?? '',
          elementType: 'element',
          message: `${warning.message}. The reader skipped it.`,
        };
    c.issues.push(warning.line ? { ...issue, line: warning.line, column: warning.column } : issue);
  }
  const checkItem = (d: ItemDefinition) => {
    checkType(c, d.typeRef, d.id ?? d.name, 'itemDefinition', `Item definition "${d.name}"`);
    checkFeel(c, d.allowedValues, 'unaryTests', d.id ?? d.name, 'allowedValues', `the allowed values of "${d.name}"`);
    checkFeel(
      c,
      d.typeConstraint,
      'unaryTests',
      d.id ?? d.name,
      'typeConstraint',
      `the type constraint of "${d.name}"`,
    );
    d.components.forEach(checkItem);
  };
  model.itemDefinitions.forEach(checkItem);
  for (const node of model.nodes) {
    checkType(c, node.typeRef, node.id, node.kind, `"${node.name}"`);
    if (node.kind === 'decision' || node.kind === 'bkm') {
      node.requires.inputs.forEach((r) => checkRef(c, r, node, ['input'], 'input data'));
      node.requires.decisions.forEach((r) => checkRef(c, r, node, ['decision'], 'decision'));
      node.requires.knowledge.forEach((r) => checkRef(c, r, node, ['bkm', 'service'], 'knowledge'));
      checkExpression(c, node.logic, `"${node.name}"`, node.id);
      if (node.kind === 'decision' && !node.logic)
        c.add({
          code: 'DMN_NO_LOGIC',
          severity: 'warning',
          elementId: node.id,
          elementType: 'decision',
          message:
            `Decision "${node.name}" has no decision logic: it evaluates to null. ` +
            `Add a decision table or an expression.`,
        });
    }
    if (node.kind === 'service') {
      [...node.outputDecisions, ...node.encapsulatedDecisions, ...node.inputDecisions].forEach((r) =>
        checkRef(c, r, node, ['decision'], 'decision'),
      );
      node.inputData.forEach((r) => checkRef(c, r, node, ['input'], 'input data'));
    }
  }
  for (const cycle of requirementCycles(model)) {
    const names = cycle.map((id) => model.nodes.find((n) => n.id === id)?.name ?? id);
    c.add({
      code: 'DMN_REQUIREMENT_CYCLE',
      severity: 'error',
      elementId: cycle[0],
      elementType: 'decision',
      message:
        `The requirements form a cycle: ${names.join(' → ')}. A decision cannot require itself; ` +
        `remove one requirement.`,
    });
  }
  return { issues: c.issues, valid: !c.issues.some((i) => i.severity === 'error') };
}
