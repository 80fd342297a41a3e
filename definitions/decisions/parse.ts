/**
 * DMN text in, a {@link DecisionModel} out. Reads DMN 1.1 to 1.5 with dmn-moddle: the newer and
 * older model namespaces are read as DMN 1.3 (their elements are the same, plus the 1.4/1.5 boxed
 * expressions declared in dmn15-types), and positions are taken from the original text.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import { DmnModdle } from 'dmn-moddle';
import dmn13 from 'dmn-moddle/resources/dmn/json/dmn13.json';
import { guardDefinitionXml } from '../parse/guard';
import { locateElements } from '../parse/locations';
import { DMN15_TYPES, TYPE_CONSTRAINT } from './dmn15-types';
import type {
  Aggregation,
  BoxedExpression,
  DecisionModel,
  DrgNode,
  ElementRef,
  FunctionExpression,
  HitPolicy,
  ItemDefinition,
  Requirements,
} from './model';

const DMN13_MODEL = 'https://www.omg.org/spec/DMN/20191111/MODEL/';
const DMN13_DI = 'https://www.omg.org/spec/DMN/20191111/DMNDI/';
const MODEL_NAMESPACES = [
  'http://www.omg.org/spec/DMN/20151101/dmn.xsd',
  'http://www.omg.org/spec/DMN/20180521/MODEL/',
  'https://www.omg.org/spec/DMN/20211108/MODEL/',
  'https://www.omg.org/spec/DMN/20230324/MODEL/',
];
const DI_NAMESPACES = [
  'http://www.omg.org/spec/DMN/20180521/DMNDI/',
  'https://www.omg.org/spec/DMN/20211108/DMNDI/',
  'https://www.omg.org/spec/DMN/20230324/DMNDI/',
];

/** Thrown when the text cannot be read as DMN at all; everything else is judged by validation. */
export class DecisionParseError extends Error {
  override readonly name = 'DecisionParseError';
  constructor(
    readonly code: 'DMN_UNREADABLE' | 'NOT_DMN',
    message: string,
  ) {
    super(message);
  }
}

let moddle: DmnModdle | undefined;

function createModdle(): DmnModdle {
  const types = dmn13.types.map((type) =>
    type.name === 'ItemDefinition'
      ? { ...type, properties: [...(type.properties as unknown[]), TYPE_CONSTRAINT] }
      : type,
  );
  return new DmnModdle({ dmn: { ...dmn13, types: [...types, ...DMN15_TYPES] } });
}

/** Reads DMN XML. @throws DecisionParseError when the text is not well-formed DMN. */
export async function parseDecisionModel(input: string): Promise<DecisionModel> {
  const xml = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  try {
    guardDefinitionXml(xml, {});
  } catch (error) {
    throw new DecisionParseError('DMN_UNREADABLE', (error as Error).message);
  }
  if (!/<(\w+:)?definitions[\s>]/.test(xml))
    throw new DecisionParseError('NOT_DMN', 'The file has no DMN <definitions> element: is it a DMN model?');
  moddle ??= createModdle();
  let normalised = xml;
  for (const ns of MODEL_NAMESPACES) normalised = normalised.split(`"${ns}"`).join(`"${DMN13_MODEL}"`);
  for (const ns of DI_NAMESPACES) normalised = normalised.split(`"${ns}"`).join(`"${DMN13_DI}"`);
  const result = await moddle.fromXML(normalised, 'dmn:Definitions').catch((error: Error) => {
    throw new DecisionParseError('DMN_UNREADABLE', `The DMN file cannot be read: ${error.message}`);
  });
  const definitions = result.rootElement;
  if (!definitions || definitions.$type !== 'dmn:Definitions')
    throw new DecisionParseError('NOT_DMN', 'The file is not a DMN 1.1–1.5 model.');
  return {
    id: definitions.id,
    name: definitions.name ?? '',
    namespace: definitions.namespace ?? '',
    nodes: (definitions.drgElement ?? [])
      .map(readNode)
      .filter((n: DrgNode | undefined): n is DrgNode => n !== undefined),
    itemDefinitions: (definitions.itemDefinition ?? []).map(readItemDefinition),
    imports: (definitions.import ?? []).map((i: any) => ({
      name: i.name ?? '',
      namespace: i.namespace ?? '',
      importType: i.importType ?? '',
      locationURI: i.locationURI,
    })),
    locations: locateElements(xml),
    source: xml,
    warnings: result.warnings.map(readWarning),
  };
}

/** moddle's `unparsable content <x> detected\n\tline: 2\n\tcolumn: 27\n\tnested error: …` (0-based), read apart. */
function readWarning(warning: { message: string; element?: { id?: string } }): DecisionModel['warnings'][number] {
  const [first, ...details] = warning.message.split('\n').map((l) => l.trim());
  const detail = (name: string) =>
    details
      .find((d) => d.startsWith(`${name}:`))
      ?.slice(name.length + 1)
      .trim();
  const line = Number(detail('line'));
  const column = Number(detail('column'));
  const cause = detail('nested error');
  return {
    message: cause ? `${first.replace(/^unparsable content /, '').replace(/ detected$/, '')}: ${cause}` : first,
    elementId: warning.element?.id,
    duplicateId: cause?.startsWith('duplicate ID') ?? false,
    ...(Number.isFinite(line) && detail('line') !== undefined ? { line: line + 1, column: column + 1 } : {}),
  };
}

/** `feel:number` (DMN 1.1) and `number` name the same type. */
export function normaliseTypeRef(typeRef: string | undefined): string | undefined {
  if (!typeRef) return undefined;
  const trimmed = typeRef.trim();
  const colon = trimmed.indexOf(':');
  return colon > 0 && !trimmed.includes(' ') && !trimmed.slice(0, colon).includes('.')
    ? trimmed.slice(colon + 1)
    : trimmed;
}

function ref(element: any): ElementRef | undefined {
  const href: string | undefined = element?.href;
  if (!href) return undefined;
  const hash = href.indexOf('#');
  if (hash < 0) return { id: href };
  return hash === 0 ? { id: href.slice(1) } : { namespace: href.slice(0, hash), id: href.slice(hash + 1) };
}

function refs(elements: any[] | undefined): ElementRef[] {
  return (elements ?? []).map(ref).filter((r): r is ElementRef => r !== undefined);
}

function requirementsOf(element: any): Requirements {
  const info = element.informationRequirement ?? [];
  return {
    decisions: refs(info.map((r: any) => r.requiredDecision)),
    inputs: refs(info.map((r: any) => r.requiredInput)),
    knowledge: refs((element.knowledgeRequirement ?? []).map((r: any) => r.requiredKnowledge)),
  };
}

function readNode(element: any): DrgNode | undefined {
  const base = {
    id: element.id ?? '',
    name: element.name ?? element.variable?.name ?? '',
    typeRef: normaliseTypeRef(element.variable?.typeRef),
  };
  switch (element.$type) {
    case 'dmn:Decision':
      return {
        kind: 'decision',
        ...base,
        logic: readExpression(element.decisionLogic),
        requires: requirementsOf(element),
      };
    case 'dmn:InputData':
      return { kind: 'input', ...base };
    case 'dmn:BusinessKnowledgeModel': {
      const logic = element.encapsulatedLogic
        ? (readExpression(element.encapsulatedLogic) as FunctionExpression)
        : undefined;
      return { kind: 'bkm', ...base, logic, requires: requirementsOf(element) };
    }
    case 'dmn:DecisionService':
      return {
        kind: 'service',
        ...base,
        outputDecisions: refs(element.outputDecision),
        encapsulatedDecisions: refs(element.encapsulatedDecision),
        inputDecisions: refs(element.inputDecision),
        inputData: refs(element.inputData),
      };
    default:
      return undefined;
  }
}

function readItemDefinition(element: any): ItemDefinition {
  const functionItem = element.functionItem
    ? {
        parameters: (element.functionItem.parameters ?? []).map((p: any) => ({
          name: p.name,
          typeRef: normaliseTypeRef(p.typeRef),
        })),
        outputTypeRef: normaliseTypeRef(element.functionItem.outputTypeRef),
      }
    : undefined;
  return {
    id: element.id,
    name: element.name ?? '',
    typeRef: normaliseTypeRef(element.typeRef),
    allowedValues: element.allowedValues?.text,
    typeConstraint: element.typeConstraint?.text,
    isCollection: element.isCollection === true,
    components: (element.itemComponent ?? []).map(readItemDefinition),
    functionItem,
  };
}

function child(element: any): BoxedExpression {
  return readExpression(element?.value) ?? { kind: 'literal', id: element?.id, text: 'null' };
}

export function readExpression(element: any): BoxedExpression | undefined {
  if (!element) return undefined;
  const base = { id: element.id as string | undefined, typeRef: normaliseTypeRef(element.typeRef) };
  switch (element.$type) {
    case 'dmn:LiteralExpression':
      return { kind: 'literal', ...base, text: element.text ?? '' };
    case 'dmn:Context':
      return {
        kind: 'context',
        ...base,
        entries: (element.contextEntry ?? []).map((e: any) => ({
          name: e.variable?.name,
          typeRef: normaliseTypeRef(e.variable?.typeRef),
          value: readExpression(e.value) ?? { kind: 'literal', id: e.id, text: 'null' },
        })),
      };
    case 'dmn:List':
      return { kind: 'list', ...base, items: (element.elements ?? []).map(readExpression) };
    case 'dmn:Relation':
      return {
        kind: 'relation',
        ...base,
        columns: (element.column ?? []).map((c: any) => c.name ?? ''),
        rows: (element.row ?? []).map((r: any) => (r.elements ?? []).map(readExpression)),
      };
    case 'dmn:Invocation':
      return {
        kind: 'invocation',
        ...base,
        callee: readExpression(element.calledFunction) ?? { kind: 'literal', text: 'null' },
        bindings: (element.binding ?? []).map((b: any) => ({
          name: b.parameter?.name ?? '',
          value: readExpression(b.bindingFormula),
        })),
      };
    case 'dmn:FunctionDefinition':
      return {
        kind: 'function',
        ...base,
        language: element.kind === 'Java' || element.kind === 'PMML' ? element.kind : 'FEEL',
        parameters: (element.formalParameter ?? []).map((p: any) => ({
          name: p.name ?? '',
          typeRef: normaliseTypeRef(p.typeRef),
        })),
        body: readExpression(element.body),
      };
    case 'dmn:DecisionTable':
      return {
        kind: 'table',
        ...base,
        hitPolicy: (element.hitPolicy ?? 'UNIQUE') as HitPolicy,
        aggregation: element.aggregation as Aggregation | undefined,
        inputs: (element.input ?? []).map((i: any) => ({
          id: i.id,
          text: i.inputExpression?.text ?? '',
          typeRef: normaliseTypeRef(i.inputExpression?.typeRef),
          allowedValues: i.inputValues?.text,
        })),
        outputs: (element.output ?? []).map((o: any) => ({
          id: o.id,
          name: o.name,
          typeRef: normaliseTypeRef(o.typeRef),
          allowedValues: o.outputValues?.text,
          defaultValue: o.defaultOutputEntry?.text,
        })),
        rules: (element.rule ?? []).map((r: any, index: number) => ({
          id: r.id,
          index,
          inputEntries: (r.inputEntry ?? []).map((e: any) => ({ id: e.id, text: e.text ?? '-' })),
          outputEntries: (r.outputEntry ?? []).map((e: any) => ({ id: e.id, text: e.text ?? 'null' })),
        })),
      };
    case 'dmn:Conditional':
      return {
        kind: 'conditional',
        ...base,
        test: child(element.if),
        then: child(element.then),
        else: child(element.else),
      };
    case 'dmn:Filter':
      return { kind: 'filter', ...base, in: child(element.in), match: child(element.match) };
    case 'dmn:For':
      return {
        kind: 'for',
        ...base,
        variable: element.iteratorVariable ?? '',
        in: child(element.in),
        body: child(element.return),
      };
    case 'dmn:Some':
    case 'dmn:Every':
      return {
        kind: element.$type === 'dmn:Some' ? 'some' : 'every',
        ...base,
        variable: element.iteratorVariable ?? '',
        in: child(element.in),
        body: child(element.satisfies),
      };
    default:
      return { kind: 'unsupported', ...base, element: String(element.$type ?? 'unknown').replace(/^dmn:/, '') };
  }
}
