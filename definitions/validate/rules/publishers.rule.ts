/**
 * `rebaz:publishers` on a message or signal names who may publish it: `role:<role>`,
 * `group:<group>`, `job:<job type>` or `user:<id>`. Anything else would silently allow nobody.
 */
import type { Rule } from '../rule-context';
import { nodesOf } from '../rule-context';

const KINDS = ['role', 'group', 'job', 'user'];
/** The engine's roles (engine/authz/actor.ts), which the pure core may not import. */
const ROLES = ['analyst', 'clerk', 'applicant', 'auditor', 'admin', 'worker'];

export const publishersRule: Rule = {
  name: 'publishers',
  check(ctx) {
    for (const node of nodesOf(ctx.graph)) {
      const event = node.event;
      if ((event?.kind !== 'message' && event?.kind !== 'signal') || !event.publishers) continue;
      const what = event.kind === 'message' ? `message "${event.messageName}"` : `signal "${event.signalName}"`;
      for (const entry of event.publishers) {
        const problem = publisherProblem(entry);
        if (problem)
          ctx.report(
            'INVALID_PUBLISHER',
            'error',
            node,
            `The ${what} caught by ${node.id} lists the publisher "${entry}", which ${problem}; ` +
              `write role:<role>, group:<group>, job:<job type> or user:<id>, separated by commas`,
          );
      }
    }
  },
};

function publisherProblem(entry: string): string | undefined {
  const colon = entry.indexOf(':');
  const kind = colon > 0 ? entry.slice(0, colon) : '';
  const value = entry.slice(colon + 1).trim();
  if (!KINDS.includes(kind)) return 'names no kind of publisher';
  if (!value) return `names no ${kind}`;
  if (kind === 'role' && !ROLES.includes(value)) return `names no role Rebaz knows (${ROLES.join(', ')})`;
  return undefined;
}
