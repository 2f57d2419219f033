/**
 * `npm run bench:imports`: the import alone, timed against raw COPY of the same rows in the same
 * run, and optionally against another build of Claimgraph (`--against <its dist/>`), in alternating
 * rounds (A B, then B A, …) so a drift of the shared machine's speed falls on both. Each round loads
 * a fresh, migrated database through a freshly started server, so every import starts alike.
 *
 *   npm run bench:imports -- [--size small|medium|full] [--rounds 3] [--against ../other/dist]
 *                            [--seed 1] [--check] [--keep]
 *
 * With `--check`, `npm run recompute` then checks every import's claims and dashboard aggregates.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BuildCopy } from './build.js';
import { copyDataset, migrate, recompute } from './database.js';
import { generateDataset } from './generate.js';
import { importDataset } from './import.js';
import { SIZES, type SizeName } from './options.js';
import { fmt, log, median } from './report.js';
import { Resources } from './resources.js';
import { newAdminKey, startApp } from './server.js';

const { values: args } = parseArgs({
  options: {
    size: { type: 'string', default: 'medium' },
    rounds: { type: 'string', default: '3' },
    seed: { type: 'string', default: '1' },
    against: { type: 'string' },
    check: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});

const size = args.size as SizeName;
if (!(size in SIZES)) throw new Error(`--size must be one of ${Object.keys(SIZES).join(', ')}`);
const rounds = Number(args.rounds);
if (!Number.isInteger(rounds) || rounds <= 0)
  throw new Error('--rounds must be a positive integer');
const adminUrl =
  process.env.BENCH_DATABASE_URL ??
  `postgres://${process.env.PGUSER ?? 'postgres'}@${process.env.PGHOST ?? '127.0.0.1'}:${process.env.PGPORT ?? '5432'}/postgres`;

interface Variant {
  name: string;
  build: BuildCopy | null;
  seconds: number[];
  peakRss: number[];
}

async function main(): Promise<void> {
  const res = new Resources(adminUrl, args.keep);
  process.once('SIGINT', () => void res.release().finally(() => process.exit(130)));
  try {
    const { logs, data: dataDir } = res.workspace('claimgraph-imports');
    const data = await generateDataset(dataDir, SIZES[size], Number(args.seed), 'ids');
    log(
      `${size}: ${fmt.count(data.counts.sources)} sources, ${fmt.count(data.counts.claims)} claims, ${fmt.count(data.counts.stances)} stances, ${fmt.mb(data.ndjsonBytes)} of NDJSON`,
    );
    const build = BuildCopy.make();
    res.build(build);
    const variants: Variant[] = [
      { name: 'COPY', build: null, seconds: [], peakRss: [] },
      { name: 'this build', build, seconds: [], peakRss: [] },
    ];
    if (args.against) {
      const other = BuildCopy.make(args.against);
      res.build(other);
      variants.push({ name: 'against', build: other, seconds: [], peakRss: [] });
    }

    for (let round = 1; round <= rounds; round++) {
      const order = round % 2 ? variants : [...variants].reverse();
      for (const v of order) {
        const db = await res.database('imports');
        await migrate(v.build ?? build, db.url);
        if (!v.build) {
          const copy = await copyDataset(db.url, data);
          v.seconds.push(copy.seconds);
        } else {
          const adminKey = newAdminKey();
          const app = res.server(
            await startApp({
              build: v.build,
              name: `${v.name}-${round}`.replace(/\s/g, '-'),
              databaseUrl: db.url,
              adminKey,
              logFile: join(logs, `${v.name.replace(/\s/g, '-')}-${round}.log`),
            }),
          );
          const outcome = await importDataset(app, data.ndjson, adminKey);
          if (!outcome.available || outcome.status !== 200) {
            throw new Error(`${v.name}: the import failed: ${JSON.stringify(outcome)}`);
          }
          v.seconds.push(outcome.seconds);
          if (outcome.peakRssBytes !== null) v.peakRss.push(outcome.peakRssBytes);
          await res.stop(app);
          if (args.check) {
            // Statuses and dashboard aggregates as a full recompute works them out.
            const check = await recompute(v.build, db.url);
            log(`${v.name}: recompute: ${check.output.replace(/\s+/g, ' ')}`);
            if (check.stale !== 0 || /aggregates out of date/.test(check.output))
              throw new Error(`${v.name}: the import left claims or aggregates out of date`);
          }
        }
        log(`round ${round}: ${v.name} ${fmt.s(v.seconds.at(-1))}`);
        await res.drop(db);
      }
    }

    const copy = median(variants[0].seconds);
    const lines = [
      `| ${size} (${fmt.count(data.counts.stances)} stances) | median | runs | share of COPY's rate | peak RSS (median) |`,
      '| --- | --- | --- | --- | --- |',
      ...variants.map(
        (v) =>
          `| ${v.name} | ${fmt.s(median(v.seconds))} | ${v.seconds.map((s) => fmt.s(s)).join(', ')} | ${v.build ? `${Math.round((100 * copy) / median(v.seconds))} %` : ''} | ${v.peakRss.length ? fmt.mb(median(v.peakRss)) : ''} |`,
      ),
    ];
    console.log(lines.join('\n'));
  } catch (error) {
    console.error(res.logTails());
    throw error;
  } finally {
    await res.release();
  }
}

await main();
