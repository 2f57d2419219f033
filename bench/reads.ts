/**
 * `npm run bench:reads`: the reads alone, each next to the baseline server's same read
 * (bench/baseline-server.ts), in alternating rounds on one loaded database, and optionally next to
 * another build of Claimgraph (`--against <its dist/>`), so a change to a read path is measured A/B
 * in one run. A round starts each server afresh and measures every read on it; the table gives the
 * median of the rounds, the share of the baseline's rate, and the server's CPU time per answer.
 *
 *   npm run bench:reads -- [--size small|medium|full] [--rounds 3] [--duration 10] [--warmup 2]
 *                          [--connections 50] [--reads claim,explanation,list,graph]
 *                          [--against ../other/dist] [--keep]
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Random } from '../src/common/random.js';
import { BuildCopy } from './build.js';
import { assessmentsSettled, loadByCopy, statusCounts, vacuumAnalyze } from './database.js';
import { generateDataset } from './generate.js';
import { failureShare, measure, type LoadResult } from './load.js';
import { SIZES, type SizeName } from './options.js';
import { cpuSeconds } from './processes.js';
import { fmt, log, median } from './report.js';
import { Resources } from './resources.js';
import { newAdminKey, startApp, startBaseline, type ChildServer } from './server.js';

const READS = ['claim', 'explanation', 'list', 'graph'] as const;
type Read = (typeof READS)[number];

const { values: args } = parseArgs({
  options: {
    size: { type: 'string', default: 'medium' },
    rounds: { type: 'string', default: '3' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    connections: { type: 'string', default: '50' },
    reads: { type: 'string', default: READS.join(',') },
    seed: { type: 'string', default: '1' },
    against: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});

const size = args.size as SizeName;
if (!(size in SIZES)) throw new Error(`--size must be one of ${Object.keys(SIZES).join(', ')}`);
const count = (name: 'rounds' | 'duration' | 'warmup' | 'connections'): number => {
  const n = Number(args[name]);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number`);
  return n;
};
const reads = args.reads.split(',').map((r) => r.trim()) as Read[];
for (const r of reads) {
  if (!READS.includes(r)) throw new Error(`--reads takes ${READS.join(', ')}; not ${r}`);
}
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
  /** `/v1` on Claimgraph, nothing on the baseline. */
  prefix: string;
  headers?: Record<string, string>;
  results: Record<Read, LoadResult[]>;
  /** CPU milliseconds of the HTTP server per answer, by read and round. */
  serverCpu: Record<Read, number[]>;
}

async function main(): Promise<void> {
  const res = new Resources(adminUrl, args.keep);
  process.once('SIGINT', () => void res.release().finally(() => process.exit(130)));
  try {
    const { logs, data: dataDir } = res.workspace('claimgraph-reads');
    const data = await generateDataset(dataDir, SIZES[size], Number(args.seed), 'ids');
    const build = BuildCopy.make();
    res.build(build);
    const other = args.against ? BuildCopy.make(args.against) : null;
    if (other) res.build(other);

    const db = await res.database('reads');
    await loadByCopy(build, db.url, data);

    const adminKey = newAdminKey();
    const auth = { authorization: `Bearer ${adminKey}` };
    const app = (b: BuildCopy, name: string) => () =>
      startApp({
        build: b,
        name,
        databaseUrl: db.url,
        adminKey,
        logFile: join(logs, `${name}.log`),
      });
    // The learned assessments of the loaded claims are worked out by the first server to start;
    // measuring while that runs would charge it to whichever read came first.
    const first = res.server(await app(build, 'settle')());
    log(`assessments current after ${fmt.s(await assessmentsSettled(db.url, null, 30 * 60_000))}`);
    await res.stop(first);
    await vacuumAnalyze(db.url);

    const statuses = (await statusCounts(db.url)).filter((s) => s.count > 0).map((s) => s.status);
    const pick = new Random(Number(args.seed) + 11);
    const paths: Record<Read, () => string> = {
      claim: () => `/claims/${pick.pick(data.claimIds)}`,
      explanation: () => `/claims/${pick.pick(data.claimIds)}/corroboration`,
      list: () =>
        `/claims?status=${pick.pick(statuses)}&tag=${pick.pick(data.tags)}&limit=50` +
        // The baseline's list has one order, best score first; Claimgraph's is asked for it.
        '&sort=-score',
      graph: () => `/graph?claimId=${pick.pick(data.claimIds)}&depth=2`,
    };

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
      results: Object.fromEntries(READS.map((r) => [r, []])) as unknown as Variant['results'],
      serverCpu: Object.fromEntries(READS.map((r) => [r, []])) as unknown as Variant['serverCpu'],
    });
    const variants: Variant[] = [
      variant('claimgraph', app(build, 'claimgraph'), '/v1', auth),
      ...(other ? [variant('against', app(other, 'against'), '/v1', auth)] : []),
      variant(
        'bare',
        () => startBaseline({ build, databaseUrl: db.url, logFile: join(logs, 'bare.log') }),
        '',
      ),
    ];

    for (let round = 0; round < rounds; round++) {
      // Each round in another order, so no variant always runs on the warmest cache.
      const order = round % 2 === 0 ? variants : [...variants].reverse();
      for (const v of order) {
        const server = res.server(await v.start());
        for (const read of reads) {
          const on = {
            baseUrl: server.baseUrl,
            connections: load.connections,
            headers: v.headers,
            next: () => ({ path: `${v.prefix}${paths[read]()}` }),
          };
          await measure({ ...on, duration: load.warmup, warmup: 0 });
          const before = cpuSeconds(server.pid);
          const result = await measure({ ...on, duration: load.duration, warmup: 0 });
          v.serverCpu[read].push(
            result.ok > 0 ? ((cpuSeconds(server.pid) - before) * 1000) / result.ok : NaN,
          );
          v.results[read].push(result);
          log(
            `round ${round + 1} ${v.name} ${read}: ${fmt.rate(result.rps)}, p99 ${fmt.ms(result.p99)}` +
              (Object.keys(result.failed).length > 0 || result.errors > 0
                ? `, failed ${JSON.stringify(result.failed)}, errors ${result.errors}`
                : ''),
          );
        }
        await res.stop(server);
      }
    }

    const bare = variants.at(-1)!;
    console.log(
      `\nReads, ${size} (${fmt.count(data.counts.stances)} stances), ${load.connections} connections, ` +
        `${rounds} rounds of ${load.warmup} s + ${load.duration} s:\n`,
    );
    console.log(
      '| read | variant | req/s (median) | each round | vs bare | p50 / p99 (median) | server CPU / answer | answer size |',
    );
    console.log('|---|---|---|---|---|---|---|---|');
    for (const read of reads) {
      const bareRps = median(bare.results[read].map((r) => r.rps));
      for (const v of variants) {
        const rs = v.results[read];
        const rps = rs.map((r) => r.rps);
        console.log(
          `| ${read} | ${v.name} | ${median(rps).toFixed(0)} | ${rps.map((x) => x.toFixed(0)).join(', ')} | ` +
            `${fmt.ratio(median(rps) / bareRps)} | ` +
            `${fmt.ms(median(rs.map((r) => r.p50)))} / ${fmt.ms(median(rs.map((r) => r.p99)))} | ` +
            `${fmt.ms(median(v.serverCpu[read]))} | ${fmt.kb(median(rs.map((r) => r.meanBytes)))} |`,
        );
      }
    }
    console.log(
      '\nServer CPU per answer is the CPU time the HTTP server used while measured over the answers' +
        " it gave: it moves far less with the machine's load than the rate does. The answer size" +
        ' counts headers and body.',
    );
    // A read that answered nothing, or mostly errors, measured nothing: the run is not valid.
    const broken = variants.flatMap((v) =>
      reads
        .filter((read) => v.results[read].some((r) => r.ok === 0 || failureShare(r) > 0.5))
        .map((read) => `${v.name} ${read}`),
    );
    if (broken.length > 0) {
      console.error(`\nNo valid figure (no answers, or mostly errors): ${broken.join(', ')}`);
      process.exitCode = 1;
    }
  } finally {
    await res.release();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
