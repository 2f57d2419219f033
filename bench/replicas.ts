/**
 * `npm run bench:replicas`: read throughput of GET /v1/claims/{id} with one read replica next to
 * none, in one run. Starts a private PostgreSQL 15 primary and streaming replica
 * (bench/replica-pair.ts), two servers on them (one with DATABASE_READ_URLS, one without), loads
 * claims, and measures each server in turn, twice, with autocannon. pg_stat_statements on both
 * PostgreSQL servers says which one ran the reads. Prints a table and writes it under bench/results/.
 */
import { mkdtempSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BuildCopy } from './build.js';
import { measure, type LoadResult } from './load.js';
import { startReplicaPair, waitUntil, type Cluster, type ReplicaPair } from './replica-pair.js';
import { fmt, log, writeResults } from './report.js';
import { newAdminKey, startApp, type ChildServer } from './server.js';

const USAGE = `Usage: npm run bench:replicas -- [--claims 2000] [--duration 10] [--warmup 2] [--connections 50] [--rounds 2] [--out bench/results]`;

interface Options {
  claims: number;
  duration: number;
  warmup: number;
  connections: number;
  rounds: number;
  out: string;
}

function options(): Options {
  const { values } = parseArgs({
    options: {
      claims: { type: 'string', default: '2000' },
      duration: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '2' },
      connections: { type: 'string', default: '50' },
      rounds: { type: 'string', default: '2' },
      out: { type: 'string', default: 'bench/results' },
    },
  });
  const int = (name: keyof typeof values, min: number): number => {
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n < min)
      throw new Error(`--${name} must be an integer ≥ ${min}\n${USAGE}`);
    return n;
  };
  return {
    claims: int('claims', 1),
    duration: int('duration', 1),
    warmup: int('warmup', 0),
    connections: int('connections', 1),
    rounds: int('rounds', 1),
    out: values.out,
  };
}

/** Executions of the claim read (its only query that reads claim_links by the claim's id). */
async function claimReads(cluster: Cluster, database: string): Promise<number> {
  const [row] = await cluster.query<{ calls: number }>(
    `SELECT coalesce(sum(s.calls), 0)::int AS calls
       FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
      WHERE d.datname = $1 AND s.query LIKE '%claim_links%' AND s.query LIKE '%FROM claims c WHERE c.id = $1'`,
    [database],
    database,
  );
  return row.calls;
}

async function loadClaims(app: ChildServer, key: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      const res = await fetch(`${app.baseUrl}/v1/claims`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ statement: `Benchmark claim number ${i}`, tags: ['bench'] }),
      });
      if (res.status !== 201) throw new Error(`POST /v1/claims answered ${res.status}`);
      ids.push(((await res.json()) as { id: string }).id);
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  return ids;
}

interface Figure {
  server: string;
  round: number;
  result: LoadResult;
  onPrimary: number;
  onReplica: number;
}

async function main(): Promise<void> {
  const opts = options();
  const logDir = mkdtempSync(join(tmpdir(), 'claimgraph-bench-replicas-'));
  const build = BuildCopy.make();
  const key = newAdminKey();
  let pair: ReplicaPair | undefined;
  const servers: ChildServer[] = [];
  try {
    log('starting a PostgreSQL 15 primary and a streaming replica');
    pair = await startReplicaPair();
    const primaryUrl = pair.primary.url(pair.database);
    const replicaUrl = pair.replica.url(pair.database);
    const alone = await startApp({
      build,
      name: 'primary only',
      databaseUrl: primaryUrl,
      adminKey: key,
      logFile: join(logDir, 'primary-only.log'),
    });
    servers.push(alone);
    await pair.primary.query(
      'CREATE EXTENSION IF NOT EXISTS pg_stat_statements',
      [],
      pair.database,
    );
    const withReplica = await startApp({
      build,
      name: 'one replica',
      databaseUrl: primaryUrl,
      adminKey: key,
      logFile: join(logDir, 'one-replica.log'),
      env: { DATABASE_READ_URLS: replicaUrl },
    });
    servers.push(withReplica);

    log(`loading ${opts.claims} claims`);
    const ids = await loadClaims(alone, key, opts.claims);
    await pair.primary.query('VACUUM (ANALYZE)', [], pair.database);
    const [{ lsn }] = await pair.primary.query<{ lsn: string }>(
      'SELECT pg_current_wal_lsn()::text AS lsn',
    );
    await waitUntil(async () => {
      const [row] = await pair!.replica.query<{ done: boolean }>(
        'SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS done',
        [lsn],
      );
      return row.done;
    }, 'the replica to replay the load');

    const figures: Figure[] = [];
    for (let round = 1; round <= opts.rounds; round++) {
      for (const app of [alone, withReplica]) {
        log(`round ${round}: ${app.name}, ${opts.duration} s at ${opts.connections} connections`);
        const before = [
          await claimReads(pair.primary, pair.database),
          await claimReads(pair.replica, pair.database),
        ];
        const result = await measure({
          baseUrl: app.baseUrl,
          connections: opts.connections,
          duration: opts.duration,
          warmup: opts.warmup,
          headers: { authorization: `Bearer ${key}` },
          next: () => ({ path: `/v1/claims/${ids[Math.floor(Math.random() * ids.length)]}` }),
        });
        figures.push({
          server: app.name,
          round,
          result,
          onPrimary: (await claimReads(pair.primary, pair.database)) - before[0],
          onReplica: (await claimReads(pair.replica, pair.database)) - before[1],
        });
      }
    }

    const header =
      '| server | round | req/s | p50 | p95 | p99 | non-2xx + errors | reads run by the primary | by the replica |';
    const lines = figures.map(
      (f) =>
        `| ${f.server} | ${f.round} | ${fmt.rate(f.result.rps)} | ${fmt.ms(f.result.p50)} | ${fmt.ms(f.result.p95)} | ${fmt.ms(f.result.p99)} | ${Object.values(f.result.failed).reduce((a, b) => a + b, 0) + f.result.errors} | ${fmt.count(f.onPrimary)} | ${fmt.count(f.onReplica)} |`,
    );
    const markdown = [
      `GET /v1/claims/{id}, ${opts.claims} claims, ${opts.connections} connections, ${opts.duration} s each (after ${opts.warmup} s of warm-up), ${cpus().length} cores shared by autocannon, both servers and both PostgreSQL servers.`,
      '',
      header,
      '|---|---|---|---|---|---|---|---|---|',
      ...lines,
      '',
    ].join('\n');
    console.log(`\n${markdown}`);
    const stem = `replicas-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    for (const file of writeResults(opts.out, stem, { options: opts, figures }, markdown)) {
      log(`wrote ${file}`);
    }
  } finally {
    for (const s of servers) await s.stop();
    await pair?.destroy();
    build.remove();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
