/**
 * `npm run bench:rate-limit`: what the rate limiter's counters cost per request. One built server on
 * one PostgreSQL database, started once per store: its memory (RATE_LIMIT_STORE=memory, the A), the
 * PostgreSQL table every instance shares, and Redis. Each serves the same cheap authenticated read
 * (a source by id) under the same load; the rounds alternate the stores (A B C C B A …) so drift on
 * a shared machine falls on all of them alike.
 *
 *   npm run bench:rate-limit
 *   options: --duration S (10)  --warmup S (2)  --connections N (50)  --rounds N (2)  --out DIR
 *   database: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres)
 *   Redis: BENCH_REDIS_URL (default redis://127.0.0.1:6379); --no-redis leaves it out
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { PostgresCounters } from '../src/auth/postgres-counters.js';
import { RedisCounters } from '../src/auth/redis-counters.js';
import { LocalCounters } from '../src/auth/rate-limit.storage.js';
import type { WindowCount } from '../src/auth/shared-counters.js';
import { percentile } from './load.js';
import { BuildCopy } from './build.js';
import { createDatabase, dropDatabase, migrate } from './database.js';
import { measure, type LoadResult } from './load.js';
import { fmt, log, writeResults } from './report.js';
import { ChildServer, newAdminKey } from './server.js';

type Store = 'memory' | 'postgres' | 'redis';

function options() {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '2' },
      connections: { type: 'string', default: '50' },
      rounds: { type: 'string', default: '2' },
      out: { type: 'string', default: 'bench/results' },
      'no-redis': { type: 'boolean', default: false },
    },
  });
  const int = (name: keyof typeof values): number => {
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number`);
    return n;
  };
  return {
    duration: int('duration'),
    warmup: int('warmup'),
    connections: int('connections'),
    rounds: Math.max(1, int('rounds')),
    out: values.out,
    stores: (values['no-redis']
      ? ['memory', 'postgres']
      : ['memory', 'postgres', 'redis']) as Store[],
  };
}

async function main(): Promise<void> {
  const opts = options();
  const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
  const build = BuildCopy.make();
  const db = await createDatabase(adminUrl, 'ratelimit');
  const adminKey = newAdminKey();
  const prefix = `cg_bench_${randomBytes(4).toString('hex')}:`;
  const results: Record<Store, LoadResult[]> = { memory: [], postgres: [], redis: [] };
  const single: Record<Store, LoadResult[]> = { memory: [], postgres: [], redis: [] };
  const alone: Record<Store, StoreAlone | null> = { memory: null, postgres: null, redis: null };
  try {
    log(`database ${db.name}: ${await migrate(build, db.url)}`);
    for (const store of opts.stores) {
      alone[store] = await measureStoreAlone(store, db.url, redisUrl, prefix);
      const a = alone[store];
      log(
        `${store} alone: p50 ${a.p50Us.toFixed(0)} µs, p99 ${a.p99Us.toFixed(0)} µs one at a time; ${fmt.rate(a.concurrentPerSecond)} with 50 in flight`,
      );
    }
    const start = (store: Store): Promise<ChildServer> =>
      ChildServer.start({
        name: `server (${store} counters)`,
        script: build.path('server'),
        cwd: build.dir,
        logFile: join(build.dir, `server-${store}.log`),
        readyPath: '/health',
        env: {
          DATABASE_URL: db.url,
          BOOTSTRAP_ADMIN_KEY: adminKey,
          LOG_REQUESTS: 'false',
          LOG_LEVEL: 'warn',
          // A budget no run reaches: every request is counted, none refused.
          RATE_LIMIT: '1000000',
          RATE_LIMIT_WINDOW_MS: '60000',
          RATE_LIMIT_STORE: store === 'memory' ? 'memory' : 'auto',
          REDIS_URL: store === 'redis' ? redisUrl : '',
          REDIS_KEY_PREFIX: prefix,
        },
      });
    // One source to read, made through the API.
    let sourceId = '';
    {
      const server = await start('memory');
      try {
        const res = await fetch(`${server.baseUrl}/v1/sources`, {
          method: 'POST',
          headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
          body: JSON.stringify({ name: 'Bench source', kind: 'outlet' }),
        });
        if (res.status !== 201) throw new Error(`POST /v1/sources answered ${res.status}`);
        sourceId = ((await res.json()) as { id: string }).id;
      } finally {
        await server.stop();
      }
    }
    for (let round = 0; round < opts.rounds; round++) {
      const order = round % 2 === 0 ? opts.stores : [...opts.stores].reverse();
      for (const store of order) {
        const server = await start(store);
        try {
          const run = async (connections: number): Promise<LoadResult> => {
            const r = await measure({
              baseUrl: server.baseUrl,
              connections,
              duration: opts.duration,
              warmup: opts.warmup,
              headers: { authorization: `Bearer ${adminKey}` },
              next: () => ({ path: `/v1/sources/${sourceId}` }),
            });
            const bad = Object.values(r.failed).reduce((n, c) => n + c, 0) + r.errors;
            if (bad > 0) throw new Error(`${store}: ${bad} failed requests ${JSON.stringify(r)}`);
            log(
              `round ${round + 1} ${store}, ${connections} conn.: ${fmt.rate(r.rps)}, p50 ${fmt.ms(r.p50)}, p99 ${fmt.ms(r.p99)}`,
            );
            return r;
          };
          results[store].push(await run(opts.connections));
          single[store].push(await run(1));
        } finally {
          await server.stop();
        }
      }
    }
  } finally {
    await dropDatabase(adminUrl, db.name);
    build.remove();
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const base = mean(results.memory.map((r) => r.rps));
  const baseP50 = mean(single.memory.map((r) => r.p50));
  const lines = [
    `| counters | req/s at ${opts.connections} conn. (each round) | vs memory | p50 / p99 at ${opts.connections} conn. | p50 / p99 alone (1 conn.) | added p50 alone |`,
    '|---|---|---|---|---|---|',
    ...opts.stores.map((store) => {
      const rs = results[store];
      const ones = single[store];
      const rps = mean(rs.map((r) => r.rps));
      const p50 = mean(ones.map((r) => r.p50));
      return `| ${store} | ${rs.map((r) => fmt.rate(r.rps, '')).join(' / ')} (mean ${fmt.rate(rps, '')}) | ${fmt.ratio(rps / base)} | ${fmt.ms(mean(rs.map((r) => r.p50)))} / ${fmt.ms(mean(rs.map((r) => r.p99)))} | ${fmt.ms(p50)} / ${fmt.ms(mean(ones.map((r) => r.p99)))} | ${store === 'memory' ? '—' : `${((p50 - baseP50) * 1000).toFixed(0)} µs`} |`;
    }),
  ];
  lines.push(
    '',
    `| counters, called directly | p50 one at a time | p99 one at a time | calls/s with 50 in flight |`,
    '|---|---|---|---|',
    ...opts.stores.map((store) => {
      const a = alone[store]!;
      return `| ${store} | ${a.p50Us.toFixed(0)} µs | ${a.p99Us.toFixed(0)} µs | ${fmt.rate(a.concurrentPerSecond, '')} |`;
    }),
  );
  const markdown = lines.join('\n') + '\n';
  console.log('\n' + markdown);
  for (const file of writeResults(
    opts.out,
    'rate-limit',
    { options: opts, results, single, alone },
    markdown,
  ))
    log(`wrote ${file}`);
}

interface StoreAlone {
  p50Us: number;
  p99Us: number;
  concurrentPerSecond: number;
}

/**
 * The counters' own cost, without the server around them: 5,000 spends one after another (the
 * round trip a request waits for), then 20,000 with 50 in flight (what the store can take), over
 * 1,000 callers.
 */
async function measureStoreAlone(
  store: Store,
  databaseUrl: string,
  redisUrl: string,
  prefix: string,
): Promise<StoreAlone> {
  const local = new LocalCounters();
  const counters: {
    spend(caller: string, cost: number, windowMs: number): Promise<WindowCount>;
    close(): Promise<void>;
  } =
    store === 'memory'
      ? { spend: (c, n, w) => Promise.resolve(local.spend(c, n, w)), close: async () => {} }
      : store === 'postgres'
        ? new PostgresCounters({ url: databaseUrl, timeoutMs: 1_000 })
        : await RedisCounters.connect({
            url: redisUrl,
            prefix: `${prefix}alone:`,
            timeoutMs: 1_000,
            logger: new Logger('bench'),
          });
  try {
    const caller = (i: number) => `key:bench-${i % 1_000}`;
    for (let i = 0; i < 500; i++) await counters.spend(caller(i), 1, 60_000);
    const samples = new Float64Array(5_000);
    for (let i = 0; i < samples.length; i++) {
      const t0 = performance.now();
      await counters.spend(caller(i), 1, 60_000);
      samples[i] = (performance.now() - t0) * 1000;
    }
    samples.sort();
    let next = 0;
    const total = 20_000;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: 50 }, async () => {
        while (next < total) await counters.spend(caller(next++), 1, 60_000);
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    return {
      p50Us: percentile(samples, 0.5),
      p99Us: percentile(samples, 0.99),
      concurrentPerSecond: total / seconds,
    };
  } finally {
    local.close();
    await counters.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
