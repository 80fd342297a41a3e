/**
 * What the simulation worker loads, in one module graph: the scenario runner and the script
 * sandbox it needs loaded before a model's JavaScript runs.
 */
export { runScenario } from '../../engine/runtime/scenario';
export { loadScriptSandbox } from '../../definitions/expressions/script';
