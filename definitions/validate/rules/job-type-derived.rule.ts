/**
 * A Camunda 7, Flowable or Activiti service task runs Java in its engine; here it becomes a job for
 * an external worker, typed from that implementation (model/extensions.ts, engineJobType). The
 * model deploys, and the warning shows which job type a worker must take.
 */
import { describeElement } from '../issue';
import { nodesOf, type Rule } from '../rule-context';

export const jobTypeDerivedRule: Rule = {
  name: 'job-type-derived',
  check(ctx) {
    for (const node of nodesOf(ctx.graph)) {
      const derived = node.task?.jobTypeDerivedFrom;
      if (!derived || !node.task?.jobType) continue;
      ctx.report(
        'JOB_TYPE_DERIVED',
        'warning',
        node,
        `${describeElement(node)} runs ${derived.from}="${derived.value}" in its engine; ` +
          `here it becomes a job of type "${node.task.jobType}" ` +
          'for an external worker. Set rebaz:jobType to name the type yourself',
      );
    }
  },
};
