import 'reflect-metadata';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Test } from '@nestjs/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module.js';
import { configureApp, createHttpAdapter } from '../src/app.setup.js';
import { generateKey, hashKey } from '../src/api-keys/secrets.js';
import type { AppConfig } from '../src/config/env.js';
import { startKeyProxy } from './key-proxy.js';
import { TcpProxy } from './tcp-proxy.js';
import { Contract } from './contract.js';
import { createTestDatabase } from './test-database.js';

export interface TestApp {
  app: NestFastifyApplication;
  /** The app behind a proxy that sends the admin key with every request that has no Authorization. */
  http: Server;
  /** The app itself: requests carry only the headers the test gives them. */
  raw: Server;
  /** A live admin key's secret, and its id. */
  adminKey: string;
  adminKeyId: string;
  config: AppConfig;
  /** The app's own data source, for asserting what was stored. */
  db: DataSource;
  close(): Promise<void>;
}

/**
 * The real AppModule, guards, pipes and filter, on a clean database of its own — or, with
 * `sameDatabaseAs`, a second instance on another app's database (and admin key), as when several
 * servers share one database; closing it leaves the database to the first app (close it first).
 */
export async function createTestApp(
  overrides: Partial<AppConfig> = {},
  {
    routeDatabase,
    sameDatabaseAs,
  }: { routeDatabase?: (url: string) => string; sameDatabaseAs?: TestApp } = {},
): Promise<TestApp> {
  const database = sameDatabaseAs
    ? { config: sameDatabaseAs.config, needsMigrations: false, drop: async () => {} }
    : await createTestDatabase();
  const adminKey = sameDatabaseAs?.adminKey ?? generateKey().secret;
  // Suites send thousands of requests with one key, and many unknown keys from one address; the
  // access-control and hostile-client suites test the limits themselves.
  const config: AppConfig = {
    ...database.config,
    BOOTSTRAP_ADMIN_KEY: adminKey,
    RATE_LIMIT: 1_000_000,
    AUTH_FAILURE_LIMIT: 1_000_000,
    ...overrides,
  };
  if (routeDatabase && config.DATABASE_URL)
    config.DATABASE_URL = routeDatabase(config.DATABASE_URL);
  const moduleRef = await Test.createTestingModule({
    imports: [AppModule.forRoot(config)],
  }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createHttpAdapter(), {
    bodyParser: false,
    logger: ['error', 'warn'],
  });
  await configureApp(app, config);
  // Listening on a real port lets many requests run at once, as they would in production.
  await app.listen(0, '127.0.0.1');
  const raw = app.getHttpServer();
  await watchContract(raw, adminKey);
  const http = await startKeyProxy(raw, adminKey);
  const db = app.get(DataSource);
  // Without a bootstrap key (a suite may unset it) there is no admin key to speak for.
  const [admin] = await db.query(`SELECT id FROM api_keys WHERE secret_hash = $1`, [
    hashKey(adminKey),
  ]);
  const adminKeyId: string = admin?.id ?? '';
  return {
    app,
    http,
    raw,
    adminKey,
    adminKeyId,
    config,
    db,
    close: async () => {
      await new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      });
      await app.close();
      await database.drop();
    },
  };
}

/**
 * An app whose database connections pass through a TCP proxy the test controls, to cut the
 * database away and bring it back (`proxy.cut()`, `proxy.restore()`). PostgreSQL only.
 */
export async function createTestAppBehindProxy(
  overrides: Partial<AppConfig> = {},
): Promise<{ t: TestApp; proxy: TcpProxy }> {
  const target = new URL(process.env.DATABASE_URL!);
  const proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
  await proxy.start();
  const t = await createTestApp(overrides, {
    routeDatabase: (url) => {
      const u = new URL(url);
      u.hostname = '127.0.0.1';
      u.port = String(proxy.port);
      return u.toString();
    },
  });
  return { t, proxy };
}

/** Two instances on one database, as when several servers share it; closes both, second first. */
export async function createTwoInstances(
  overrides: Partial<AppConfig> = {},
): Promise<{ a: TestApp; b: TestApp; close: () => Promise<void> }> {
  const a = await createTestApp(overrides);
  const b = await createTestApp(overrides, { sameDatabaseAs: a });
  return {
    a,
    b,
    close: async () => {
      await b.close();
      await a.close();
    },
  };
}

/** The API document, read once per test file from its first app: every app serves the same one. */
let contract: Promise<Contract> | undefined;

/** Checks every response of this server against the OpenAPI document it serves (see contract.ts). */
async function watchContract(server: Server, key: string): Promise<void> {
  contract ??= (async () => {
    const { port } = server.address() as AddressInfo;
    const res = await fetch(`http://127.0.0.1:${port}/docs-json`, {
      headers: { authorization: `Bearer ${key}` },
    });
    if (!res.ok) throw new Error(`GET /docs-json answered ${res.status}`);
    return new Contract((await res.json()) as ConstructorParameters<typeof Contract>[0]);
  })();
  (await contract).watch(server);
}
