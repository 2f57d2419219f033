/**
 * `npm run bench`: builds a synthetic dataset, then measures against PostgreSQL, in one run, the
 * import rate next to a raw COPY of the same rows, the main reads next to a minimal node:http + pg
 * server doing the same reads, and sustained stance writes followed by the recompute check.
 * Prints a table with each figure, its ratio to the baseline and its target, and writes it as
 * JSON and Markdown under bench/results/. See README.md, "Benchmark".
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { BuildCopy } from './build.js';
import {
  copyDataset,
  createDatabase,
  dropDatabase,
  migrate,
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
import { measure, type LoadResult } from './load.js';
import {
  parseOptions,
  REFERENCE_SIZE,
  SIZES,
  USAGE,
  UsageError,
  type BenchOptions,
} from './options.js';
import { Random } from './random.js';
import { fmt, markdownTable, textTable, writeResults } from './report.js';
import { newAdminKey, startApp, startBaseline, type ChildServer } from './server.js';

const log = (message: string): void =>
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);
const seconds = (since: number): number => (performance.now() - since) / 1000;

/** Everything the run created, removed whatever happens: servers, databases, generated files. */
class Resources {
  private readonly running = new Set<ChildServer>();
  private readonly started: ChildServer[] = [];
  private readonly databases: string[] = [];
  private readonly dirs: string[] = [];
  private readonly builds: BuildCopy[] = [];

  constructor(
    private readonly adminUrl: string,
    private readonly keep: boolean,
  ) {}

  server(s: ChildServer): ChildServer {
    this.running.add(s);
    this.started.push(s);
    return s;
  }

  async stop(s: ChildServer): Promise<void> {
    this.running.delete(s);
    await s.stop();
  }

  async database(role: string): Promise<{ name: string; url: string }> {
    const db = await createDatabase(this.adminUrl, role);
    this.databases.push(db.name);
    return db;
  }

  /** Drops a database now (unless --keep), to give its disk back before the next step. */
  async drop(db: { name: string }): Promise<void> {
    if (this.keep) return;
    this.databases.splice(this.databases.indexOf(db.name), 1);
    await dropDatabase(this.adminUrl, db.name);
  }

  dir(path: string): void {
    this.dirs.push(path);
  }

  /** The private copy of the build: removed at the end even with --keep. */
  build(b: BuildCopy): void {
    this.builds.push(b);
  }

  /** The end of every started server's log, for a run that went wrong. */
  logTails(): string {
    return this.started.map((s) => `--- ${s.name} (${s.logFile}):\n${s.logTail()}`).join('\n');
  }

  async release(): Promise<void> {
    for (const s of this.running) await s.stop().catch(() => undefined);
    this.running.clear();
    for (const b of this.builds.splice(0)) b.remove();
    if (this.keep) {
      if (this.databases.length > 0) log(`kept databases: ${this.databases.join(', ')}`);
      if (this.dirs.length > 0) log(`kept files: ${this.dirs.join(', ')}`);
      return;
    }
    for (const name of this.databases.splice(0)) {
      await dropDatabase(this.adminUrl, name).catch((e: unknown) =>
        log(`could not drop ${name}: ${String(e)}`),
      );
    }
    for (const dir of this.dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  }
}

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

async function main(): Promise<number> {
  const parsed = parseOptions(process.argv.slice(2));
  if (parsed === 'help') {
    console.log(USAGE);
    return 0;
  }
  const opts = parsed;
  const size = SIZES[opts.size];
  const referenceSize = size.stances > SIZES[REFERENCE_SIZE].stances ? SIZES[REFERENCE_SIZE] : null;
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

    // 1. The datasets, as NDJSON and as COPY files.
    let t = performance.now();
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

    // 2. Raw COPY into an empty migrated database: the floor the import is compared with.
    const copyDb = await res.database('copy');
    await migrate(build, copyDb.url);
    const copy = await copyDataset(copyDb.url, data);
    log(
      `COPY: ${fmt.count(copy.rows)} rows in ${fmt.s(copy.seconds)} (${fmt.rate(copy.rows / copy.seconds, ' rows/s')})`,
    );
    await res.drop(copyDb);

    // 3. The import, into a fresh database behind a freshly started server (so its peak RSS is the import's).
    const mainDb = await res.database('main');
    const adminKey = newAdminKey();
    const app = res.server(
      await startApp({
        build,
        name: 'Claimgraph',
        databaseUrl: mainDb.url,
        adminKey,
        logFile: join(logs, 'app.log'),
      }),
    );
    const loaded = await loadDataset(build, app, mainDb.url, data, adminKey, opts.load);
    if (loaded.importOutcome?.available) {
      log(
        `import: ${fmt.s(loaded.importOutcome.seconds)}, server peak RSS ${fmt.mb(loaded.importOutcome.peakRssBytes)}`,
      );
    } else {
      log(
        `loaded by COPY in ${fmt.s(loaded.copy?.seconds)}, then the recompute in ${fmt.s(loaded.recomputeSeconds)}`,
      );
    }
    await settleAggregates(app.baseUrl, adminKey);
    await vacuumAnalyze(mainDb.url);
    const statuses = await liveStatuses(mainDb.url);

    // 4. The reads, each on Claimgraph and on the baseline server; list, graph and search also with one connection.
    const pick = new Random(opts.seed + 1);
    const paths = readPaths(data, statuses, pick);
    const under = { connections: opts.connections, duration: opts.duration, warmup: opts.warmup };
    const alone = { ...under, connections: opts.latencyConnections };
    const auth = { authorization: `Bearer ${adminKey}` };
    const onApp = (path: () => string) => ({
      baseUrl: app.baseUrl,
      headers: auth,
      next: () => ({ path: path() }),
    });
    const baseline = res.server(
      await startBaseline({ build, databaseUrl: mainDb.url, logFile: join(logs, 'baseline.log') }),
    );
    const reads = {} as Record<ReadKey, ReadFigures>;
    for (const key of READS) {
      const f: ReadFigures = {
        app: await measure({ ...under, ...onApp(paths[key].app) }),
        baseline: await measure({
          ...under,
          baseUrl: baseline.baseUrl,
          next: () => ({ path: paths[key].baseline() }),
        }),
      };
      if (SINGLE_READS.includes(key))
        f.single = await measure({ ...alone, ...onApp(paths[key].app) });
      reads[key] = f;
      log(
        `${READ_NAMES[key]}: ${fmt.rate(f.app.rps)} (baseline ${fmt.rate(f.baseline.rps)}), p95 ${fmt.ms(f.app.p95)}` +
          (f.single ? `, alone p95 ${fmt.ms(f.single.p95)}` : ''),
      );
    }
    await res.stop(baseline);

    // 5. Sustained stance writes; then the recompute must find every claim current.
    const writes = await measure({
      ...under,
      baseUrl: app.baseUrl,
      headers: auth,
      next: () => ({
        method: 'POST',
        path: `/v1/claims/${pick.pick(data.claimIds)}/stances`,
        body: JSON.stringify({
          sourceId: pick.pick(data.sourceIds),
          kind: STANCE_KIND.pick(pick),
          statedAt: new Date(WINDOW_START + pick.int(WINDOW_MS)).toISOString(),
        }),
      }),
    });
    log(`stance writes: ${fmt.rate(writes.rps)}, p99 ${fmt.ms(writes.p99)}`);
    await res.stop(app);
    t = performance.now();
    const check = await recompute(build, mainDb.url);
    const recomputed = { checked: check.checked, stale: check.stale, seconds: seconds(t) };
    log(`recompute: ${check.output}`);
    await res.drop(mainDb);

    // 6. The list and the graph again on the 10k-stance dataset.
    let reference: ReferenceFigures | null = null;
    if (refData) {
      const refDb = await res.database('ref');
      const refApp = res.server(
        await startApp({
          build,
          name: 'Claimgraph (10k)',
          databaseUrl: refDb.url,
          adminKey,
          logFile: join(logs, 'app-10k.log'),
        }),
      );
      await loadDataset(build, refApp, refDb.url, refData, adminKey, opts.load);
      await settleAggregates(refApp.baseUrl, adminKey);
      await vacuumAnalyze(refDb.url);
      const refPaths = readPaths(refData, await liveStatuses(refDb.url), pick);
      const onRef = (path: () => string) => ({
        baseUrl: refApp.baseUrl,
        headers: auth,
        next: () => ({ path: path() }),
      });
      const refReads = {} as Record<LatencyRead, { app: LoadResult; single: LoadResult }>;
      for (const key of LATENCY_READS) {
        refReads[key] = {
          app: await measure({ ...under, ...onRef(refPaths[key].app) }),
          single: await measure({ ...alone, ...onRef(refPaths[key].app) }),
        };
        log(
          `${READ_NAMES[key]} at 10k stances: p95 ${fmt.ms(refReads[key].app.p95)}, alone p95 ${fmt.ms(refReads[key].single.p95)}`,
        );
      }
      reference = { counts: refData.counts, reads: refReads };
      await res.stop(refApp);
      await res.drop(refDb);
    }

    // 7. The table and the files.
    const m: Measurements = {
      connections: opts.connections,
      latencyConnections: opts.latencyConnections,
      counts: data.counts,
      copy,
      loaded,
      reads,
      reference,
      writes,
      recompute: recomputed,
    };
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
      loadedBy: loaded.method,
      refs: opts.refs,
      node: process.version,
      postgres: pgVersion,
      cpus: cpus().length,
      memoryGiB: Math.round(totalmem() / 2 ** 30),
    };
    const heading = `Claimgraph benchmark, ${opts.size}: ${fmt.count(data.counts.sources)} sources, ${fmt.count(data.counts.claims)} claims, ${fmt.count(data.counts.stances)} stances, ${fmt.count(data.counts.links)} links`;
    const setting = `${meta.cpus} CPUs, Node ${meta.node}, PostgreSQL ${pgVersion}; ${opts.connections} connections (latency runs: ${opts.latencyConnections}), ${opts.warmup} s warm-up + ${opts.duration} s per figure; loaded by ${loaded.method}; seed ${opts.seed}`;
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
    const json = { meta, ...m, rows, invalid };
    const files = writeResults(
      opts.outDir,
      `${opts.size}-${startedAt.toISOString().replace(/[:.]/g, '-')}`,
      json,
      markdown,
    );
    console.log(`Written: ${files.join(', ')}`);
    if (invalid.length > 0) {
      console.error(
        `\nNot valid, over 1 % of requests failed:\n  ${invalid.join('\n  ')}\n${res.logTails()}`,
      );
      return 1;
    }
    return 0;
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
