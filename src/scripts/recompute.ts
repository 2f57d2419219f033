import 'reflect-metadata';
import { loadEnvironment } from '../config/env.js';
import { CorroborationRepository } from '../corroboration/corroboration.repository.js';
import { CorroborationService } from '../corroboration/corroboration.service.js';
import { createDataSource } from '../database/data-source.js';
import { AggregateCheckRepository } from '../stats/aggregate-check.repository.js';
import { DeltaFoldRepository } from '../stats/delta-fold.repository.js';
import { StatsRepository } from '../stats/stats.repository.js';
import { StatsService } from '../stats/stats.service.js';

/**
 * A statement's limit here, unless DB_STATEMENT_TIMEOUT_MS says otherwise: the server's default
 * (15 s) is for requests, and the aggregate check's recounts take longer than that at a million
 * stances on a busy machine.
 */
const MAINTENANCE_STATEMENT_TIMEOUT_MS = 30 * 60_000;

/**
 * `npm run recompute`: rebuilds every claim's status, score and counts from its stances and reports
 * how many were out of date. Anything but 0 means a write path failed to keep a claim current.
 * Then checks the dashboard's aggregates the same way, rebuilding any that differ.
 */
async function main(): Promise<void> {
  const loaded = loadEnvironment();
  const config =
    process.env.DB_STATEMENT_TIMEOUT_MS === undefined
      ? { ...loaded, DB_STATEMENT_TIMEOUT_MS: MAINTENANCE_STATEMENT_TIMEOUT_MS }
      : loaded;
  const dataSource = createDataSource(config);
  await dataSource.initialize();
  try {
    const service = new CorroborationService(dataSource, new CorroborationRepository());
    const started = Date.now();
    const { checked, stale } = await service.recomputeAll();
    console.log(
      `Checked ${checked} claims in ${Date.now() - started} ms; ${stale} were out of date${stale > 0 ? ' and have been rebuilt' : ''}.`,
    );
    // The dashboard's aggregates against fresh counts over the base tables (see GET /v1/stats).
    const folds = new DeltaFoldRepository();
    const check = await new StatsService(
      dataSource,
      new StatsRepository(),
      folds,
      new AggregateCheckRepository(folds),
    ).checkAggregates(true);
    const differing = Object.entries(check).filter(([, n]) => n > 0);
    console.log(
      differing.length === 0
        ? 'Dashboard aggregates agree with the claims, their history and their group sides.'
        : `Dashboard aggregates out of date, now rebuilt: ${differing.map(([name, n]) => `${name} (${n} entries)`).join(', ')}.`,
    );
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
