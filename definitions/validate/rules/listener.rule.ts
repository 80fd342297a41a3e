/**
 * Camunda 7, Flowable and Activiti listeners (`executionListener`, `taskListener`) run Java, JUEL or
 * scripts inside their engine as an element starts, ends or is taken; Camunda 8's
 * `zeebe:executionListeners` and `zeebe:taskListeners` hand the same moment to a worker. Rebaz runs
 * only those that set a variable to a value FEEL can compute (model/listeners.ts), so the model
 * deploys with a warning on each other one, naming what the listener would have run, since work a
 * listener did (a variable it set, a mail it sent) does not happen here unless the model does it
 * in a step.
 */
import { toExpression } from '../../model/build-graph';
import { attr, extensions, type ModdleElement } from '../../model/extensions';
import { LISTENER_TYPES, listenerAction } from '../../model/listeners';
import { describeElement } from '../issue';
import type { Rule } from '../rule-context';

const ZEEBE_LISTENERS = [
  ['zeebe:ExecutionListeners', ''],
  ['zeebe:TaskListeners', ' task'],
] as const;

export const listenerRule: Rule = {
  name: 'listener',
  check(ctx) {
    for (const element of [ctx.process, ...ctx.flowElements]) {
      for (const listener of LISTENER_TYPES.flatMap((type) => extensions(element, type)))
        if (!listenerAction(listener, toExpression))
          ctx.report('LISTENER_NOT_RUN', 'warning', element, notRun(element, describeListener(listener)));
      for (const [type, kind] of ZEEBE_LISTENERS)
        for (const group of extensions(element, type))
          for (const listener of (group.listeners ?? []) as ModdleElement[]) {
            const event = attr(listener, 'eventType') ?? 'start';
            const jobType = attr(listener, 'type') ?? '';
            ctx.report(
              'LISTENER_NOT_RUN',
              'warning',
              element,
              notRun(element, `${article(event)} ${event}${kind} listener (job type "${jobType}")`),
            );
          }
    }
  },
};

function notRun(element: ModdleElement, listener: string): string {
  const subject = describeElement(element);
  return (
    `${subject.charAt(0).toUpperCase()}${subject.slice(1)} has ${listener}, which Rebaz does not run: ` +
    'whatever it did (setting a variable, calling a service) does not happen. Do that work in a step of ' +
    'the model (a script task, or a service task that an external worker takes), then remove the listener'
  );
}

/** `a start listener (class com.acme.Audit)`, `a complete task listener (script in groovy)`. */
function describeListener(listener: ModdleElement): string {
  const kind = listener.$type.endsWith('TaskListener') ? ' task' : '';
  const event = attr(listener, 'event') ?? (kind ? 'create' : 'start');
  const runs = ['class', 'delegateExpression', 'expression']
    .map((name) => [name, attr(listener, name)])
    .find(([, value]) => value !== undefined);
  const what = runs
    ? `${runs[0]} ${runs[1]}`
    : listener.script
      ? `a script in ${attr(listener.script, 'scriptFormat') ?? 'an unnamed language'}`
      : 'nothing named';
  return `${article(event)} ${event}${kind} listener (${what})`;
}

function article(word: string): string {
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}
