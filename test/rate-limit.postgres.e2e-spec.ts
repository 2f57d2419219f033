import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from './problem.js';
import {
  clearOfWindowEdge,
  createViewerKey,
  expectOneBudget,
  SHARED_BUDGET,
  get,
  show,
} from './rate-limit.shared.js';
import { createTwoInstances, type TestApp } from './test-app.js';

const LIMIT = 5;

describe('two instances on one PostgreSQL database share one rate-limit budget', () => {
  let a: TestApp;
  let b: TestApp;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ a, b, close } = await createTwoInstances({
      RATE_LIMIT: LIMIT,
      ...SHARED_BUDGET,
    }));
  });
  afterAll(async () => {
    await close?.();
  });

  type Window = { hits: number; length: { minutes?: number }; started: boolean; open: boolean };
  const windowsOf = (keyId: string): Promise<Window[]> =>
    a.db.query<Window[]>(
      `SELECT hits, window_end - window_start AS length, window_start <= now() AS started, window_end > now() AS open
         FROM rate_limit_windows WHERE caller = $1`,
      [`default:key:${keyId}`],
    );

  it('the (limit+1)th request across both instances is 429 with Retry-After, and one row counts them all', async () => {
    await clearOfWindowEdge(60_000);
    const viewer = await createViewerKey(a);
    await expectOneBudget(a, b, viewer.key, LIMIT, 60);
    // The refused requests count too: the window ends when it ends, however hard it is knocked on.
    expect(await windowsOf(viewer.id)).toEqual([
      { hits: LIMIT + 2, length: { minutes: 1 }, started: true, open: true },
    ]);
  });

  it('a search costs five requests of the budget, whichever instance answers it', async () => {
    await clearOfWindowEdge(60_000);
    const viewer = await createViewerKey(b);
    const search = await get(a.raw, '/v1/claims?q=meeting', viewer.key);
    expect(search.status, show(search)).toBe(200);
    expect(search.headers['x-ratelimit-remaining']).toBe('0');
    expectProblem(await get(b.raw, '/v1/sources', viewer.key), 429, 'RATE_LIMITED');
    expect((await windowsOf(viewer.id)).map((w) => w.hits)).toEqual([6]);
  });

  it('another key keeps its own budget', async () => {
    const viewer = await createViewerKey(a);
    const res = await get(b.raw, '/v1/sources', viewer.key);
    expect(res.status, show(res)).toBe(200);
    expect(res.headers['x-ratelimit-remaining']).toBe(String(LIMIT - 1));
  });
});
