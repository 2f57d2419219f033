import 'reflect-metadata';
import { loadEnvironment } from '../config/env.js';
import { CorroborationRepository } from '../corroboration/corroboration.repository.js';
import { CorroborationService } from '../corroboration/corroboration.service.js';
import { createDataSource } from '../database/data-source.js';

/**
 * `npm run recompute`: rebuilds every claim's status, score and counts from its stances and reports
 * how many were out of date. Anything but 0 means a write path failed to keep a claim current.
 */
async function main(): Promise<void> {
  const config = loadEnvironment();
  const dataSource = createDataSource(config);
  await dataSource.initialize();
  try {
    const service = new CorroborationService(dataSource, new CorroborationRepository());
    const started = Date.now();
    const { checked, stale } = await service.recomputeAll();
    console.log(`Checked ${checked} claims in ${Date.now() - started} ms; ${stale} were out of date${stale > 0 ? ' and have been rebuilt' : ''}.`);
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
