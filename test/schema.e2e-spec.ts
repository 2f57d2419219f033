import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../src/database/data-source.js';
import { isEmbedded } from '../src/config/env.js';
import { runMigrations } from '../src/database/migrate.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

describe('database schema', () => {
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = createDataSource(db.config);
    await dataSource.initialize();
    await runMigrations(dataSource, { lock: !isEmbedded(db.config) });
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('matches the entities exactly: synchronize would change nothing', async () => {
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('has no pending migrations after start', async () => {
    expect(await dataSource.showMigrations()).toBe(false);
  });

  it('lets several instances migrate one empty database at the same time', async () => {
    const empty = await createTestDatabase({ empty: true });
    const instances = [0, 1, 2].map(() => createDataSource(empty.config));
    try {
      await Promise.all(instances.map((ds) => ds.initialize()));
      const results = await Promise.all(
        instances.map((ds) => runMigrations(ds, { lock: !isEmbedded(empty.config) })),
      );
      // Exactly one instance applied each migration; the others found the schema done.
      expect(results.flat().map((m) => m.name)).toEqual(dataSource.migrations.map((m) => m.name));
      const applied = await instances[0].query('SELECT name FROM schema_migrations');
      expect(applied).toHaveLength(dataSource.migrations.length);
    } finally {
      await Promise.all(instances.filter((ds) => ds.isInitialized).map((ds) => ds.destroy()));
      await empty.drop();
    }
  });

  it('rolls every migration back and forward again', async () => {
    for (let i = 0; i < dataSource.migrations.length; i++) await dataSource.undoLastMigration();
    const tables = await dataSource.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'schema_migrations'`,
    );
    expect(tables).toEqual([]);
    await runMigrations(dataSource, { lock: false });
    expect(await dataSource.showMigrations()).toBe(false);
  });
});
