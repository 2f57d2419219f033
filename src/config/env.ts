import { existsSync } from 'node:fs';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';

const toBoolean = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(v)) return true;
  if (['false', '0', 'no', 'off'].includes(v)) return false;
  return value;
};

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value;

const emptyToUndefined = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

/** The environment the service reads, with defaults. Validated once at start. */
export class AppConfig {
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  @MinLength(1)
  HOST = '127.0.0.1';

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'must be a postgres:// or postgresql:// URL' })
  DATABASE_URL?: string;

  @IsString()
  @MinLength(1)
  DATA_DIR = './data';

  @Transform(toBoolean)
  @IsBoolean()
  MIGRATIONS_RUN = true;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DB_POOL_SIZE = 10;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(600_000)
  DB_STATEMENT_TIMEOUT_MS = 15_000;

  /**
   * PostgreSQL ends a session whose transaction has sat idle this long (its connection is then
   * replaced): a last line against anything that would hold a transaction open while it waits.
   * 0 turns it off. Not used by the embedded database.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  DB_IDLE_IN_TRANSACTION_TIMEOUT_MS = 60_000;

  /**
   * PostgreSQL streaming replicas of DATABASE_URL, comma-separated: reads go to one of them, writes
   * and everything a write does stay on the primary. Empty: every query goes to the primary.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/[^,\s]+(\s*,\s*postgres(ql)?:\/\/[^,\s]+)*$/, {
    message: 'must be postgres:// or postgresql:// URLs separated by commas',
  })
  DATABASE_READ_URLS?: string;

  /** A replica whose data is older than this (or that cannot be reached) gets no reads until it catches up. */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(3_600_000)
  REPLICA_MAX_LAG_MS = 5000;

  /** How often each replica's reachability and lag are checked (and the primary's position sampled). */
  @Transform(toInt)
  @IsInt()
  @Min(50)
  @Max(60_000)
  REPLICA_CHECK_INTERVAL_MS = 500;

  /**
   * How long a read carrying a consistency token may wait for a replica to replay up to it before
   * it is answered by the primary instead.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(10_000)
  REPLICA_WAIT_MS = 200;

  @IsIn(['fatal', 'error', 'warn', 'log', 'debug', 'verbose'])
  LOG_LEVEL: 'fatal' | 'error' | 'warn' | 'log' | 'debug' | 'verbose' = 'log';

  @IsIn(['json', 'text'])
  LOG_FORMAT: 'json' | 'text' = 'text';

  @Transform(toBoolean)
  @IsBoolean()
  LOG_REQUESTS = true;

  /** Lets anonymous callers use GET routes (public dashboards). */
  @Transform(toBoolean)
  @IsBoolean()
  PUBLIC_READ = false;

  /** An admin key that must exist at start (scripted deploys); never logged. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^cg_[A-Za-z0-9_-]{32,200}$/, {
    message: 'must be cg_ followed by at least 32 letters, digits, - or _',
  })
  BOOTSTRAP_ADMIN_KEY?: string;

  /** Requests per key (or per address, for anonymous callers) per window. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  RATE_LIMIT = 1200;

  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(3_600_000)
  RATE_LIMIT_WINDOW_MS = 60_000;

  /**
   * A Redis server that keeps the rate-limit budgets every instance shares. Unset: they are kept in
   * PostgreSQL when DATABASE_URL is set, and in memory on the embedded database.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^rediss?:\/\/.+/, { message: 'must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  /** Put before every key this service writes in Redis, so several deployments can share one server. */
  @IsString()
  @Matches(/^[\x21-\x7e]{0,100}$/, {
    message: 'must be at most 100 printable characters, no spaces',
  })
  REDIS_KEY_PREFIX = 'claimgraph:';

  /**
   * Where the rate-limit budgets are counted. `auto`: in Redis with REDIS_URL, else in PostgreSQL
   * with DATABASE_URL (one budget across every instance), else in memory. `memory`: in each
   * instance's memory, for a deployment of one instance that would rather not pay the round trip.
   */
  @IsIn(['auto', 'memory'])
  RATE_LIMIT_STORE: 'auto' | 'memory' = 'auto';

  /**
   * How long a request waits for the shared rate-limit store. Past it (or when the store cannot be
   * reached) the request is counted on this instance alone, and the store is left alone for a few
   * seconds before it is tried again.
   */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(10_000)
  RATE_LIMIT_STORE_TIMEOUT_MS = 250;

  /**
   * How long an instance trusts a key it has looked up before asking the database again. Revoking a
   * key takes effect at once on the instance that revoked it, and within this time on the others.
   * 0 looks every request up.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(60_000)
  KEY_CACHE_MS = 2000;

  /**
   * How often the learned assessments are brought up to date in the background (a verdict asks for
   * it at once); 0 turns the refresher off on this instance (another instance's keeps them current).
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(60_000)
  ASSESSMENT_REFRESH_MS = 500;

  /**
   * How long a console session may go unused before it ends (signing in again starts a new one).
   * Each request through the session moves the deadline on.
   */
  @Transform(toInt)
  @IsInt()
  @Min(60_000)
  @Max(2_592_000_000)
  SESSION_IDLE_MS = 28_800_000;

  /**
   * Failed key lookups (unknown or revoked keys) an address may make per AUTH_FAILURE_WINDOW_MS;
   * past it, its unknown keys get 429 without a database lookup until the window ends.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  AUTH_FAILURE_LIMIT = 30;

  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(3_600_000)
  AUTH_FAILURE_WINDOW_MS = 60_000;

  /** How long a client may take to send a request's line and headers; then 408 and the socket is closed. */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(120_000)
  HEADERS_TIMEOUT_MS = 10_000;

  /** How long a client may take to send a JSON body; then 408 and the socket is closed. */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(600_000)
  BODY_TIMEOUT_MS = 30_000;

  /** Browser origins allowed to call the API, comma-separated; empty turns CORS off. */
  @IsString()
  CORS_ORIGINS = '';

  /** The organisation that publishes verdicts, named as ClaimReview's author. */
  @IsString()
  @MinLength(1)
  PUBLISHER_NAME = 'Claimgraph';

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'must be an http(s) URL' })
  PUBLISHER_URL?: string;

  /** Where clients reach this API (for links in published ClaimReviews); without it the links are relative. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^https?:\/\/\S+[^/]$/, { message: 'must be an http(s) URL without a trailing slash' })
  PUBLIC_BASE_URL?: string;

  /**
   * Serve GET /metrics on this port, without a key, instead of on the API's port (where it needs a
   * key that may read). Unset: on the API's port.
   */
  @Transform((v) => toInt({ value: emptyToUndefined(v) }))
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(65535)
  METRICS_PORT?: number;

  /** The interface METRICS_PORT listens on; loopback unless the scraper is elsewhere. */
  @IsString()
  @MinLength(1)
  METRICS_HOST = '127.0.0.1';

  /** How long a SIGTERM waits for requests in flight before the process exits anyway. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(600_000)
  SHUTDOWN_TIMEOUT_MS = 10_000;

  /** Live event streams (GET /v1/events) one instance serves at once; past it, 503. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100_000)
  EVENTS_MAX_STREAMS = 200;

  /** Event streams one API key may hold open on an instance at once; past it, 429. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100_000)
  EVENTS_MAX_STREAMS_PER_KEY = 5;

  /** Event streams anonymous callers (PUBLIC_READ) from one address may hold open at once; past it, 429. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100_000)
  EVENTS_MAX_STREAMS_PER_ADDRESS = 5;

  /** Output an event stream may hold unsent for a slow client before it is cut off. */
  @Transform(toInt)
  @IsInt()
  @Min(16 * 1024)
  @Max(64 * 1024 * 1024)
  EVENTS_CLIENT_BUFFER_BYTES = 256 * 1024;

  /** How long an event stream's connection may take nothing while output waits before it is cut off. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(600_000)
  EVENTS_CLIENT_STALL_MS = 30_000;

  /** Largest import body; a larger one is refused with 413 (at once when Content-Length says so). */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(64 * 1024 ** 3)
  IMPORT_MAX_BYTES = 2 * 1024 ** 3;

  /** How long an import's body may take to arrive in all; then 408 and nothing is stored. */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(86_400_000)
  IMPORT_UPLOAD_TIMEOUT_MS = 600_000;

  /** How long an import's body may stop arriving; then 408 and nothing is stored. */
  @Transform(toInt)
  @IsInt()
  @Min(500)
  @Max(3_600_000)
  IMPORT_IDLE_TIMEOUT_MS = 30_000;

  /** Largest export this instance stages on disk before sending; a larger one is refused with 507. */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(1024 ** 4)
  EXPORT_MAX_BYTES = 8 * 1024 ** 3;

  /** How long sending an export may take in all; then the connection is cut. */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(86_400_000)
  EXPORT_SEND_TIMEOUT_MS = 1_800_000;

  /** How long a client may read nothing of an export; then the connection is cut. */
  @Transform(toInt)
  @IsInt()
  @Min(500)
  @Max(3_600_000)
  EXPORT_IDLE_TIMEOUT_MS = 30_000;

  /** Imports and exports one instance runs at once; past it, 503 with Retry-After. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  BULK_MAX_TRANSFERS = 4;

  /** Imports and exports one API key may run at once on an instance; past it, 429 with Retry-After. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  BULK_MAX_TRANSFERS_PER_KEY = 2;
}

export class ConfigError extends Error {}

/**
 * The configuration of this process: `.env` in the working directory (if there is one) under the
 * real environment, validated. What the environment sets wins over the file.
 */
export function loadEnvironment(): AppConfig {
  if (existsSync('.env')) process.loadEnvFile('.env');
  return loadConfig(process.env);
}

/**
 * Reads and validates the configuration. Throws a ConfigError naming every bad variable, so a
 * misconfigured deploy stops at start with a message that says what to fix.
 */
export function loadConfig(env: Record<string, unknown> = process.env): AppConfig {
  const known = Object.keys(new AppConfig());
  const picked: Record<string, unknown> = {};
  for (const key of [
    ...known,
    'DATABASE_URL',
    'DATABASE_READ_URLS',
    'REDIS_URL',
    'METRICS_PORT',
    'BOOTSTRAP_ADMIN_KEY',
    'PUBLISHER_URL',
    'PUBLIC_BASE_URL',
  ]) {
    if (env[key] !== undefined) picked[key] = env[key];
  }
  const config = plainToInstance(AppConfig, picked);
  const errors = validateSync(config, { forbidUnknownValues: false });
  if (errors.length > 0) {
    const lines = errors.map((e) => {
      const secret = [
        'DATABASE_URL',
        'DATABASE_READ_URLS',
        'REDIS_URL',
        'BOOTSTRAP_ADMIN_KEY',
      ].includes(e.property);
      const shown = secret ? '(hidden)' : JSON.stringify(e.value);
      return `  ${e.property}=${shown}: ${Object.values(e.constraints ?? {}).join('; ')}`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  if (config.DATABASE_READ_URLS && !config.DATABASE_URL) {
    throw new ConfigError(
      'Invalid configuration:\n  DATABASE_READ_URLS=(hidden): replicas need a primary: set DATABASE_URL too',
    );
  }
  if (config.REPLICA_MAX_LAG_MS < 2 * config.REPLICA_CHECK_INTERVAL_MS) {
    throw new ConfigError(
      `Invalid configuration:\n  REPLICA_MAX_LAG_MS=${config.REPLICA_MAX_LAG_MS}: must be at least twice REPLICA_CHECK_INTERVAL_MS (${config.REPLICA_CHECK_INTERVAL_MS}), or no replica would stay in use between checks`,
    );
  }
  return config;
}

/** The read replicas' URLs, in the order given (none when DATABASE_READ_URLS is unset). */
export const readReplicaUrls = (settings: Pick<AppConfig, 'DATABASE_READ_URLS'>): string[] =>
  (settings.DATABASE_READ_URLS ?? '')
    .split(',')
    .map((url) => url.trim())
    .filter((url) => url !== '');

/** True when the service runs on the embedded PGlite database rather than a PostgreSQL server. */
export const isEmbedded = (settings: Pick<AppConfig, 'DATABASE_URL'>): boolean =>
  !settings.DATABASE_URL;
