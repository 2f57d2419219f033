import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { BuildCopy } from './build.js';
import { TABLE_COLUMNS, type Dataset } from './generate.js';
import { fmt, log } from './report.js';

/** The same server, another database. */
export function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** One statement on its own connection: the rows it returns. */
export function query<T extends pg.QueryResultRow>(
  url: string,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  return withClient(url, async (c) => (await c.query<T>(sql, params)).rows);
}

/** Creates an empty database with a name of its own (`cg_bench_<random>_<role>`) and returns its URL. */
export async function createDatabase(
  adminUrl: string,
  role: string,
): Promise<{ name: string; url: string }> {
  const name = `cg_bench_${randomBytes(4).toString('hex')}_${role}`;
  await withClient(adminUrl, (c) => c.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`));
  return { name, url: databaseUrl(adminUrl, name) };
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  await withClient(adminUrl, (c) =>
    c.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`),
  );
}

/** Runs one of the product's commands (src/scripts/*.js, as built) on a database; returns its output. */
function runScript(
  build: BuildCopy,
  script: 'migrate' | 'recompute',
  url: string,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [build.path(script)], {
      cwd: build.dir,
      env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(output.trim());
      else reject(new Error(`${script} exited with ${code}:\n${output}`));
    });
  });
}

export const migrate = (build: BuildCopy, url: string): Promise<string> =>
  runScript(build, 'migrate', url);

/** `npm run recompute` on the database: how many claims it checked and how many were out of date. */
export async function recompute(
  build: BuildCopy,
  url: string,
): Promise<{ checked: number; stale: number; output: string }> {
  const output = await runScript(build, 'recompute', url);
  const match = /Checked (\d+) claims.*?; (\d+) were out of date/.exec(output);
  if (!match) throw new Error(`Could not read the recompute's answer: ${output}`);
  return { checked: Number(match[1]), stale: Number(match[2]), output };
}

export interface CopyResult {
  seconds: number;
  rows: number;
  tables: Record<string, { rows: number; seconds: number }>;
}

/**
 * COPY FROM STDIN of the dataset's four files, in one transaction: the raw PostgreSQL floor the
 * import is compared with. No status is computed (the claims stay `unsourced`).
 */
export async function copyDataset(url: string, dataset: Dataset): Promise<CopyResult> {
  return withClient(url, async (client) => {
    const tables: CopyResult['tables'] = {};
    const started = performance.now();
    await client.query('BEGIN');
    for (const [table, file] of [
      ['sources', dataset.copy.sources],
      ['claims', dataset.copy.claims],
      ['stances', dataset.copy.stances],
      ['claim_links', dataset.copy.links],
    ] as const) {
      const tableStarted = performance.now();
      const columns = TABLE_COLUMNS[table].map((c) => pg.escapeIdentifier(c)).join(', ');
      const sink = client.query(
        copyFrom(`COPY ${pg.escapeIdentifier(table)} (${columns}) FROM STDIN`),
      );
      await pipeline(createReadStream(file), sink);
      tables[table] = { rows: sink.rowCount, seconds: (performance.now() - tableStarted) / 1000 };
    }
    await client.query('COMMIT');
    const seconds = (performance.now() - started) / 1000;
    return { seconds, rows: Object.values(tables).reduce((n, t) => n + t.rows, 0), tables };
  });
}

/** The claim statuses present, most common first (the filtered list reads pick among them). */
/**
 * Fills a migrated database by COPY, then has `build`'s recompute work out every claim, as the
 * A/B benchmarks start: the rows are the same for every build compared on them.
 */
export async function loadByCopy(build: BuildCopy, url: string, dataset: Dataset): Promise<void> {
  await migrate(build, url);
  const copy = await copyDataset(url, dataset);
  log(`loaded ${fmt.count(copy.rows)} rows by COPY in ${fmt.s(copy.seconds)}; recomputing`);
  await recompute(build, url);
}

export async function statusCounts(url: string): Promise<Array<{ status: string; count: number }>> {
  return withClient(url, async (c) => {
    const { rows } = await c.query<{ status: string; count: string }>(
      `SELECT status, count(*) AS count FROM claims WHERE merged_into_id IS NULL GROUP BY status ORDER BY 2 DESC`,
    );
    return rows.map((r) => ({ status: r.status, count: Number(r.count) }));
  });
}

/**
 * `VACUUM (ANALYZE)` after a bulk load, as an operator would: the planner learns the tables' sizes,
 * and autovacuum does not start on the fresh rows in the middle of a measurement.
 */
export async function vacuumAnalyze(url: string): Promise<void> {
  await withClient(url, (c) => c.query('VACUUM (ANALYZE)'));
}

/**
 * Waits until the learned assessments are current: the track records learned (at or after `since`,
 * when given) and no claim left in the queue. Returns the seconds it took.
 */
export async function assessmentsSettled(
  url: string,
  since: Date | null,
  timeoutMs: number,
): Promise<number> {
  const started = performance.now();
  return withClient(url, async (c) => {
    for (;;) {
      const { rows } = await c.query<{ queued: string; changed: Date | null }>(
        `SELECT (SELECT count(*) FROM assessment_queue) AS queued,
                (SELECT changed_at FROM assessment_model WHERE id = 1) AS changed`,
      );
      const { queued, changed } = rows[0];
      const learned = changed !== null && (since === null || changed >= since);
      if (learned && Number(queued) === 0) return (performance.now() - started) / 1000;
      if (performance.now() - started > timeoutMs) {
        throw new Error(`assessments not current after ${timeoutMs} ms (${queued} claims queued)`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });
}

/**
 * The baseline's write tables: `bare.claims` and `bare.stances`, copies of the loaded rows with the
 * same columns, defaults, checks, indexes and foreign keys (to each other and to the real sources and
 * keys), but without Claimgraph's triggers. Returns the seconds the copy took.
 */
export async function prepareBareWrites(url: string): Promise<number> {
  const started = performance.now();
  await withClient(url, async (c) => {
    await c.query('DROP SCHEMA IF EXISTS bare CASCADE');
    await c.query('CREATE SCHEMA bare');
    const foreignKeys: string[] = [];
    for (const table of ['claims', 'stances']) {
      await c.query(`CREATE TABLE bare.${table} (LIKE public.${table} INCLUDING ALL)`);
      await c.query(
        `INSERT INTO bare.${table} OVERRIDING SYSTEM VALUE SELECT * FROM public.${table}`,
      );
      const identities = await c.query<{ name: string }>(
        `SELECT attname AS name FROM pg_attribute WHERE attrelid = $1::regclass AND attidentity <> ''`,
        [`bare.${table}`],
      );
      for (const { name } of identities.rows) {
        const column = pg.escapeIdentifier(name);
        await c.query(
          `SELECT setval(pg_get_serial_sequence($1, $2), coalesce(max(${column}), 0) + 1, false) FROM bare.${table}`,
          [`bare.${table}`, name],
        );
      }
      const { rows } = await c.query<{ name: string; definition: string }>(
        `SELECT conname AS name, pg_get_constraintdef(oid) AS definition
           FROM pg_constraint WHERE conrelid = $1::regclass AND contype = 'f'`,
        [`public.${table}`],
      );
      foreignKeys.push(
        ...rows.map(
          (r) =>
            `ALTER TABLE bare.${table} ADD CONSTRAINT ${pg.escapeIdentifier(r.name)} ${r.definition}`,
        ),
      );
    }
    // Unqualified names in the definitions resolve to the copies first, the real tables after.
    await c.query('SET search_path = bare, public');
    for (const statement of foreignKeys) await c.query(statement);
    await c.query('ANALYZE bare.claims, bare.stances');
  });
  return (performance.now() - started) / 1000;
}
