/**
 * Is the server still answering while it refuses something? `whileHealthy` sends the bad
 * request and, at the same time, asks /healthz; it returns both answers and how long /healthz
 * took, which the tests hold under 500 ms.
 */
import { request } from 'node:http';

export interface Health {
  status: number;
  ms: number;
}

/** GET /healthz on a connection of its own (not one a refused request may be holding). */
export function health(baseUrl: string): Promise<Health> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(new URL('healthz', baseUrl), { agent: false, headers: { connection: 'close' } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
    });
    req.on('error', reject);
    req.end();
  });
}

export async function whileHealthy<T>(baseUrl: string, send: () => Promise<T>): Promise<{ result: T; health: Health }> {
  const pending = send();
  const [result, answered] = await Promise.all([pending, health(baseUrl)]);
  return { result, health: answered };
}

/** HEALTHZ_BUDGET_MS: how long /healthz may take while a bad request is being refused. */
export const HEALTHZ_BUDGET_MS = 500;
