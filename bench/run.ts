/**
 * `npm run bench`: builds a synthetic dataset, then measures against PostgreSQL, in one run, the
 * import rate next to a raw COPY of the same rows, the main reads next to a minimal node:http + pg
 * server doing the same reads, and sustained stance writes followed by the recompute check.
 * Prints a table with each figure, its ratio to the baseline and its target, and writes it as
 * JSON and Markdown under bench/results/. See README.md, "Benchmark".
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { BuildCopy } from './build.js';
import {
  assessmentsSettled,
  copyDataset,
  migrate,
  prepareBareWrites,
  recompute,
  statusCounts,
  vacuumAnalyze,
} from './database.js';
import {
  buildRows,
  invalidRuns,
  LATENCY_READS,
  READ_NAMES,
  READS,
  SEARCH_QUERIES,
  SINGLE_READS,
  type LatencyRead,
  type Loaded,
  type Measurements,
  type ReadFigures,
  type ReadKey,
  type ReferenceFigures,
} from './figures.js';
import { generateDataset, STANCE_KIND, WINDOW_MS, WINDOW_START, type Dataset } from './generate.js';
import { importDataset, type ImportOutcome } from './import.js';
import { measure, type LoadResult, type NextRequest } from './load.js';
import {
  parseOptions,
  REFERENCE_SIZE,
  SIZES,
  USAGE,
  UsageError,
  type BenchOptions,
} from './options.js';
import { Random } from '../src/common/random.js';
import { fmt, log, markdownTable, textTable, writeResults } from './report.js';
import { Resources } from './resources.js';
import { newAdminKey, startApp, startBaseline, type ChildServer } from './server.js';

const seconds = (since: number): number => (performance.now() - since) / 1000;

async function hasImportRoute(app: ChildServer, adminKey: string): Promise<boolean> {
  try {
    const res = await fetch(`${app.baseUrl}/docs-json`, {
      headers: { authorization: `Bearer ${adminKey}` },
    });
    if (!res.ok) return true; // cannot tell: let the import itself answer
    const doc = (await res.json()) as { paths?: Record<string, unknown> };
    return Boolean(doc.paths?.['/v1/import']);
  } catch {
    return true;
  }
}

/**
 * Fills the server's empty, migrated database with the dataset: through `POST /v1/import`, or
 * with COPY followed by the recompute (which gives every claim its status), as asked. `auto`
 * imports when the server has the route and falls back to COPY when it has not.
 */
async function loadDataset(
  build: BuildCopy,
  app: ChildServer,
  url: string,
  dataset: Dataset,
  adminKey: string,
  mode: BenchOptions['load'],
): Promise<Loaded> {
  let outcome: ImportOutcome | null = null;
  if (mode !== 'copy') {
    outcome = (await hasImportRoute(app, adminKey))
      ? await importDataset(app, dataset.ndjson, adminKey)
      : { available: false, reason: 'the server has no POST /v1/import route' };
    if (outcome.available)
      return { method: 'import', importOutcome: outcome, copy: null, recomputeSeconds: null };
    if (mode === 'import') throw new Error(`--load import: ${outcome.reason}`);
    log(`import not measured (${outcome.reason}): loading with COPY and the recompute instead`);
  }
  const copy = await copyDataset(url, dataset);
  const started = performance.now();
  await recompute(build, url);
  return { method: 'copy', importOutcome: outcome, copy, recomputeSeconds: seconds(started) };
}

async function postgresVersion(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ server_version: string }>('SHOW server_version')).rows[0]
      .server_version;
  } finally {
    await client.end();
  }
}

/** The request paths of each read, on Claimgraph and on the baseline server, with random ids and filters. */
function readPaths(
  dataset: Dataset,
  statuses: string[],
  pick: Random,
): Record<ReadKey, { app: () => string; baseline: () => string }> {
  const claim = () => pick.pick(dataset.claimIds);
  const filter = () => `status=${pick.pick(statuses)}&tag=${pick.pick(dataset.tags)}`;
  return {
    claimById: { app: () => `/v1/claims/${claim()}`, baseline: () => `/claims/${claim()}` },
    list: {
      app: () => `/v1/claims?${filter()}&sort=-score&limit=50`,
      baseline: () => `/claims?${filter()}&limit=50`,
    },
    explanation: {
      app: () => `/v1/claims/${claim()}/corroboration`,
      baseline: () => `/claims/${claim()}/corroboration`,
    },
    graph: {
      app: () => `/v1/graph?claimId=${claim()}&depth=2`,
      baseline: () => `/graph?claimId=${claim()}&depth=2`,
    },
    search: {
      app: () => `/v1/claims?q=${encodeURIComponent(pick.pick(SEARCH_QUERIES))}&limit=50`,
      baseline: () => `/claims?q=${encodeURIComponent(pick.pick(SEARCH_QUERIES))}&limit=50`,
    },
  };
}

async function liveStatuses(url: string): Promise<string[]> {
  return (await statusCounts(url)).filter((s) => s.count > 0).map((s) => s.status);
}

/** What every step of a run shares. */
interface Run {
  opts: BenchOptions;
  res: Resources;
  build: BuildCopy;
  logs: string;
  adminKey: string;
  auth: Record<string, string>;
  pick: Random;
  /** Load settings for throughput figures (many connections) and latency figures (few). */
  under: { connections: number; duration: number; warmup: number };
  alone: { connections: number; duration: number; warmup: number };
}

/** 1. The datasets, as NDJSON and as COPY files: the main one and, above 10k stances, the reference. */
async function generateDatasets(
  run: Run,
  tmp: string,
): Promise<{ data: Dataset; refData: Dataset | null }> {
  const { opts } = run;
  const size = SIZES[opts.size];
  const referenceSize = size.stances > SIZES[REFERENCE_SIZE].stances ? SIZES[REFERENCE_SIZE] : null;
  const t = performance.now();
  mkdirSync(join(tmp, 'main'));
  const data = await generateDataset(join(tmp, 'main'), size, opts.seed, opts.refs);
  let refData: Dataset | null = null;
  if (referenceSize) {
    mkdirSync(join(tmp, 'reference'));
    refData = await generateDataset(join(tmp, 'reference'), referenceSize, opts.seed, opts.refs);
  }
  log(
    `dataset generated in ${fmt.s(seconds(t))}: ${fmt.count(data.counts.links)} links besides, ${fmt.mb(data.ndjsonBytes)} of NDJSON`,
  );
  return { data, refData };
}

/** 2. Raw COPY into an empty migrated database: the floor the import is compared with. */
async function measureCopy(run: Run, data: Dataset): Promise<Measurements['copy']> {
  const copyDb = await run.res.database('copy');
  await migrate(run.build, copyDb.url);
  const copy = await copyDataset(copyDb.url, data);
  log(
    `COPY: ${fmt.count(copy.rows)} rows in ${fmt.s(copy.seconds)} (${fmt.rate(copy.rows / copy.seconds, ' rows/s')})`,
  );
  await run.res.drop(copyDb);
  return copy;
}

/** A fresh database behind a freshly started server (so its peak RSS is the load's), loaded and settled. */
async function startLoaded(
  run: Run,
  data: Dataset,
  role: string,
  name: string,
): Promise<{ app: ChildServer; db: { name: string; url: string }; loaded: Loaded }> {
  const db = await run.res.database(role);
  const app = run.res.server(
    await startApp({
      build: run.build,
      name,
      databaseUrl: db.url,
      adminKey: run.adminKey,
      logFile: join(run.logs, `${role}.log`),
    }),
  );
  const loaded = await loadDataset(run.build, app, db.url, data, run.adminKey, run.opts.load);
  await settleAggregates(app.baseUrl, run.adminKey);
  // The learned assessments of the loaded claims are computed in the background; measuring
  // while that runs would charge it to whatever is measured.
  const assessed = await assessmentsSettled(db.url, null, 30 * 60_000);
  log(`assessments current ${fmt.s(assessed)} after the load`);
  await vacuumAnalyze(db.url);
  return { app, db, loaded };
}

const onServer = (run: Run, server: ChildServer, path: () => string) => ({
  baseUrl: server.baseUrl,
  headers: run.auth,
  next: () => ({ path: path() }),
});

/** 4. The reads, each on Claimgraph and on the baseline server; some also with few connections. */
async function measureReads(
  run: Run,
  app: ChildServer,
  dbUrl: string,
  data: Dataset,
): Promise<Record<ReadKey, ReadFigures>> {
  const paths = readPaths(data, await liveStatuses(dbUrl), run.pick);
  const baseline = run.res.server(
    await startBaseline({
      build: run.build,
      databaseUrl: dbUrl,
      logFile: join(run.logs, 'baseline.log'),
    }),
  );
  const reads = {} as Record<ReadKey, ReadFigures>;
  for (const key of READS) {
    const f: ReadFigures = {
      app: await measure({ ...run.under, ...onServer(run, app, paths[key].app) }),
      baseline: await measure({
        ...run.under,
        baseUrl: baseline.baseUrl,
        next: () => ({ path: paths[key].baseline() }),
      }),
    };
    if (SINGLE_READS.includes(key))
      f.single = await measure({ ...run.alone, ...onServer(run, app, paths[key].app) });
    reads[key] = f;
    log(
      `${READ_NAMES[key]}: ${fmt.rate(f.app.rps)} (baseline ${fmt.rate(f.baseline.rps)}), p95 ${fmt.ms(f.app.p95)}` +
        (f.single ? `, alone p95 ${fmt.ms(f.single.p95)}` : ''),
    );
  }
  await run.res.stop(baseline);
  return reads;
}

/** A random stance write, the same for Claimgraph and the baseline but for the path's prefix. */
function stanceWrite(run: Run, data: Dataset, prefix: string): () => NextRequest {
  const { pick } = run;
  return () => ({
    method: 'POST',
    path: `${prefix}/claims/${pick.pick(data.claimIds)}/stances`,
    body: JSON.stringify({
      sourceId: pick.pick(data.sourceIds),
      kind: STANCE_KIND.pick(pick),
      statedAt: new Date(WINDOW_START + pick.int(WINDOW_MS)).toISOString(),
    }),
  });
}

/** 5. Sustained stance writes. */
async function measureWrites(run: Run, app: ChildServer, data: Dataset): Promise<LoadResult> {
  const writes = await measure({
    ...run.under,
    baseUrl: app.baseUrl,
    headers: run.auth,
    next: stanceWrite(run, data, '/v1'),
  });
  log(`stance writes: ${fmt.rate(writes.rps)}, p99 ${fmt.ms(writes.p99)}`);
  return writes;
}

/**
 * 5b. The same writes on the bare transactional baseline, into its own copies of the claims and
 * stances (so Claimgraph's tables, checked next, stay its own).
 */
async function measureBareWrites(run: Run, dbUrl: string, data: Dataset): Promise<LoadResult> {
  log(`baseline write tables copied in ${fmt.s(await prepareBareWrites(dbUrl))}`);
  const baseline = run.res.server(
    await startBaseline({
      build: run.build,
      databaseUrl: dbUrl,
      logFile: join(run.logs, 'baseline-writes.log'),
    }),
  );
  const writes = await measure({
    ...run.under,
    baseUrl: baseline.baseUrl,
    next: stanceWrite(run, data, ''),
  });
  await run.res.stop(baseline);
  log(`baseline stance writes: ${fmt.rate(writes.rps)}, p99 ${fmt.ms(writes.p99)}`);
  return writes;
}

/** After the writes (server stopped): the recompute must find every claim current. */
async function checkRecompute(run: Run, dbUrl: string): Promise<Measurements['recompute']> {
  const t = performance.now();
  const check = await recompute(run.build, dbUrl);
  log(`recompute: ${check.output}`);
  return { checked: check.checked, stale: check.stale, seconds: seconds(t) };
}

/** 6. The list and the graph again on the 10k-stance dataset, to see how they scale. */
async function measureReference(run: Run, refData: Dataset): Promise<ReferenceFigures> {
  const { app, db } = await startLoaded(run, refData, 'ref', 'Claimgraph (10k)');
  const paths = readPaths(refData, await liveStatuses(db.url), run.pick);
  const reads = {} as Record<LatencyRead, { app: LoadResult; single: LoadResult }>;
  for (const key of LATENCY_READS) {
    reads[key] = {
      app: await measure({ ...run.under, ...onServer(run, app, paths[key].app) }),
      single: await measure({ ...run.alone, ...onServer(run, app, paths[key].app) }),
    };
    log(
      `${READ_NAMES[key]} at 10k stances: p95 ${fmt.ms(reads[key].app.p95)}, alone p95 ${fmt.ms(reads[key].single.p95)}`,
    );
  }
  await run.res.stop(app);
  await run.res.drop(db);
  return { counts: refData.counts, reads };
}

/** 7. The table on the console and the files; 1 when the run is not valid. */
function report(run: Run, m: Measurements, startedAt: Date, pgVersion: string): number {
  const { opts } = run;
  const rows = buildRows(m);
  const invalid = invalidRuns(m);
  const meta = {
    startedAt: startedAt.toISOString(),
    size: opts.size,
    seed: opts.seed,
    connections: opts.connections,
    latencyConnections: opts.latencyConnections,
    duration: opts.duration,
    warmup: opts.warmup,
    loadedBy: m.loaded.method,
    refs: opts.refs,
    node: process.version,
    postgres: pgVersion,
    cpus: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
  };
  const heading = `Claimgraph benchmark, ${opts.size}: ${fmt.count(m.counts.sources)} sources, ${fmt.count(m.counts.claims)} claims, ${fmt.count(m.counts.stances)} stances, ${fmt.count(m.counts.links)} links`;
  const setting = `${meta.cpus} CPUs, Node ${meta.node}, PostgreSQL ${pgVersion}; ${opts.connections} connections (latency runs: ${opts.latencyConnections}), ${opts.warmup} s warm-up + ${opts.duration} s per figure; loaded by ${m.loaded.method}; seed ${opts.seed}`;
  const caveat =
    opts.size === 'full'
      ? ''
      : 'The targets are set for the full size (1M stances); at this size they are only indicative.';
  console.log(`\n${heading}\n${setting}\n\n${textTable(rows)}\n${caveat ? `\n${caveat}\n` : ''}`);
  const markdown = [
    `# ${heading}`,
    '',
    `${startedAt.toISOString()} · ${setting}`,
    '',
    markdownTable(rows),
    '',
    caveat,
    '',
  ].join('\n');
  const files = writeResults(
    opts.outDir,
    `${opts.size}-${startedAt.toISOString().replace(/[:.]/g, '-')}`,
    { meta, ...m, rows, invalid },
    markdown,
  );
  console.log(`Written: ${files.join(', ')}`);
  if (invalid.length > 0) {
    console.error(
      `\nNot valid, over 1 % of requests failed:\n  ${invalid.join('\n  ')}\n${run.res.logTails()}`,
    );
    return 1;
  }
  return 0;
}

async function main(): Promise<number> {
  const parsed = parseOptions(process.argv.slice(2));
  if (parsed === 'help') {
    console.log(USAGE);
    return 0;
  }
  const opts = parsed;
  const size = SIZES[opts.size];
  const startedAt = new Date();
  const res = new Resources(opts.adminUrl, opts.keep);
  const onSignal = () => {
    log('interrupted: cleaning up');
    void res.release().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    const pgVersion = await postgresVersion(opts.adminUrl);
    log(
      `${opts.size}: ${fmt.count(size.sources)} sources, ${fmt.count(size.claims)} claims, ${fmt.count(size.stances)} stances; ` +
        `PostgreSQL ${pgVersion}; ${opts.connections} connections, ${opts.warmup} s warm-up + ${opts.duration} s per figure`,
    );
    const tmp = mkdtempSync(join(tmpdir(), 'claimgraph-bench-'));
    res.dir(tmp);
    const build = BuildCopy.make();
    res.build(build);
    const logs = join(tmp, 'logs');
    mkdirSync(logs);
    const adminKey = newAdminKey();
    const under = { connections: opts.connections, duration: opts.duration, warmup: opts.warmup };
    const run: Run = {
      opts,
      res,
      build,
      logs,
      adminKey,
      auth: { authorization: `Bearer ${adminKey}` },
      pick: new Random(opts.seed + 1),
      under,
      alone: { ...under, connections: opts.latencyConnections },
    };

    const { data, refData } = await generateDatasets(run, tmp);
    const copy = await measureCopy(run, data);
    // 3. The import (or COPY and the recompute) into the database the reads and writes then use.
    const { app, db, loaded } = await startLoaded(run, data, 'main', 'Claimgraph');
    if (loaded.importOutcome?.available) {
      log(
        `import: ${fmt.s(loaded.importOutcome.seconds)}, server peak RSS ${fmt.mb(loaded.importOutcome.peakRssBytes)}`,
      );
    } else {
      log(
        `loaded by COPY in ${fmt.s(loaded.copy?.seconds)}, then the recompute in ${fmt.s(loaded.recomputeSeconds)}`,
      );
    }
    const reads = await measureReads(run, app, db.url, data);
    const writes = await measureWrites(run, app, data);
    await res.stop(app);
    const recomputed = await checkRecompute(run, db.url);
    const bareWrites = await measureBareWrites(run, db.url, data);
    await res.drop(db);
    const reference = refData ? await measureReference(run, refData) : null;

    return report(
      run,
      {
        connections: opts.connections,
        latencyConnections: opts.latencyConnections,
        counts: data.counts,
        copy,
        loaded,
        reads,
        reference,
        writes,
        bareWrites,
        recompute: recomputed,
      },
      startedAt,
      pgVersion,
    );
  } catch (error) {
    const tails = res.logTails();
    if (tails) console.error(tails);
    throw error;
  } finally {
    await res.release();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      console.error(error.message);
      process.exit(2);
    }
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);

/**
 * After a bulk load the dashboard has a backlog of deltas to fold, which the server would otherwise
 * work through in the background during the measurements; a dashboard read folds all of it first.
 */
async function settleAggregates(baseUrl: string, adminKey: string): Promise<void> {
  const started = Date.now();
  const res = await fetch(`${baseUrl}/v1/stats?include=claims`, {
    headers: { authorization: `Bearer ${adminKey}` },
  });
  if (!res.ok) throw new Error(`GET /v1/stats answered ${res.status}: ${await res.text()}`);
  log(`dashboard aggregates folded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
