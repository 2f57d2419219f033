import { execFile, execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from './server.js';

const run = promisify(execFile);

/** Where PostgreSQL 15's server programs are (Debian and Ubuntu's layout); PG_BIN overrides it. */
const BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

/** The replica's name on the primary: what `synchronous_standby_names` names. */
export const REPLICA_NAME = 'claimgraph_replica';

/**
 * PostgreSQL's programs refuse to run as root: as root they run as the `postgres` user, and the
 * pair's directories belong to it.
 */
const asServerUser = (program: string, args: string[]): [string, string[]] =>
  process.getuid?.() === 0
    ? ['runuser', ['-u', 'postgres', '--', join(BIN, program), ...args]]
    : [join(BIN, program), args];

async function pgProgram(program: string, args: string[]): Promise<string> {
  const [file, argv] = asServerUser(program, args);
  try {
    const { stdout } = await run(file, argv, { timeout: 120_000 });
    return stdout;
  } catch (error) {
    const e = error as Error & { stderr?: string };
    throw new Error(`${program} ${args.join(' ')} failed: ${e.stderr || e.message}`, {
      cause: error,
    });
  }
}

/** One PostgreSQL server of the pair: its data directory and port. */
export class Cluster {
  constructor(
    readonly name: string,
    readonly dir: string,
    readonly port: number,
  ) {}

  url(database: string): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  start(): Promise<string> {
    return pgProgram('pg_ctl', [
      '-D',
      this.dir,
      '-l',
      join(this.dir, 'server.log'),
      '-w',
      '-t',
      '60',
      'start',
    ]);
  }

  /** `fast` ends sessions and stops cleanly; `immediate` is as abrupt as a crash. */
  stop(mode: 'fast' | 'immediate' = 'fast'): Promise<string> {
    return pgProgram('pg_ctl', ['-D', this.dir, '-m', mode, '-w', '-t', '60', 'stop']);
  }

  /** Ends recovery: the replica becomes a primary of its own. */
  promote(): Promise<string> {
    return pgProgram('pg_ctl', ['-D', this.dir, '-w', '-t', '60', 'promote']);
  }

  async query<T = Record<string, unknown>>(
    sql: string,
    params: unknown[] = [],
    database = 'postgres',
  ): Promise<T[]> {
    const client = new pg.Client({
      connectionString: this.url(database),
      connectionTimeoutMillis: 5000,
    });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end();
    }
  }

  /** Sets a server setting (`ALTER SYSTEM`) and reloads the configuration. */
  async set(name: string, value: string | null): Promise<void> {
    await this.query(
      value === null
        ? `ALTER SYSTEM RESET ${pg.escapeIdentifier(name)}`
        : `ALTER SYSTEM SET ${pg.escapeIdentifier(name)} = ${pg.escapeLiteral(value)}`,
    );
    await this.query('SELECT pg_reload_conf()');
  }
}

export interface ReplicaPair {
  root: string;
  primary: Cluster;
  replica: Cluster;
  /** The database made on the primary for the app (and so on the replica). */
  database: string;
  /** Stops both servers and removes their directories. */
  destroy(): Promise<void>;
}

/**
 * A private PostgreSQL 15 primary and a streaming replica of it, in a temporary directory on free
 * ports, listening on 127.0.0.1 only (and on sockets in that directory): a machine's own clusters
 * are left alone. Replication is asynchronous; a caller that needs acknowledged writes to be on the
 * replica sets `synchronous_standby_names` to REPLICA_NAME on the primary.
 * `CLAIMGRAPH_PAIR_ROOT` chooses where the temporary directory is made (CI removes it afterwards).
 */
export async function startReplicaPair({
  database = 'claimgraph',
  preload = ['pg_stat_statements'],
}: { database?: string; preload?: string[] } = {}): Promise<ReplicaPair> {
  const root = await mkdtemp(
    join(process.env.CLAIMGRAPH_PAIR_ROOT ?? tmpdir(), 'claimgraph-pair-'),
  );
  if (process.getuid?.() === 0) execFileSync('chown', ['postgres:', root]);
  const primary = new Cluster('primary', join(root, 'primary'), await freePort());
  const replica = new Cluster('replica', join(root, 'replica'), await freePort());
  // A process that ends without destroying the pair (a failed run) still stops its servers.
  const onExit = (): void => {
    for (const cluster of [replica, primary]) {
      const [file, argv] = asServerUser('pg_ctl', ['-D', cluster.dir, '-m', 'immediate', 'stop']);
      try {
        execFileSync(file, argv, { stdio: 'ignore', timeout: 30_000 });
      } catch {
        // not running
      }
    }
    rmSync(root, { recursive: true, force: true });
  };
  process.once('exit', onExit);
  const destroy = async (): Promise<void> => {
    process.removeListener('exit', onExit);
    for (const cluster of [replica, primary]) {
      await cluster.stop('immediate').catch(() => undefined);
    }
    await rm(root, { recursive: true, force: true });
  };
  try {
    await pgProgram('initdb', [
      '-D',
      primary.dir,
      '-U',
      'postgres',
      '--auth=trust',
      '-E',
      'UTF8',
      '--locale=C.UTF-8',
    ]);
    // initdb's pg_hba.conf trusts local connections, replication ones included.
    await appendFile(
      join(primary.dir, 'postgresql.conf'),
      [
        '',
        `port = ${primary.port}`,
        `listen_addresses = '127.0.0.1'`,
        `unix_socket_directories = '${root}'`,
        `wal_level = replica`,
        `max_wal_senders = 5`,
        `wal_keep_size = '256MB'`,
        `hot_standby = on`,
        `shared_preload_libraries = '${preload.join(',')}'`,
        '',
      ].join('\n'),
    );
    await primary.start();
    await primary.query(`CREATE DATABASE ${pg.escapeIdentifier(database)}`);
    await pgProgram('pg_basebackup', [
      '-h',
      '127.0.0.1',
      '-p',
      String(primary.port),
      '-U',
      'postgres',
      '-D',
      replica.dir,
      '-R',
      '-X',
      'stream',
      '-c',
      'fast',
    ]);
    // -R wrote primary_conninfo and standby.signal; these later lines win over the copied settings.
    await appendFile(
      join(replica.dir, 'postgresql.auto.conf'),
      [
        '',
        `port = ${replica.port}`,
        `primary_conninfo = 'host=127.0.0.1 port=${primary.port} user=postgres application_name=${REPLICA_NAME}'`,
        '',
      ].join('\n'),
    );
    await replica.start();
    await waitUntil(async () => {
      const rows = await primary.query<{ state: string }>(
        `SELECT state FROM pg_stat_replication WHERE application_name = $1`,
        [REPLICA_NAME],
      );
      return rows[0]?.state === 'streaming';
    }, 'the replica to stream from the primary');
    return { root, primary, replica, database, destroy };
  } catch (error) {
    await destroy();
    throw error;
  }
}

export async function waitUntil(
  check: () => Promise<boolean>,
  what: string,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** `node dist/bench/replica-pair.js`: starts a pair, prints its URLs, and removes it on Ctrl-C. */
async function main(): Promise<void> {
  const pair = await startReplicaPair();
  process.stdout.write(
    [
      `PostgreSQL primary and streaming replica in ${pair.root}:`,
      `DATABASE_URL=${pair.primary.url(pair.database)}`,
      `DATABASE_READ_URLS=${pair.replica.url(pair.database)}`,
      'Ctrl-C stops both and removes them.',
      '',
    ].join('\n'),
  );
  const keepAlive = setInterval(() => undefined, 60_000);
  await new Promise<void>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, resolve);
  });
  clearInterval(keepAlive);
  await pair.destroy();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
