/**
 * Dev mode signs its own tokens. The secret is generated once and kept in the data folder, so
 * tokens survive a restart; with PostgreSQL (or an in-memory PGlite) there is no folder of ours,
 * and a new secret is made per process.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const DEV_SECRET_FILE = 'dev-secret';

export function loadDevSecret(dataDir: string | undefined): { secret: string; file?: string } {
  if (!dataDir) return { secret: randomBytes(32).toString('hex') };
  const file = join(dataDir, DEV_SECRET_FILE);
  if (existsSync(file)) {
    const secret = readFileSync(file, 'utf8').trim();
    if (secret.length >= 32) return { secret, file };
  }
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return { secret, file };
}
