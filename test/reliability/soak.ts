/**
 * `npm run soak`: the reliability suite with long settings — 50 crashes, ten 10-second database
 * outages, three nodes under load for a minute each side of the kill, 5,000 fuzzing runs. Any
 * knob already set in the environment wins, so `REBAZ_CRASH_KILLS=200 npm run soak` works; extra arguments go to vitest
 * (e.g. `npm run soak -- crash` runs only the crash test). The fault tests need DATABASE_URL (a PostgreSQL server; only
 * scratch databases are touched).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SOAK: Record<string, string> = {
  REBAZ_CRASH_KILLS: '50',
  REBAZ_CRASH_CLIENTS: '8',
  REBAZ_DBLOSS_BLIPS: '10',
  REBAZ_DBLOSS_OUTAGES: '10',
  REBAZ_DBLOSS_OUTAGE_MS: '10000',
  REBAZ_DBLOSS_CLIENTS: '8',
  REBAZ_MULTI_SECONDS: '60',
  REBAZ_MULTI_CLIENTS: '12',
  REBAZ_FUZZ_RUNS: '5000',
};

const env = { ...process.env };
for (const [name, value] of Object.entries(SOAK)) env[name] ??= value;
if (!env.DATABASE_URL)
  console.warn(
    'rebaz soak: DATABASE_URL is not set, so the crash, database-loss and multi-node tests are skipped; ' +
      'set it to a PostgreSQL server',
  );
console.log(
  `rebaz soak: ${Object.keys(SOAK)
    .map((k) => `${k}=${env[k]}`)
    .join(' ')}`,
);

const vitest = fileURLToPath(new URL('../../node_modules/vitest/vitest.mjs', import.meta.url));
const cwd = fileURLToPath(new URL('../..', import.meta.url));
const result = spawnSync(
  process.execPath,
  [vitest, 'run', '--config', 'vitest.reliability.config.ts', ...process.argv.slice(2)],
  { stdio: 'inherit', env, cwd },
);
process.exit(result.status ?? 1);
