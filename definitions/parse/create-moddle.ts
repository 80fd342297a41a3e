/**
 * The moddle instance that reads our definitions: BPMN plus the rebaz, Camunda 7 (camunda:),
 * Camunda 8 (zeebe:), Flowable (flowable:) and Activiti (activiti:) extension packages, so vendor
 * attributes parse into typed properties or, where they cannot, into `$attrs` under the package's
 * own prefix whatever prefix the file chose. Operaton's namespace (operaton:, the fork of Camunda 7)
 * is read as Camunda 7's: its elements and attributes become `camunda:` ones as they are read.
 */
import { BpmnModdle, type ModdlePackage } from 'bpmn-moddle';
import camunda from 'camunda-bpmn-moddle/resources/camunda.json' with { type: 'json' };
import zeebe from 'zeebe-bpmn-moddle/resources/zeebe.json' with { type: 'json' };
import rebaz from './rebaz.json' with { type: 'json' };

/**
 * Moddle keys the attributes that packages add to a BPMN type by their local name, and refuses to
 * build a type where two packages add the same one ("property <assignee> already defined"): the
 * element, and in lax mode its whole process, would be dropped. So where names collide, one
 * package keeps the typed property and the other's attribute stays in `$attrs`. Both read the
 * same way: `element.get('camunda:assignee')`, `element.get('rebaz:assignee')`.
 */
const SHADOWED: Record<string, Record<string, string[]>> = {
  // rebaz wins on user tasks and script tasks.
  camunda: {
    Assignable: ['assignee', 'candidateUsers', 'candidateGroups', 'dueDate', 'priority'],
    ScriptTask: ['resultVariable'],
    // zeebe declares the same template attributes (plus modelerTemplateIcon).
    TemplateSupported: ['modelerTemplate', 'modelerTemplateVersion'],
  },
};

/** The namespaces of the engines Camunda 7 grew out of (Activiti 5) and that forked from it (Flowable 6). */
export const FLOWABLE_URI = 'http://flowable.org/bpmn';
export const ACTIVITI_URI = 'http://activiti.org/bpmn';

/** Camunda 7's namespace, and Operaton's: its fork, whose modeler writes the same elements and attributes. */
export const CAMUNDA_URI = 'http://camunda.org/schema/1.0/bpmn';
export const OPERATON_URI = 'http://operaton.org/schema/1.0/bpmn';

/**
 * Namespaces read as another package's (moddle-xml's `nsMap`: URI → the prefix of the package it
 * reads as). Operaton's elements and attributes are Camunda 7's under another URI, so they are read
 * as `camunda:` ones, and every reader of Camunda 7's (`el.get('camunda:assignee')`,
 * `extension(el, 'camunda:InputOutput')`) reads Operaton's with no reader of its own to keep in step.
 */
export const NAMESPACES_READ_AS: Readonly<Record<string, string>> = { [OPERATON_URI]: 'camunda' };

/**
 * The Flowable and Activiti attributes the model reads (model/extensions.ts). They have the same
 * names as Camunda's on the same BPMN types, so they cannot be typed properties (see SHADOWED):
 * they stay in `$attrs`, and are no "unknown attribute".
 */
const ENGINE_ATTRIBUTES = [
  'class',
  'expression',
  'delegateExpression',
  'type',
  'topic',
  'resultVariable',
  'resultVariableName',
  'assignee',
  'candidateGroups',
  'candidateUsers',
  'dueDate',
  'priority',
  'formKey',
  'collection',
  'elementVariable',
  'initiator',
  'resource',
  'errorCodeVariable',
  'errorMessageVariable',
  'inheritVariables',
  'terminateAll',
  'terminateMultiInstance',
  'skipExpression',
];

/** The prefixes whose attributes live in `$attrs` only (see legacyEnginePackage). */
export const ATTRIBUTES_IN_ATTRS: ReadonlySet<string> = new Set(['flowable', 'activiti']);

/**
 * Attributes that live in `$attrs` by design (see SHADOWED), so "unknown attribute" warnings for them
 * are noise. `rebaz:calledElement` collides with BPMN's own `calledElement` and cannot be declared at all.
 */
export const UNDECLARED_ATTRIBUTES: ReadonlySet<string> = new Set([
  ...Object.entries(SHADOWED).flatMap(([prefix, types]) =>
    Object.values(types)
      .flat()
      .map((name) => `${prefix}:${name}`),
  ),
  ...[...ATTRIBUTES_IN_ATTRS].flatMap((prefix) => ENGINE_ATTRIBUTES.map((name) => `${prefix}:${name}`)),
  'rebaz:calledElement',
]);

/**
 * A BpmnModdle that knows the rebaz, camunda (also under Operaton's namespace), zeebe, flowable and
 * activiti packages. Pure; safe to share.
 */
export function createModdle(): BpmnModdle {
  return new BpmnModdle(
    {
      rebaz: rebaz as ModdlePackage,
      zeebe: zeebe as ModdlePackage,
      camunda: withoutProperties(camunda as ModdlePackage, SHADOWED.camunda),
      flowable: legacyEnginePackage('Flowable', 'flowable', FLOWABLE_URI),
      activiti: legacyEnginePackage('Activiti', 'activiti', ACTIVITI_URI),
    },
    { nsMap: NAMESPACES_READ_AS },
  );
}

interface TypeDescriptor {
  name: string;
  extends?: string[];
  superClass?: string[];
  properties?: Array<{ name: string }>;
}

function withoutProperties(pkg: ModdlePackage, drop: Record<string, string[]>): ModdlePackage {
  const types = (pkg.types as TypeDescriptor[]).map((type) => {
    const names = drop[type.name];
    if (!names) return type;
    return { ...type, properties: (type.properties ?? []).filter((p) => !names.includes(p.name)) };
  });
  return { ...pkg, types };
}

/**
 * Activiti and Flowable share Camunda 7's extension elements (`field`, `in`, `out`, listeners,
 * `formProperty`, …), so their package is Camunda's element types under their own prefix and
 * namespace. Camunda's attribute traits (types that extend BPMN types) are left out: every one of
 * their attributes collides with Camunda's, so Flowable's and Activiti's attributes stay in
 * `$attrs`, read as `element.get('flowable:class')` even when the file writes another prefix
 * (some Activiti files bind the prefix `camunda` to the Activiti namespace). Their `value` element
 * is also an extension element of its own: a data object's initial value
 * (`<activiti:value>Batman</activiti:value>`, model/data-objects.ts).
 */
function legacyEnginePackage(name: string, prefix: string, uri: string): ModdlePackage {
  const types = (camunda.types as TypeDescriptor[])
    .filter((type) => !type.extends)
    .map((type) => JSON.parse(JSON.stringify(type).replaceAll('"camunda:', `"${prefix}:`)) as TypeDescriptor)
    .map((type) => (type.name === 'Value' ? { ...type, superClass: [...(type.superClass ?? []), 'Element'] } : type));
  return { ...(camunda as ModdlePackage), name, prefix, uri, types };
}
