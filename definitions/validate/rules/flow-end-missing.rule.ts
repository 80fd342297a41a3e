/**
 * A sequence flow whose sourceRef or targetRef names no element would be dropped while reading,
 * and the model would run without it: an error, so the analyst reconnects or deletes it.
 */
import type { Rule } from '../rule-context';

export const flowEndMissingRule: Rule = {
  name: 'flow-end-missing',
  check(ctx) {
    for (const el of ctx.flowElements) {
      if (el.$type !== 'bpmn:SequenceFlow') continue;
      const missing = [
        ['sourceRef', 'comes from'],
        ['targetRef', 'leads to'],
      ].filter(([property]) => !el[property]?.id);
      if (missing.length === 0) continue;
      const ends = missing.map(([property, verb]) => {
        const written = writtenReference(ctx.parsed.xml, ctx.parsed.locations.get(el.id)?.line, property);
        return written === undefined
          ? `names no ${property === 'sourceRef' ? 'source' : 'target'}`
          : `${verb} "${written}", which no element has as its id`;
      });
      ctx.report(
        'FLOW_END_MISSING',
        'error',
        el,
        `Sequence flow ${el.id || '(without an id)'} ${ends.join(' and ')}: ` +
          `connect it between two elements of the process, or delete it`,
      );
    }
  },
};

/** The id the file wrote in sourceRef or targetRef, read from the flow's start tag (moddle drops it). */
function writtenReference(xml: string, line: number | undefined, property: string): string | undefined {
  if (line === undefined) return undefined;
  const text = xml
    .split('\n', line + 20)
    .slice(line - 1)
    .join('\n');
  const tag = text.slice(0, Math.max(text.indexOf('>'), 0));
  return new RegExp(`\\s${property}\\s*=\\s*["']([^"']*)["']`).exec(tag)?.[1];
}
