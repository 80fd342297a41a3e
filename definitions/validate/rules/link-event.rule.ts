/** A link throw event needs a link catch event of the same name in the same scope. */
import { describeElement } from '../issue';
import { nodesOf, type Rule } from '../rule-context';

export const linkEventRule: Rule = {
  name: 'link-event',
  check(ctx) {
    const nodes = nodesOf(ctx.graph);
    for (const node of nodes) {
      if (node.kind !== 'intermediateThrowEvent' || node.event?.kind !== 'link') continue;
      const name = node.event.linkName;
      const target = nodes.find(
        (n) =>
          n.scope === node.scope &&
          n.kind === 'intermediateCatchEvent' &&
          n.event?.kind === 'link' &&
          n.event.linkName === name,
      );
      if (!target)
        ctx.report(
          'UNKNOWN_LINK',
          'error',
          node,
          `${describeElement(node)} throws link "${name}", but no link catch event of that name is in the ` +
            `same scope: add one or fix the name`,
        );
    }
  },
};
