/**
 * `npm run bench:writes`: the stance write alone, next to the bare transactional baseline
 * (bench/baseline-server.ts, `POST /claims/:id/stances`), in alternating rounds on one loaded
 * database, and optionally next to another build of Claimgraph (`--against <its dist/>`), so a
 * change to the write path is measured A/B in one run. With `--statements`, and a PostgreSQL server
 * that preloads pg_stat_statements, it also prints where the database time of each variant's
 * writes went, statement by statement. The recompute then checks that no claim was left stale.
 *
 *   npm run bench:writes -- [--size small|medium|full] [--rounds 3] [--duration 10] [--warmup 2]
 *                           [--connections 50] [--against ../other/dist] [--statements]
 *                           [--cpu-prof <dir>] [--keep]
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Random } from '../src/common/random.js';
import { BuildCopy } from './build.js';
import { loadByCopy, prepareBareWrites, query, recompute, vacuumAnalyze } from './database.js';
import { generateDataset, STANCE_KIND, WINDOW_MS, WINDOW_START } from './generate.js';
import { measure, type LoadResult } from './load.js';
import { SIZES, type SizeName } from './options.js';
import { cpuSeconds } from './processes.js';
import { fmt, log, median } from './report.js';
import { Resources } from './resources.js';
import { newAdminKey, startApp, startBaseline, type ChildServer } from './server.js';

const { values: args } = parseArgs({
  options: {
    size: { type: 'string', default: 'medium' },
    rounds: { type: 'string', default: '3' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    connections: { type: 'string', default: '50' },
    seed: { type: 'string', default: '1' },
    against: { type: 'string' },
    statements: { type: 'boolean', default: false },
    'cpu-prof': { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});

const size = args.size as SizeName;
if (!(size in SIZES)) throw new Error(`--size must be one of ${Object.keys(SIZES).join(', ')}`);
const count = (name: keyof typeof args): number => {
  const n = Number(args[name]);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number`);
  return n;
};
const rounds = count('rounds');
const load = {
  connections: count('connections'),
  duration: count('duration'),
  warmup: count('warmup'),
};
const adminUrl =
  process.env.BENCH_DATABASE_URL ??
  `postgres://${process.env.PGUSER ?? 'postgres'}@${process.env.PGHOST ?? '127.0.0.1'}:${process.env.PGPORT ?? '5432'}/postgres`;

interface Variant {
  name: string;
  start: () => Promise<ChildServer>;
  prefix: string;
  headers?: Record<string, string>;
  results: LoadResult[];
  /** CPU milliseconds per successful write: the HTTP server's, and the database's. */
  serverCpu: number[];
  databaseCpu: number[];
  /** Database time by statement, summed over the rounds (with --statements). */
  statements: Map<string, { calls: number; ms: number; planMs: number }>;
}

async function statementsAvailable(url: string): Promise<boolean> {
  try {
    await query(url, 'CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    await query(url, 'SELECT pg_stat_statements_reset()');
    return true;
  } catch (error) {
    log(`--statements: pg_stat_statements is not available here (${String(error)})`);
    return false;
  }
}

interface StatementRow {
  query: string;
  calls: string;
  ms: number;
  planMs: number;
}

async function takeStatements(url: string, into: Variant['statements']): Promise<void> {
  const rows = await query<StatementRow>(
    url,
    `SELECT s.query, s.calls, s.total_exec_time + s.total_plan_time AS ms, s.total_plan_time AS "planMs"
       FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
      WHERE d.datname = current_database()`,
  );
  for (const r of rows) {
    const key = r.query.replace(/\s+/g, ' ').slice(0, 160);
    const seen = into.get(key) ?? { calls: 0, ms: 0, planMs: 0 };
    into.set(key, {
      calls: seen.calls + Number(r.calls),
      ms: seen.ms + r.ms,
      planMs: seen.planMs + r.planMs,
    });
  }
  await query(url, 'SELECT pg_stat_statements_reset()');
}

/** The database's server processes for this database, with the CPU each has used so far. */
async function databaseCpu(url: string): Promise<Map<number, number>> {
  const rows = await query<{ pid: number }>(
    url,
    `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
  );
  return new Map(rows.map((r) => [r.pid, cpuSeconds(r.pid)]));
}

/** CPU the database's processes used since `before` (processes that started since count whole). */
async function databaseCpuSince(url: string, before: Map<number, number>): Promise<number> {
  const now = await databaseCpu(url);
  let used = 0;
  for (const [pid, seconds] of now) used += seconds - (before.get(pid) ?? 0);
  return used;
}

async function main(): Promise<void> {
  const res = new Resources(adminUrl, args.keep);
  process.once('SIGINT', () => void res.release().finally(() => process.exit(130)));
  try {
    const { logs, data: dataDir } = res.workspace('claimgraph-writes');
    const data = await generateDataset(dataDir, SIZES[size], Number(args.seed), 'ids');
    const build = BuildCopy.make();
    res.build(build);
    const other = args.against ? BuildCopy.make(args.against) : null;
    if (other) res.build(other);

    const db = await res.database('writes');
    await loadByCopy(build, db.url, data);
    log(`baseline write tables copied in ${fmt.s(await prepareBareWrites(db.url))}`);
    await vacuumAnalyze(db.url);
    const statements = args.statements && (await statementsAvailable(db.url));

    const adminKey = newAdminKey();
    const auth = { authorization: `Bearer ${adminKey}` };
    const profile = args['cpu-prof'];
    const app = (b: BuildCopy, name: string) => () =>
      startApp({
        build: b,
        name,
        databaseUrl: db.url,
        adminKey,
        logFile: join(logs, `${name}.log`),
        nodeArgs: profile ? ['--cpu-prof', `--cpu-prof-dir=${join(profile, name)}`] : [],
      });
    const variant = (
      name: string,
      start: () => Promise<ChildServer>,
      prefix: string,
      headers?: Record<string, string>,
    ): Variant => ({
      name,
      start,
      prefix,
      headers,
      results: [],
      serverCpu: [],
      databaseCpu: [],
      statements: new Map(),
    });
    const variants: Variant[] = [
      variant('claimgraph', app(build, 'claimgraph'), '/v1', auth),
      ...(other ? [variant('against', app(other, 'against'), '/v1', auth)] : []),
      variant(
        'bare',
        () =>
          startBaseline({
            build,
            databaseUrl: db.url,
            logFile: join(logs, 'bare.log'),
            nodeArgs: profile ? ['--cpu-prof', `--cpu-prof-dir=${join(profile, 'bare')}`] : [],
          }),
        '',
      ),
    ];

    const pick = new Random(Number(args.seed) + 7);
    for (let round = 0; round < rounds; round++) {
      // Each round in another order, so no variant always runs on the warmest cache.
      const order = round % 2 === 0 ? variants : [...variants].reverse();
      for (const v of order) {
        const server = res.server(await v.start());
        const writes = {
          baseUrl: server.baseUrl,
          connections: load.connections,
          headers: v.headers,
          next: () => ({
            method: 'POST' as const,
            path: `${v.prefix}/claims/${pick.pick(data.claimIds)}/stances`,
            body: JSON.stringify({
              sourceId: pick.pick(data.sourceIds),
              kind: STANCE_KIND.pick(pick),
              statedAt: new Date(WINDOW_START + pick.int(WINDOW_MS)).toISOString(),
            }),
          }),
        };
        await measure({ ...writes, duration: load.warmup, warmup: 0 });
        if (statements) await query(db.url, 'SELECT pg_stat_statements_reset()');
        const serverBefore = cpuSeconds(server.pid);
        const databaseBefore = await databaseCpu(db.url);
        const result = await measure({ ...writes, duration: load.duration, warmup: 0 });
        v.serverCpu.push(((cpuSeconds(server.pid) - serverBefore) * 1000) / result.ok);
        v.databaseCpu.push(((await databaseCpuSince(db.url, databaseBefore)) * 1000) / result.ok);
        await res.stop(server);
        if (statements) await takeStatements(db.url, v.statements);
        v.results.push(result);
        log(
          `round ${round + 1} ${v.name}: ${fmt.rate(result.rps)}, p99 ${fmt.ms(result.p99)}` +
            (result.ok === 0 || Object.keys(result.failed).length > 0
              ? `, failed ${JSON.stringify(result.failed)}, errors ${result.errors}`
              : ''),
        );
      }
    }

    const check = await recompute(build, db.url);
    const bare = median(variants.at(-1)!.results.map((r) => r.rps));
    console.log(
      `\nStance writes, ${size} (${fmt.count(data.counts.stances)} stances), ${load.connections} connections, ` +
        `${rounds} rounds of ${load.warmup} s + ${load.duration} s:\n`,
    );
    console.log(
      '| variant | writes/s (median) | each round | vs bare | p99 (median) | server CPU / write | database CPU / write |',
    );
    console.log('|---|---|---|---|---|---|---|');
    for (const v of variants) {
      const rps = v.results.map((r) => r.rps);
      console.log(
        `| ${v.name} | ${median(rps).toFixed(0)} | ${rps.map((x) => x.toFixed(0)).join(', ')} | ` +
          `${((median(rps) / bare) * 100).toFixed(0)} % | ${median(v.results.map((r) => r.p99)).toFixed(1)} ms | ` +
          `${median(v.serverCpu).toFixed(2)} ms | ${median(v.databaseCpu).toFixed(2)} ms |`,
      );
    }
    console.log(
      "\nCPU per write is the median over the rounds of the CPU time the process (or the database's" +
        ' processes for this database) used while measured, over the writes answered: it moves far' +
        " less with the machine's load than the rate does.",
    );
    console.log(`\nrecompute after the writes: ${check.output}`);
    if (statements) {
      for (const v of variants) {
        const writes = v.results.reduce((n, r) => n + r.ok, 0);
        // The dearest statements, and every one run on most writes however cheap (each is a round
        // trip, and a round trip costs the server a system call and a wake-up of the database).
        const top = [...v.statements.entries()]
          .sort((a, b) => b[1].ms - a[1].ms)
          .filter(([, s], i) => i < 15 || s.calls / writes >= 0.5);
        const total = [...v.statements.values()].reduce((n, s) => n + s.ms, 0);
        console.log(`\n${v.name}: ${(total / writes).toFixed(3)} ms of database time per write`);
        for (const [q, s] of top) {
          console.log(
            `  ${(s.ms / writes).toFixed(3)} ms/write (planning ${(s.planMs / writes).toFixed(3)})  ${(s.calls / writes).toFixed(2)} calls/write  ${q}`,
          );
        }
      }
    }
    if (check.stale > 0) process.exitCode = 1;
  } finally {
    await res.release();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
