import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { createDataSource } from '../src/database/data-source.js';
import { runMigrations } from '../src/database/migrate.js';
import { dumpEmbeddedDatabase } from '../src/database/embedded-pool.js';
import { loadConfig } from '../src/config/env.js';
import { withDatabase } from './database-url.js';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string | null;
    /** On the embedded database: a file holding a migrated data directory to start suites from. */
    embeddedTemplate: string | null;
    /** Names this run, e.g. so that its suites build the server once between them. */
    testRunId: string;
  }
}

/**
 * Migrates once into a template, so that suites never share state and never pay for migrations
 * again. With DATABASE_URL set the template is a database, and each suite gets its own copy
 * (CREATE DATABASE … TEMPLATE). Without it, the template is a migrated embedded database's data
 * directory in a temporary file, and each suite opens its own in-memory database from it.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const config = loadConfig();
  project.provide('testRunId', randomBytes(8).toString('hex'));
  if (!config.DATABASE_URL) {
    project.provide('templateDatabase', null);
    const dataDir = `memory://template-${randomBytes(4).toString('hex')}`;
    const dataSource = createDataSource({ ...config, DATABASE_URL: undefined, DATA_DIR: dataDir });
    await dataSource.initialize();
    await runMigrations(dataSource, { lock: false });
    const dump = await dumpEmbeddedDatabase(dataDir);
    await dataSource.destroy();
    const dir = await mkdtemp(join(tmpdir(), 'claimgraph-test-'));
    const file = join(dir, 'template.tar');
    await writeFile(file, Buffer.from(await dump.arrayBuffer()));
    project.provide('embeddedTemplate', file);
    return async () => {
      await rm(dir, { recursive: true, force: true });
    };
  }
  project.provide('embeddedTemplate', null);
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
