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
import { buildConsoleIfStale } from '../src/scripts/console-build.js';
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

interface Prepared {
  runId: string;
  templateDatabase: string | null;
  embeddedTemplate: string | null;
  teardown: () => Promise<void>;
}

/**
 * Migrates once into a template, so that suites never share state and never pay for migrations
 * again. With DATABASE_URL set the template is a database, and each suite gets its own copy
 * (CREATE DATABASE … TEMPLATE). Without it, the template is a migrated embedded database's data
 * directory in a temporary file, and each suite opens its own in-memory database from it.
 */
async function prepare(): Promise<Prepared> {
  // The console's pages are served from its build: the browser suite and the route matrix need it.
  await buildConsoleIfStale({ log: () => {} });
  const config = loadConfig();
  const runId = randomBytes(8).toString('hex');
  if (!config.DATABASE_URL) {
    const dataDir = `memory://template-${randomBytes(4).toString('hex')}`;
    const dataSource = createDataSource({ ...config, DATABASE_URL: undefined, DATA_DIR: dataDir });
    await dataSource.initialize();
    await runMigrations(dataSource, { lock: false });
    const dump = await dumpEmbeddedDatabase(dataDir);
    await dataSource.destroy();
    const dir = await mkdtemp(join(tmpdir(), 'claimgraph-test-'));
    const file = join(dir, 'template.tar');
    await writeFile(file, Buffer.from(await dump.arrayBuffer()));
    return {
      runId,
      templateDatabase: null,
      embeddedTemplate: file,
      teardown: () => rm(dir, { recursive: true, force: true }),
    };
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
  return {
    runId,
    templateDatabase: template,
    embeddedTemplate: null,
    teardown: async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
      await admin.end();
    },
  };
}

/**
 * Each project of the run (see vitest.config.ts) calls this, from its own copy of this module but
 * in one process: they share one template and run id through the process's global object.
 */
const SHARED = Symbol.for('claimgraph:test-setup');
type Shared = { prepared: Promise<Prepared>; projects: number };

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const global = globalThis as typeof globalThis & { [SHARED]?: Shared };
  const shared = (global[SHARED] ??= { prepared: prepare(), projects: 0 });
  shared.projects++;
  const { runId, templateDatabase, embeddedTemplate, teardown } = await shared.prepared;
  project.provide('testRunId', runId);
  project.provide('templateDatabase', templateDatabase);
  project.provide('embeddedTemplate', embeddedTemplate);
  return async () => {
    if (--shared.projects > 0) return;
    delete global[SHARED];
    await teardown();
  };
}
