import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { inject } from 'vitest';
import { loadConfig, type AppConfig } from '../src/config/env.js';
import { seedEmbeddedDatabase } from '../src/database/embedded-pool.js';
import { withDatabase } from './database-url.js';

/** The migrated data directory global-setup wrote, read once per worker. */
let template: { file: string; dump: Promise<Blob> } | undefined;
function embeddedTemplate(file: string): Promise<Blob> {
  if (template?.file !== file) {
    template = { file, dump: readFile(file).then((bytes) => new Blob([bytes])) };
  }
  return template.dump;
}

export interface TestDatabase {
  config: AppConfig;
  /** True when the database needs migrating (a fresh embedded one); template copies come migrated. */
  needsMigrations: boolean;
  drop(): Promise<void>;
}

/**
 * A clean database for one suite: a copy of the migrated template on PostgreSQL (or, with `empty`,
 * a database with no schema at all), or a fresh in-memory embedded database when no DATABASE_URL is set.
 */
export async function createTestDatabase({
  empty = false,
}: { empty?: boolean } = {}): Promise<TestDatabase> {
  // REDIS_URL is for the suites that test Redis, which set it themselves with a prefix of their own.
  const base = loadConfig({
    ...process.env,
    REDIS_URL: '',
    LOG_REQUESTS: 'false',
    LOG_LEVEL: 'error',
  });
  const template = inject('templateDatabase');
  if (!base.DATABASE_URL || !template) {
    const config = {
      ...base,
      DATABASE_URL: undefined,
      DATA_DIR: `memory://${randomBytes(6).toString('hex')}`,
    };
    const seed = empty ? null : inject('embeddedTemplate');
    if (seed) seedEmbeddedDatabase(config.DATA_DIR, await embeddedTemplate(seed));
    return { config, needsMigrations: !seed, drop: async () => {} };
  }
  const name = `cg_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base.DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(
      empty ? `CREATE DATABASE ${name}` : `CREATE DATABASE ${name} TEMPLATE ${template}`,
    );
  } finally {
    await admin.end();
  }
  return {
    config: { ...base, DATABASE_URL: withDatabase(base.DATABASE_URL, name) },
    needsMigrations: empty,
    drop: async () => {
      const c = new pg.Client({ connectionString: base.DATABASE_URL });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
