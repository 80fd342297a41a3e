/**
 * Execution listeners that set a variable (definitions/model/listeners.ts): a flow node's `start`
 * as a token arrives and `end` as it leaves, a sequence flow's `take`, the process's `start` and
 * `end`. The variable is set in the scope the element runs in; a value that cannot be computed
 * is an ElementFailure, an incident where the element is, as any failing expression.
 */
import type { Listener } from '../../../definitions/model/graph';
import { evaluate } from './evaluate';
import type { Run } from './run';
import { setVariables, visibleVariables } from './variables';

export function runListeners(
  run: Run,
  listeners: Listener[] | undefined,
  event: Listener['event'],
  scope: string,
): void {
  for (const listener of listeners ?? []) {
    if (listener.event !== event) continue;
    const value = evaluate(listener.value, visibleVariables(run, scope), run.now);
    setVariables(run, scope, { [listener.variable]: value });
  }
}
