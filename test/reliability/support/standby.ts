/**
 * A real streaming replica of the PostgreSQL server of DATABASE_URL, on the same machine: a base
 * backup (`pg_basebackup -R`) into a temporary folder, started as a hot standby on another
 * loopback port with `pg_ctl`, and removed at the end. The primary is never stopped or restarted.
 *
 * What it needs of the primary, and does if it can: `wal_level` replica or logical and two free
 * WAL senders (both are PostgreSQL's defaults; changing them needs a restart, so it only checks),
 * and a pg_hba.conf rule that lets 127.0.0.1 open replication connections. When that rule is
 * missing it appends `host replication all 127.0.0.1/32 trust` to the server's hba file once and
 * reloads the configuration (`pg_reload_conf()`), which is what CI's throwaway server needs; the
 * user running the tests must be able to write that file. PostgreSQL refuses to run as root, so
 * under root the backup and the standby run as the user that owns the primary's data folder.
 */
import { spawnSync } from 'node:child_process';
import {
  appendFileSync,
  chmodSync,
  chownSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './child-server';

const REPLICATION_RULE = 'host replication all 127.0.0.1/32 trust';

export interface Standby {
  /** `primaryUrl` with the standby's port: the same database, read from the replica. */
  urlOf(primaryUrl: string): string;
  /** Runs SQL on the standby's copy of `database`. */
  query<R extends Record<string, unknown>>(database: string, sql: string): Promise<R[]>;
  /** Waits until the standby has replayed everything the primary had written when called. */
  caughtUp(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** The folder of the PostgreSQL programs of the server's major version, or null when they are not installed. */
export async function postgresBinaries(serverUrl: string): Promise<string | null> {
  const major = Math.floor(
    Number((await adminQuery<{ v: string }>(serverUrl, 'show server_version_num'))[0].v) / 10000,
  );
  const candidates = [`/usr/lib/postgresql/${major}/bin`, ...listBinDirs()];
  return candidates.find((dir) => existsSync(join(dir, 'pg_basebackup')) && existsSync(join(dir, 'pg_ctl'))) ?? null;
}

function listBinDirs(): string[] {
  try {
    return readdirSync('/usr/lib/postgresql').map((v) => `/usr/lib/postgresql/${v}/bin`);
  } catch {
    return [];
  }
}

async function adminQuery<R>(url: string, sql: string): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as R[];
  } finally {
    await client.end();
  }
}

/** Checks what a replica needs of the primary, and allows replication from loopback if it is not allowed yet. */
async function prepareReplication(serverUrl: string): Promise<void> {
  const [{ wal_level: walLevel }] = await adminQuery<{ wal_level: string }>(serverUrl, 'show wal_level');
  if (walLevel === 'minimal')
    throw new Error('wal_level is minimal: a replica needs wal_level = replica (a restart of the server)');
  const [{ senders }] = await adminQuery<{ senders: string }>(
    serverUrl,
    `select (select setting::int from pg_settings where name = 'max_wal_senders') - ` +
      `(select count(*) from pg_stat_replication) as senders`,
  );
  if (Number(senders) < 2)
    throw new Error(`max_wal_senders leaves ${senders} free: a base backup streaming WAL needs 2`);
  const rules = await adminQuery<{ n: string }>(
    serverUrl,
    `select count(*) as n from pg_hba_file_rules where 'replication' = any(database) and error is null ` +
      `and (type = 'local' or address is null or address = '127.0.0.1' or address = 'all')`,
  );
  if (Number(rules[0].n) > 0) return;
  const [{ hba_file: hbaFile }] = await adminQuery<{ hba_file: string }>(serverUrl, 'show hba_file');
  appendFileSync(
    hbaFile,
    `\n# Replication from loopback, for the replica test (test/reliability)\n${REPLICATION_RULE}\n`,
  );
  await adminQuery(serverUrl, 'select pg_reload_conf()');
}

export async function startStandby(serverUrl: string, bin: string): Promise<Standby> {
  await prepareReplication(serverUrl);
  const [{ data_directory: dataDirectory }] = await adminQuery<{ data_directory: string }>(
    serverUrl,
    'show data_directory',
  );
  // PostgreSQL will not run as root: run as the owner of the primary's data (postgres).
  const asRoot = process.getuid?.() === 0;
  const owner = asRoot ? statSync(dataDirectory) : null;
  const run = (program: string, args: string[]) => {
    const command = asRoot ? 'setpriv' : join(bin, program);
    const argv = asRoot
      ? [`--reuid=${owner!.uid}`, `--regid=${owner!.gid}`, '--clear-groups', join(bin, program), ...args]
      : args;
    const result = spawnSync(command, argv, { encoding: 'utf8', timeout: 600_000 });
    if (result.status !== 0)
      throw new Error(`${program} failed (${result.status}): ${result.stderr || result.stdout || result.error}`);
    return result.stdout;
  };
  const dir = mkdtempSync(join(tmpdir(), 'rebaz-standby-'));
  if (owner) chownSync(dir, owner.uid, owner.gid);
  chmodSync(dir, 0o700);
  const data = join(dir, 'data');
  const port = await freePort();
  const primary = new URL(serverUrl);
  try {
    run('pg_basebackup', [
      '-h',
      primary.hostname,
      '-p',
      primary.port || '5432',
      '-U',
      decodeURIComponent(primary.username || 'postgres'),
      '-D',
      data,
      '-R',
      '-X',
      'stream',
      '-c',
      'fast',
    ]);
    // Debian keeps the configuration outside the data folder: the standby gets its own.
    const write = (name: string, text: string) => {
      const file = join(data, name);
      if (!existsSync(file)) {
        writeFileSync(file, text);
        if (owner) chownSync(file, owner.uid, owner.gid);
      }
    };
    write('postgresql.conf', '');
    write('pg_hba.conf', 'local all all trust\nhost all all 127.0.0.1/32 trust\n');
    write('pg_ident.conf', '');
    run('pg_ctl', [
      '-D',
      data,
      '-l',
      join(dir, 'log'),
      '-w',
      '-t',
      '120',
      '-o',
      `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${dir} -c hot_standby=on ` +
        `-c shared_buffers=32MB`,
      'start',
    ]);
  } catch (error) {
    const log = existsSync(join(dir, 'log')) ? readFileSync(join(dir, 'log'), 'utf8').slice(-2000) : '';
    rmSync(dir, { recursive: true, force: true });
    throw log ? new Error(`${(error as Error).message}\n${log}`, { cause: error }) : error;
  }
  const urlOf = (primaryUrl: string) => {
    const url = new URL(primaryUrl);
    url.hostname = '127.0.0.1';
    url.port = String(port);
    return url.toString();
  };
  return {
    urlOf,
    query: (database, sql) => {
      const url = new URL(urlOf(serverUrl));
      url.pathname = `/${database}`;
      return adminQuery(url.toString(), sql);
    },
    async caughtUp(timeoutMs = 30_000) {
      const [{ lsn }] = await adminQuery<{ lsn: string }>(serverUrl, 'select pg_current_wal_lsn()::text as lsn');
      const until = Date.now() + timeoutMs;
      for (;;) {
        const [{ behind }] = await adminQuery<{ behind: boolean }>(
          urlOf(serverUrl),
          `select coalesce(pg_last_wal_replay_lsn() < '${lsn}'::pg_lsn, true) as behind`,
        );
        if (!behind) return;
        if (Date.now() > until) throw new Error(`the standby did not replay up to ${lsn} in ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
