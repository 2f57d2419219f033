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
  const common = {
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
  if (isEmbedded(settings)) {
    return { ...common, driver: embeddedDriver({ dataDir: settings.DATA_DIR }) };
  }
  return {
    ...common,
    url: settings.DATABASE_URL,
    poolSize: settings.DB_POOL_SIZE,
    applicationName: 'claimgraph',
    extra: {
      // The server stops a slow statement; the client gives up on a server that stopped answering,
      // and on one it cannot reach, so a request answers 503 rather than hanging.
      statement_timeout: settings.DB_STATEMENT_TIMEOUT_MS,
      query_timeout: settings.DB_STATEMENT_TIMEOUT_MS + 2_000,
      // A transaction left idle (a request that waits on something else mid-transaction) is ended
      // by the server, so it cannot hold locks, a connection and the event log's horizon for good.
      idle_in_transaction_session_timeout: settings.DB_IDLE_IN_TRANSACTION_TIMEOUT_MS,
      connectionTimeoutMillis: 3_000,
      keepAlive: true,
    },
  };
}

export function createDataSource(settings: DatabaseSettings): DataSource {
  return new DataSource(dataSourceOptions(settings));
}
