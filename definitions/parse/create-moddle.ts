/**
 * The moddle instance that reads our definitions: BPMN plus the rebaz, Camunda 7 (camunda:)
 * and Camunda 8 (zeebe:) extension packages, so vendor attributes parse into typed properties.
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

/**
 * Attributes that live in `$attrs` by design (see SHADOWED), so "unknown attribute" warnings for them
 * are noise. `rebaz:calledElement` collides with BPMN's own `calledElement` and cannot be declared at all.
 */
export const UNDECLARED_ATTRIBUTES: ReadonlySet<string> = new Set([
  ...Object.entries(SHADOWED).flatMap(([prefix, types]) =>
    Object.values(types).flat().map((name) => `${prefix}:${name}`)),
  'rebaz:calledElement',
]);

/** A BpmnModdle that knows the rebaz, camunda and zeebe packages. Pure; safe to share. */
export function createModdle(): BpmnModdle {
  return new BpmnModdle({
    rebaz: rebaz as ModdlePackage,
    zeebe: zeebe as ModdlePackage,
    camunda: withoutProperties(camunda as ModdlePackage, SHADOWED.camunda),
  });
}

interface TypeDescriptor { name: string; properties?: Array<{ name: string }> }

function withoutProperties(pkg: ModdlePackage, drop: Record<string, string[]>): ModdlePackage {
  const types = (pkg.types as TypeDescriptor[]).map((type) => {
    const names = drop[type.name];
    if (!names) return type;
    return { ...type, properties: (type.properties ?? []).filter((p) => !names.includes(p.name)) };
  });
  return { ...pkg, types };
}
