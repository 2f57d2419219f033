/**
 * `npm run bench:assessments -- [--size small|medium|full] [--verdicts 0.1] [--repeats 3]`: how
 * fresh the learned assessments stay. The dataset is loaded with COPY and the recompute, a share
 * of its claims is given verdicts (as a restore would bring them), and a server is started on it.
 * Measured: the first assessment of every claim after the start, then, for each of `repeats`
 * verdicts posted through the API, the time from the verdict's answer until every claim's stored
 * assessment rests on it (the track records learned again and the queue drained). The bound stated
 * in docs/design.md comes from this.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BuildCopy } from './build.js';
import {
  assessmentsSettled,
  copyDataset,
  migrate,
  query,
  recompute,
  vacuumAnalyze,
} from './database.js';
import { generateDataset } from './generate.js';
import { SIZES, type SizeName } from './options.js';
import { fmt, log } from './report.js';
import { Resources } from './resources.js';
import { newAdminKey, startApp } from './server.js';

const VERDICTS = ['true', 'mostly_true', 'false', 'mostly_false', 'unproven', 'mixed'];

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      size: { type: 'string', default: 'full' },
      verdicts: { type: 'string', default: '0.1' },
      repeats: { type: 'string', default: '3' },
      seed: { type: 'string', default: '1' },
    },
  });
  const sizeName = values.size as SizeName;
  if (!(sizeName in SIZES))
    throw new Error(`--size must be one of ${Object.keys(SIZES).join(', ')}`);
  const share = Number(values.verdicts);
  const repeats = Number(values.repeats);
  const adminUrl =
    process.env.BENCH_DATABASE_URL ??
    `postgres://${process.env.PGUSER ?? 'postgres'}@${process.env.PGHOST ?? '127.0.0.1'}:${process.env.PGPORT ?? '5432'}/postgres`;
  const res = new Resources(adminUrl, false);
  const build = BuildCopy.make();
  res.build(build);
  const tmp = mkdtempSync(join(tmpdir(), 'claimgraph-bench-assessments-'));
  res.dir(tmp);
  try {
    const size = SIZES[sizeName];
    mkdirSync(join(tmp, 'data'));
    const data = await generateDataset(join(tmp, 'data'), size, Number(values.seed));
    const db = await res.database('assessments');
    await migrate(build, db.url);
    await copyDataset(db.url, data);
    // The recompute's check of the dashboard aggregates reads them whole: at full size on a busy
    // machine that can take longer than a request may.
    const timeout = process.env.DB_STATEMENT_TIMEOUT_MS;
    process.env.DB_STATEMENT_TIMEOUT_MS = timeout ?? '600000';
    await recompute(build, db.url);
    if (timeout === undefined) delete process.env.DB_STATEMENT_TIMEOUT_MS;
    const n = (
      await query(
        db.url,
        `WITH chosen AS (SELECT id FROM claims WHERE merged_into_id IS NULL ORDER BY id
                          LIMIT (SELECT ceil(count(*) * $1::float8)::bigint FROM claims WHERE merged_into_id IS NULL))
         UPDATE claims c SET review_verdict = ($2::text[])[1 + abs(hashtext(c.id::text)) % 6],
                review_state = 'reviewed', reviewed_at = now()
           FROM chosen WHERE c.id = chosen.id RETURNING 1`,
        [share, VERDICTS],
      )
    ).length;
    await vacuumAnalyze(db.url);
    log(
      `${sizeName}: ${fmt.count(size.claims)} claims, ${fmt.count(size.stances)} stances, ${fmt.count(n)} with a verdict`,
    );

    const adminKey = newAdminKey();
    const startedAt = new Date();
    const app = res.server(
      await startApp({
        build,
        name: 'claimgraph',
        databaseUrl: db.url,
        adminKey,
        logFile: join(tmp, 'server.log'),
      }),
    );
    const first = await assessmentsSettled(db.url, startedAt, 30 * 60_000);
    log(`first assessment of every claim after the start: ${fmt.s(first)}`);

    const candidates = await query<{ id: string }>(
      db.url,
      `SELECT claim_id AS id FROM stances GROUP BY claim_id ORDER BY count(*) DESC LIMIT $1`,
      [repeats],
    );
    const times: number[] = [];
    for (const [i, { id }] of candidates.entries()) {
      const response = await fetch(`${app.baseUrl}/v1/claims/${id}/reviews`, {
        method: 'POST',
        headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ verdict: i % 2 ? 'true' : 'false', rationale: 'benchmark' }),
      });
      if (response.status !== 201) throw new Error(`review answered ${response.status}`);
      const answered = new Date();
      const t = await assessmentsSettled(db.url, answered, 30 * 60_000);
      times.push(t);
      log(`verdict ${i + 1}: every claim's assessment rests on it ${fmt.s(t)} after its answer`);
    }
    const sorted = [...times].sort((a, b) => a - b);
    console.log(
      `\n| size | claims | stances | verdicts | first full assessment | verdict → every claim (median, min–max of ${repeats}) |\n|---|---|---|---|---|---|\n| ${sizeName} | ${fmt.count(size.claims)} | ${fmt.count(size.stances)} | ${fmt.count(n)} | ${fmt.s(first)} | ${fmt.s(sorted[Math.floor(sorted.length / 2)])} (${fmt.s(sorted[0])}–${fmt.s(sorted[sorted.length - 1])}) |`,
    );
  } catch (error) {
    console.error(res.logTails());
    throw error;
  } finally {
    await res.release();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
