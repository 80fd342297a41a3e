/**
 * The host functions of a deployment, from a JavaScript module: `REBAZ_FUNCTIONS` for the server,
 * `--functions` for the command line, so a model is checked and simulated against the functions
 * it will run with (definitions/expressions/host-functions.ts).
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { prepareHostFunctions, type HostFunctions } from '../../definitions/expressions/host-functions';

/**
 * The module's default export (or its export `functions`), checked as the engine checks them.
 * @throws Error naming the module and what is wrong with it.
 */
export async function loadHostFunctions(path: string, what = 'REBAZ_FUNCTIONS'): Promise<HostFunctions> {
  const file = resolve(path);
  let module: { default?: unknown; functions?: unknown };
  try {
    module = (await import(pathToFileURL(file).href)) as typeof module;
  } catch (error) {
    throw new Error(`${what}: cannot load ${file}: ${(error as Error).message}`, { cause: error });
  }
  const functions = module.default ?? module.functions;
  if (functions === null || typeof functions !== 'object')
    throw new Error(`${what}: ${file} exports no object of functions (export default { name: (…) => … })`);
  try {
    return prepareHostFunctions(functions as HostFunctions);
  } catch (error) {
    throw new Error(`${what}: ${file}: ${(error as Error).message}`, { cause: error });
  }
}
