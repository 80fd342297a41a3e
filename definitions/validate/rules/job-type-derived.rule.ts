/**
 * A Camunda 7, Flowable or Activiti service task runs Java in its engine; here it becomes a job for
 * an external worker, typed from that implementation (model/extensions.ts, engineJobType). The
 * model deploys, and the warning shows which job type a worker must take. A service, send or business
 * rule task, or a message throw event, with no implementation and no message at all is a job typed by
 * its id (model/build-graph.ts, readJobTypeFromId), as lib-bpmn-engine binds its handlers by id: the
 * work the model asks for is neither skipped nor refused.
 */
import { describeElement } from '../issue';
import { nodesOf, type Rule } from '../rule-context';

export const jobTypeDerivedRule: Rule = {
  name: 'job-type-derived',
  check(ctx) {
    for (const node of nodesOf(ctx.graph)) {
      const derived = node.task?.jobTypeDerivedFrom;
      if (!derived || !node.task?.jobType) continue;
      const what =
        derived.from === 'id' ? 'names no implementation' : `runs ${derived.from}="${derived.value}" in its engine`;
      ctx.report(
        'JOB_TYPE_DERIVED',
        'warning',
        node,
        `${describeElement(node)} ${what}; here it becomes a job of type "${node.task.jobType}"` +
          `${derived.from === 'id' ? ' (its id)' : ''}, which an external worker must take. ` +
          'Set rebaz:jobType to name the type yourself',
      );
    }
  },
};
