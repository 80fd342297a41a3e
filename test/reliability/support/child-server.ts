/**
 * A Rebaz server in its own process (`node --import tsx graphql/main.ts`, what `npm start` runs),
 * on a loopback port, so fault tests can SIGKILL it and start it again. Its stderr is kept for
 * the failure message; the caller owns the scratch database.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { SECRET } from '../../e2e/support';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

export interface ChildServerOptions {
  databaseUrl: string;
  /** A fixed port (restarts keep the same address); a free one when absent. */
  port?: number;
  /** Scheduler poll interval in ms (REBAZ_SCHEDULER_INTERVAL_MS); 200 when absent. */
  schedulerIntervalMs?: number;
  env?: Record<string, string>;
  /** Extra node flags (e.g. --cpu-prof). */
  nodeArgs?: string[];
}

export interface ChildServer {
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  /** Resolves when the process has exited (any way). */
  readonly exited: Promise<number | null>;
  /** Last lines of its stderr and stdout (for failure messages). */
  output(): string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
      .listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      })
      .on('error', reject);
  });
}

/** Starts the server and resolves once /healthz answers 200 (at most `timeoutMs`). */
export async function startChildServer(options: ChildServerOptions, timeoutMs = 60_000): Promise<ChildServer> {
  const port = options.port ?? (await freePort());
  const child: ChildProcess = spawn(
    process.execPath,
    [...(options.nodeArgs ?? []), '--import', 'tsx', 'graphql/main.ts'],
    {
      cwd: repoRoot,
      env: {
        ...process.env,
        DATABASE_URL: options.databaseUrl,
        PORT: String(port),
        HOST: '127.0.0.1',
        REBAZ_JWT_SECRET: SECRET,
        REBAZ_SEED: 'false',
        REBAZ_RATE_LIMIT: '0',
        REBAZ_SCHEDULER_INTERVAL_MS: String(options.schedulerIntervalMs ?? 200),
        LOG_LEVEL: 'warn',
        NODE_ENV: 'production',
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (lines.length > 60) lines.splice(0, lines.length - 60);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}/`;
  const server: ChildServer = {
    url,
    port,
    pid: child.pid as number,
    exited,
    output: () => lines.join('\n'),
    async kill(signal = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}:\n${server.output()}`);
    const healthy = await fetch(new URL('healthz', url), { signal: AbortSignal.timeout(2000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (healthy) return server;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await server.kill();
  throw new Error(`the server did not answer /healthz within ${timeoutMs} ms:\n${server.output()}`);
}
