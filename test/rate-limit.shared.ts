import type { Server } from 'node:http';
import request, { type Response } from 'supertest';
import { expect } from 'vitest';
import { expectProblem } from './problem.js';
import type { TestApp } from './test-app.js';

export const show = (res: Response): string => `${res.status} ${JSON.stringify(res.body)}`;

export const get = (server: Server, path: string, key: string): Promise<Response> =>
  request(server).get(path).set('Authorization', `Bearer ${key}`).then();

/**
 * Waits, if need be, until the clock-aligned window of `windowMs` has at least `neededMs` left, so
 * a test that spends a budget never sees it renewed half-way (windows start at multiples of their
 * length since the epoch).
 */
export async function clearOfWindowEdge(windowMs: number, neededMs = 20_000): Promise<void> {
  const left = windowMs - (Date.now() % windowMs);
  if (left < neededMs) await new Promise((r) => setTimeout(r, left + 50));
}

/**
 * What the two-instance suites set: the shared store gets a deadline no busy test machine misses,
 * so no request falls back to counting on its own instance.
 */
export const SHARED_BUDGET = { RATE_LIMIT_WINDOW_MS: 60_000, RATE_LIMIT_STORE_TIMEOUT_MS: 10_000 };

/** A new viewer key, made through the API with the admin key (which spends one of its requests). */
export async function createViewerKey(t: TestApp): Promise<{ id: string; key: string }> {
  const res = await request(t.raw)
    .post('/v1/api-keys')
    .set('Authorization', `Bearer ${t.adminKey}`)
    .send({ name: `viewer ${Math.random().toString(36).slice(2, 10)}`, role: 'viewer' });
  expect(res.status, show(res)).toBe(201);
  return { id: res.body.id, key: res.body.key };
}

/**
 * Spends a budget of `limit` with one key, turn about on two instances: every request within it
 * succeeds, with what is left counting down across both; the next one, on either instance, is 429
 * RATE_LIMITED with Retry-After.
 */
export async function expectOneBudget(
  a: TestApp,
  b: TestApp,
  key: string,
  limit: number,
  windowSeconds: number,
): Promise<void> {
  const instances = [a, b];
  for (let i = 0; i < limit; i++) {
    const res = await get(instances[i % 2].raw, '/v1/claims?limit=1', key);
    expect(res.status, show(res)).toBe(200);
    expect(res.headers['x-ratelimit-limit']).toBe(String(limit));
    expect(res.headers['x-ratelimit-remaining']).toBe(String(limit - 1 - i));
  }
  for (const t of [instances[limit % 2], instances[(limit + 1) % 2]]) {
    const refused = await get(t.raw, '/v1/claims?limit=1', key);
    expectProblem(refused, 429, 'RATE_LIMITED');
    const retryAfter = Number(refused.headers['retry-after']);
    expect(refused.headers['retry-after']).toMatch(/^\d+$/);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(windowSeconds);
  }
}
