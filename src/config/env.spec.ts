import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, readReplicaUrls } from './env.js';

describe('loadConfig', () => {
  it('fills in defaults', () => {
    const config = loadConfig({});
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config).toMatchObject({
      PORT: 3000,
      HOST: '127.0.0.1',
      DATA_DIR: './data',
      MIGRATIONS_RUN: true,
      LOG_FORMAT: 'text',
    });
  });

  it('reads numbers, booleans and an empty DATABASE_URL as unset', () => {
    const config = loadConfig({ PORT: '8080', MIGRATIONS_RUN: 'false', DATABASE_URL: '' });
    expect(config).toMatchObject({ PORT: 8080, MIGRATIONS_RUN: false });
    expect(config.DATABASE_URL).toBeUndefined();
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['MIGRATIONS_RUN', 'maybe'],
    ['DATABASE_URL', 'mysql://x'],
    ['LOG_FORMAT', 'xml'],
    ['DB_POOL_SIZE', '0'],
    ['REDIS_KEY_PREFIX', 'with space'],
    ['RATE_LIMIT_STORE_TIMEOUT_MS', '5'],
  ])('stops on a bad %s and names it', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(
      new RegExp(`^Invalid configuration:\\n  ${name}=`),
    );
  });

  it('reads replicas as a list, and refuses them without a primary or with a lag bound below two checks', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://p/db',
      DATABASE_READ_URLS: 'postgres://r1/db, postgresql://u:secret@r2:5433/db',
    });
    expect(readReplicaUrls(config)).toEqual([
      'postgres://r1/db',
      'postgresql://u:secret@r2:5433/db',
    ]);
    expect(readReplicaUrls(loadConfig({}))).toEqual([]);
    expect(() => loadConfig({ DATABASE_READ_URLS: 'postgres://r1/db' })).toThrow(
      /DATABASE_READ_URLS=\(hidden\): replicas need a primary/,
    );
    expect(() =>
      loadConfig({ DATABASE_URL: 'postgres://p/db', DATABASE_READ_URLS: 'mysql://u:secret@r/db' }),
    ).toThrow(/^Invalid configuration:\n {2}DATABASE_READ_URLS=\(hidden\)/);
    expect(() =>
      loadConfig({ REPLICA_MAX_LAG_MS: '1000', REPLICA_CHECK_INTERVAL_MS: '600' }),
    ).toThrow(/REPLICA_MAX_LAG_MS=1000: must be at least twice REPLICA_CHECK_INTERVAL_MS/);
  });

  it('never prints the database URL, which may hold a password', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://user:secret@host/db' })).toThrow(
      /DATABASE_URL=\(hidden\)/,
    );
    expect(() => loadConfig({ DATABASE_URL: 'mysql://user:secret@host/db' })).not.toThrow(/secret/);
  });

  it('reads REDIS_URL, and never prints it either', () => {
    expect(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379' }).REDIS_URL).toBe(
      'redis://127.0.0.1:6379',
    );
    expect(loadConfig({ REDIS_URL: '' }).REDIS_URL).toBeUndefined();
    expect(() => loadConfig({ REDIS_URL: 'http://user:secret@host' })).toThrow(
      /REDIS_URL=\(hidden\): must be a redis:\/\/ or rediss:\/\/ URL/,
    );
    expect(() => loadConfig({ REDIS_URL: 'http://user:secret@host' })).not.toThrow(/secret/);
  });
});
