/**
 * A user task with no assignee, candidate group or candidate user is offered to no one: only an
 * administrator could take it (engine/authz/policy.ts), so cases would stop there.
 */
import { describeElement } from '../issue';
import { nodesOf, type Rule } from '../rule-context';

export const taskWithoutCandidatesRule: Rule = {
  name: 'task-without-candidates',
  check(ctx) {
    for (const node of nodesOf(ctx.graph)) {
      if (node.kind !== 'userTask') continue;
      const task = node.task ?? {};
      if (task.assignee || task.candidateGroups || task.candidateUsers) continue;
      ctx.report(
        'TASK_WITHOUT_CANDIDATES',
        'warning',
        node,
        `No one can take ${describeElement(node)}: it names no assignee, ` +
          `candidate group or candidate user, so only an administrator could work it. ` +
          'Set rebaz:candidateGroups to the group of clerks who work it (or "applicant" for the applicant)',
      );
    }
  },
};
