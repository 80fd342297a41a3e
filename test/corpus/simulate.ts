/**
 * Simulates compiled corpus processes with no events, each under a time and memory bound, in a
 * worker thread that is replaced when a simulation runs away.
 */
import { Worker } from 'node:worker_threads';
import type { CompiledProcess } from '../../definitions';
import type { ScenarioReport } from '../../engine/runtime/scenario';

export interface SimulationOutcome {
  ms: number;
  status?: ScenarioReport['status'];
  error?: string;
  incidents?: ScenarioReport['incidents'];
  trace?: number;
  /** The runtime threw instead of returning a report. */
  crash?: string;
  /** It did not return within the time bound, or ran out of memory. */
  runaway?: string;
}

const WORKER = new URL('./simulate-worker.mjs', import.meta.url);

export class SimulationPool {
  private worker?: Promise<Worker>;
  private next = 0;

  constructor(
    private readonly timeoutMs = 2_000,
    private readonly maxHeapMb = 256,
  ) {}

  /** Starts the process at its none (or timer) start event and returns the report's summary. */
  async simulate(main: CompiledProcess, siblings: CompiledProcess[] = []): Promise<SimulationOutcome> {
    const worker = await (this.worker ??= this.spawn());
    const id = (this.next += 1);
    return new Promise((resolve) => {
      const finish = (outcome: SimulationOutcome, replace: boolean) => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        if (replace) {
          this.worker = undefined;
          void worker.terminate();
        }
        resolve(outcome);
      };
      const onMessage = (message: SimulationOutcome & { id: number }) => {
        if (message.id === id) finish(message, false);
      };
      const onError = (error: Error) =>
        finish({ ms: this.timeoutMs, runaway: `the worker died: ${error.message}` }, true);
      const timer = setTimeout(
        () => finish({ ms: this.timeoutMs, runaway: `no report after ${this.timeoutMs} ms` }, true),
        this.timeoutMs,
      );
      worker.on('message', onMessage);
      worker.once('error', onError);
      worker.postMessage({ id, main, siblings });
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await (await worker).terminate();
  }

  private spawn(): Promise<Worker> {
    const worker = new Worker(WORKER, { resourceLimits: { maxOldGenerationSizeMb: this.maxHeapMb } });
    return new Promise((resolve, reject) => {
      worker.once('message', () => {
        worker.off('error', reject);
        // A worker that dies between simulations is simply replaced by the next call.
        worker.on('error', () => {
          if (this.worker) this.worker = undefined;
        });
        resolve(worker);
      });
      worker.once('error', reject);
    });
  }
}
