/**
 * What PostgreSQL writes per case, record by record: the engine benchmark's case run by 8 clients
 * on a scratch database, then `pg_waldump` over the WAL they wrote, summed per relation and kind
 * of record. This is how the levers in docs/performance.md ("WAL per case") were measured, one
 * at a time: WAL_SQL runs statements after the migrations (e.g. a schema change to try).
 *
 *   npm run bench:wal                                   # bytes per case, and per relation
 *   WAL_SQL='drop index "x"; …' npm run bench:wal       # the same with a change to the schema
 *   npm run bench:wal -- --checkpoint                   # right after a checkpoint (full-page images)
 *
 * Needs the server on this machine: pg_waldump reads its WAL folder (`show data_directory`).
 * Env: WAL_CASES (400), DATABASE_URL.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createEngine } from '../../engine';
import { openDatabase } from '../../engine/persistence/database';
import { createEmptyPostgresDatabase } from '../support/scratch-database';
import { analyst, MODEL, runCase } from './bench-case';

const SERVER = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const CASES = Number(process.env.WAL_CASES ?? 400);
const CLIENTS = 8;

function waldump(): string {
  const dirs = existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').sort().reverse() : [];
  const found = dirs.map((v) => `/usr/lib/postgresql/${v}/bin/pg_waldump`).find((path) => existsSync(path));
  return found ?? 'pg_waldump';
}

const scratch = await createEmptyPostgresDatabase(SERVER);
const db = await openDatabase({ url: scratch.url });
try {
  const connection = db.em.getConnection();
  const one = async <T>(sql: string, params: unknown[] = []) => (await connection.execute<T[]>(sql, params, 'all'))[0];
  for (const statement of (process.env.WAL_SQL ?? '').split(';').filter((s) => s.trim()))
    await connection.execute(statement, [], 'run');
  const engine = createEngine({ db });
  await engine.deploy({ xml: MODEL, actor: analyst });
  for (let i = 0; i < 100; i++) await runCase(engine); // warm
  if (process.argv.includes('--checkpoint')) await connection.execute('checkpoint', [], 'run');
  const { lsn: start } = await one<{ lsn: string }>('select pg_current_wal_lsn()::text as lsn');
  let started = 0;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (started < CASES) {
        started += 1;
        await runCase(engine);
      }
    }),
  );
  const end = await one<{ lsn: string; bytes: string }>(
    'select pg_current_wal_lsn()::text as lsn, pg_wal_lsn_diff(pg_current_wal_lsn(), ?::pg_lsn)::text as bytes',
    [start],
  );
  console.log(
    `${started} cases by ${CLIENTS} clients: ${Math.round(Number(end.bytes) / started)} bytes of WAL per case`,
  );
  const { dir } = await one<{ dir: string }>('select current_setting(?) as dir', ['data_directory']);
  const args = ['-p', join(dir, 'pg_wal'), '-s', start, '-e', end.lsn];
  const dump = execFileSync(waldump(), args, { encoding: 'utf8', maxBuffer: 1 << 30 });
  const relations = await connection.execute<{ node: string; name: string }[]>(
    'select pg_relation_filenode(oid)::text as node, relname as name from pg_class',
    [],
    'all',
  );
  const names = new Map(relations.map((r) => [r.node, r.name]));
  const { oid } = await one<{ oid: string }>(
    'select oid::text as oid from pg_database where datname = current_database()',
  );
  // The server's WAL is shared by every database on it: count this database's records (and the
  // commits, which name no relation: others' commits too, if anything else ran meanwhile).
  const totals = new Map<string, { records: number; bytes: number }>();
  let ours = 0;
  for (const line of dump.split('\n')) {
    const record = /rmgr: (\S+).*?len \(rec\/tot\):\s+\d+\/\s*(\d+).*?desc: (\S+)/.exec(line);
    if (!record) continue;
    const block = /blkref #0: rel \d+\/(\d+)\/(\d+)/.exec(line);
    if (block && block[1] !== oid) continue;
    ours += Number(record[2]);
    const relation = block?.[2];
    const what = `${relation ? (names.get(relation) ?? relation) : '-'} ${record[1]}/${record[3]}${line.includes('FPW') ? ' (full page)' : ''}`;
    const total = totals.get(what) ?? { records: 0, bytes: 0 };
    total.records += 1;
    total.bytes += Number(record[2]);
    totals.set(what, total);
  }
  console.log(`of which this database's records and the commits: ${Math.round(ours / started)} bytes per case`);
  console.table(
    [...totals]
      .sort((a, b) => b[1].bytes - a[1].bytes)
      .filter(([, t]) => t.bytes / started >= 1)
      .map(([what, t]) => ({
        'relation and record': what,
        'records/case': Math.round((t.records / started) * 100) / 100,
        'bytes/case': Math.round(t.bytes / started),
      })),
  );
} finally {
  await db.close();
  await scratch.drop();
}
process.exit(0);
