import { DataSource, type DataSourceOptions } from 'typeorm';
import { isEmbedded, type AppConfig } from '../config/env.js';
import { ENTITIES } from './entities.js';
import { MIGRATIONS } from '../../migrations/index.js';
import { embeddedDriver } from './embedded-pool.js';

export type DatabaseSettings = Pick<
  AppConfig,
  | 'DATABASE_URL'
  | 'DATA_DIR'
  | 'DB_POOL_SIZE'
  | 'DB_STATEMENT_TIMEOUT_MS'
  | 'DB_IDLE_IN_TRANSACTION_TIMEOUT_MS'
>;

/**
 * One place that says how to reach the database, shared by the app, the migration command and the
 * recompute command. Schema changes only ever come from `migrations/`: never `synchronize`.
 */
export function dataSourceOptions(settings: DatabaseSettings): DataSourceOptions {
  if (isEmbedded(settings)) {
    return { ...COMMON, driver: embeddedDriver({ dataDir: settings.DATA_DIR }) };
  }
  return serverOptions(settings, settings.DATABASE_URL!, 'claimgraph', 3_000);
}

const COMMON = {
  type: 'postgres' as const,
  entities: ENTITIES,
  migrations: MIGRATIONS,
  migrationsTableName: 'schema_migrations',
  migrationsRun: false,
  synchronize: false,
  uuidExtension: 'pgcrypto' as const,
  installExtensions: false,
  logging: ['error' as const],
};

/**
 * A read replica's data source: the same entities and limits as the primary's, no migrations (a
 * replica receives the primary's schema), and a short connection timeout, so a read meant for a
 * replica that has gone is soon answered by the primary instead.
 */
export function replicaDataSourceOptions(
  settings: DatabaseSettings,
  url: string,
  connectTimeoutMs: number,
): DataSourceOptions {
  return { ...serverOptions(settings, url, 'claimgraph-reads', connectTimeoutMs), migrations: [] };
}

function serverOptions(
  settings: DatabaseSettings,
  url: string,
  applicationName: string,
  connectTimeoutMs: number,
): DataSourceOptions {
  return {
    ...COMMON,
    url,
    poolSize: settings.DB_POOL_SIZE,
    applicationName,
    extra: {
      // The server stops a slow statement; the client gives up on a server that stopped answering,
      // and on one it cannot reach, so a request answers 503 rather than hanging.
      statement_timeout: settings.DB_STATEMENT_TIMEOUT_MS,
      query_timeout: settings.DB_STATEMENT_TIMEOUT_MS + 2_000,
      // A transaction left idle (a request that waits on something else mid-transaction) is ended
      // by the server, so it cannot hold locks, a connection and the event log's horizon for good.
      idle_in_transaction_session_timeout: settings.DB_IDLE_IN_TRANSACTION_TIMEOUT_MS,
      connectionTimeoutMillis: connectTimeoutMs,
      keepAlive: true,
    },
  };
}

export function createDataSource(settings: DatabaseSettings): DataSource {
  return new DataSource(dataSourceOptions(settings));
}
