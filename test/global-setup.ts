import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { createDataSource } from '../src/database/data-source.js';
import { runMigrations } from '../src/database/migrate.js';
import { loadConfig } from '../src/config/env.js';
import { withDatabase } from './database-url.js';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string | null;
  }
}

/**
 * With DATABASE_URL set, migrates once into a template database; each suite then gets its own
 * copy (CREATE DATABASE … TEMPLATE), so suites never share state and never pay for migrations
 * again. Without DATABASE_URL, each suite opens its own in-memory embedded database instead.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const config = loadConfig();
  if (!config.DATABASE_URL) {
    project.provide('templateDatabase', null);
    return async () => {};
  }
  const adminUrl = config.DATABASE_URL;
  const template = `cg_template_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${template}`);
  const dataSource = createDataSource({
    ...config,
    DATABASE_URL: withDatabase(adminUrl, template),
  });
  await dataSource.initialize();
  await runMigrations(dataSource, { lock: true });
  await dataSource.destroy();
  project.provide('templateDatabase', template);

  return async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
    await admin.end();
  };
}
