/** What a finished child case hands back to its call activity. */
import type { GraphNode } from '../../definitions/model/graph';
import type { Variables } from './types';

/** All child variables when the call propagates everything or maps outputs from them; none otherwise. */
export function callResult(callActivity: GraphNode, childVariables: Variables): Variables {
  const all = callActivity.task?.propagateAll?.out !== false;
  return all || callActivity.outputs.length > 0 ? { ...childVariables } : {};
}
