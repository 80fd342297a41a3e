/**
 * Forms and the elements that show them must meet: a form key no deployed form has leaves the
 * task or start without its form, and a deployed form that no element references is likely a
 * misspelt key. Checked only when the caller gives the forms (deploy, the builder). A form the
 * model declares field by field (camunda:formData) comes with it.
 */
import { buildGraph } from '../../model/build-graph';
import type { ModdleElement } from '../../model/extensions';
import { processesOf } from '../../parse/processes';
import { describeElement } from '../issue';
import { nodesOf, type Rule, type RuleContext } from '../rule-context';

export const formReferenceRule: Rule = {
  name: 'form-reference',
  check(ctx) {
    if (!ctx.formsGiven) return;
    const deployed = Object.keys(ctx.forms);
    for (const node of nodesOf(ctx.graph)) {
      const formKey = node.task?.formKey;
      if (!formKey || formKey in ctx.forms || node.task?.generatedForm) continue;
      const listed =
        deployed.length > 0
          ? `the forms deployed with it are ${deployed.map((k) => `"${k}"`).join(', ')}`
          : 'no form is deployed with it';
      ctx.report(
        'FORM_NOT_DEPLOYED',
        'warning',
        node,
        `${describeElement(node)} shows the form "${formKey}", but ${listed}: ` +
          `deploy the form with the model, or correct the key`,
      );
    }
    const used = formKeysInFile(ctx);
    for (const formKey of deployed) {
      if (used.has(formKey)) continue;
      ctx.report(
        'FORM_UNUSED',
        'warning',
        ctx.process,
        `The form "${formKey}" is deployed, but no start event or user task shows it: ` +
          `reference it (rebaz:form="${formKey}"), or leave it out`,
      );
    }
  },
};

/** The form keys of every process in the file: a form may belong to another process deployed with it. */
function formKeysInFile(ctx: RuleContext): Set<string> {
  const keys = new Set<string>();
  for (const processEl of processesOf(ctx.parsed) as ModdleElement[]) {
    const graph = processEl === ctx.process ? ctx.graph : buildGraph(processEl);
    for (const node of Object.values(graph.nodes)) if (node.task?.formKey) keys.add(node.task.formKey);
  }
  return keys;
}
