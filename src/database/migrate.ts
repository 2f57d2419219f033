import type { DataSource, Migration } from 'typeorm';

/** Any fixed 64-bit number works; every instance must use the same one. */
const MIGRATION_LOCK_KEY = '7305119842651';

/**
 * Runs pending migrations, each in its own transaction. On a PostgreSQL server it holds an advisory
 * lock meanwhile, so several instances starting at once take turns and each finds the schema either
 * untouched or complete. The embedded database belongs to one process, so it needs no lock (and its
 * single session could not hold one while the migrations run on it).
 */
export async function runMigrations(
  dataSource: DataSource,
  { lock }: { lock: boolean },
): Promise<Migration[]> {
  if (!lock) return dataSource.runMigrations({ transaction: 'each' });
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      return await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await runner.release();
  }
}
