/**
 * Flow nodes and the process need an id: tokens, waits, traces and issues all name elements by
 * it, so a node without one cannot run (BPMN 8.2.1 makes `id` optional only for elements that
 * are never referenced). Sequence flows may omit it; build-graph names them by their ends.
 */
import type { ModdleElement } from '../../model/extensions';
import type { Rule } from '../rule-context';

function typeName(el: ModdleElement): string {
  return String(el.$type ?? 'element').replace(/^bpmn:/, '');
}

function containerName(el: ModdleElement): string {
  const parent = el.$parent;
  if (!parent) return 'the file';
  const name = parent.name ? ` "${parent.name}"` : '';
  return parent.id ? `${typeName(parent)}${name} (${parent.id})` : `an unnamed ${typeName(parent)}${name}`;
}

export const missingIdRule: Rule = {
  name: 'missing-id',
  check(ctx) {
    if (!ctx.process.id) {
      ctx.report(
        'MISSING_ID',
        'error',
        { $type: 'bpmn:Process' },
        `The process${ctx.process.name ? ` "${ctx.process.name}"` : ''} has no id, ` +
          `so it cannot be deployed or started: give it a unique id`,
      );
    }
    const seen = new Map<string, number>();
    for (const el of ctx.flowElements) {
      if (el.id || el.$type === 'bpmn:SequenceFlow' || !el.$instanceOf?.('bpmn:FlowNode')) continue;
      const key = `${containerName(el)}|${el.$type}`;
      const nth = (seen.get(key) ?? 0) + 1;
      seen.set(key, nth);
      ctx.report(
        'MISSING_ID',
        'error',
        el,
        `${typeName(el)} number ${nth} without an id in ${containerName(el)} cannot run: ` +
          `every flow node needs a unique id (re-export the model from a BPMN modeller)`,
      );
    }
  },
};
