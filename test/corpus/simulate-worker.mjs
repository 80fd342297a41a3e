/**
 * Runs `runScenario` (no events) in a worker thread, so a model that makes the runtime spin or
 * exhaust memory fails its own check instead of hanging the test run. Plain JavaScript: the worker
 * loads our TypeScript through tsx.
 */
import { parentPort } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

const { runScenario, loadScriptSandbox } = await tsImport('./simulate-host.ts', import.meta.url);
await loadScriptSandbox();

parentPort.on('message', ({ id, main, siblings }) => {
  const started = performance.now();
  try {
    const report = runScenario(main, [], (processId) => siblings.find((p) => p.processId === processId));
    parentPort.postMessage({
      id,
      ms: performance.now() - started,
      status: report.status,
      error: report.error,
      incidents: report.incidents,
      trace: report.trace.length,
    });
  } catch (error) {
    parentPort.postMessage({
      id,
      ms: performance.now() - started,
      crash: error instanceof Error ? error.stack : String(error),
    });
  }
});
parentPort.postMessage({ ready: true });
