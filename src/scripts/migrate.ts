import 'reflect-metadata';
import { loadEnvironment, isEmbedded } from '../config/env.js';
import { createDataSource } from '../database/data-source.js';
import { runMigrations } from '../database/migrate.js';

/** `npm run migration:run`: applies pending migrations and exits; for deploys that set MIGRATIONS_RUN=false. */
async function main(): Promise<void> {
  const config = loadEnvironment();
  const dataSource = createDataSource(config);
  await dataSource.initialize();
  try {
    const ran = await runMigrations(dataSource, { lock: !isEmbedded(config) });
    console.log(
      ran.length === 0
        ? 'The schema is up to date.'
        : `Applied: ${ran.map((m) => m.name).join(', ')}`,
    );
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
