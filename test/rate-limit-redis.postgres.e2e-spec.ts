import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clearOfWindowEdge,
  createViewerKey,
  expectOneBudget,
  SHARED_BUDGET,
} from './rate-limit.shared.js';
import { createTwoInstances, type TestApp } from './test-app.js';

const LIMIT = 5;

describe('two instances with REDIS_URL share one rate-limit budget in Redis', () => {
  // A prefix of this run's own, so runs (and deployments) sharing the Redis server never meet.
  const prefix = `cg_test_${randomBytes(6).toString('hex')}:`;
  let redis: Redis;
  let a: TestApp;
  let b: TestApp;
  let close: () => Promise<void>;

  beforeAll(async () => {
    redis = new Redis(process.env.REDIS_URL!, { lazyConnect: true });
    await redis.connect();
    ({ a, b, close } = await createTwoInstances({
      REDIS_URL: process.env.REDIS_URL,
      REDIS_KEY_PREFIX: prefix,
      RATE_LIMIT: LIMIT,
      ...SHARED_BUDGET,
    }));
  });
  afterAll(async () => {
    await close?.();
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it('the (limit+1)th request across both instances is 429 with Retry-After, and one key counts them all', async () => {
    await clearOfWindowEdge(60_000);
    const viewer = await createViewerKey(a);
    await expectOneBudget(a, b, viewer.key, LIMIT, 60);
    const keys = await redis.keys(`${prefix}rate:default:key:${viewer.id}:*`);
    expect(keys).toHaveLength(1);
    const windowStart = Number(keys[0].split(':').at(-1));
    expect(windowStart % 60_000).toBe(0);
    expect(await redis.get(keys[0])).toBe(String(LIMIT + 2));
    // The key goes once its window has ended (plus a second for clocks a little apart).
    const ttl = await redis.pttl(keys[0]);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(windowStart + 61_000 - Date.now() + 1_000);
  });

  it('PostgreSQL keeps no rate-limit rows when Redis counts', async () => {
    expect(await a.db.query(`SELECT count(*)::int AS n FROM rate_limit_windows`)).toEqual([
      { n: 0 },
    ]);
  });
});
