import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createClaim } from './factories.js';
import { createTestApp, type TestApp } from './test-app.js';

/**
 * When the database cannot serve a request — every pooled connection busy, the database refusing
 * new connections, a backend terminated mid-query — the answer is 503 DATABASE_UNAVAILABLE with
 * Retry-After, never a 500, and the app serves again as soon as the trouble passes.
 */

function expectUnavailable(res: request.Response): void {
  expect(res.status, JSON.stringify(res.body)).toBe(503);
  expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  expect(res.headers['retry-after']).toMatch(/^\d+$/);
  expect(res.body).toMatchObject({ status: 503, code: 'DATABASE_UNAVAILABLE' });
}

describe('database trouble', () => {
  let t: TestApp;
  let observer: pg.Client;
  let database: string;

  beforeAll(async () => {
    t = await createTestApp({ DB_POOL_SIZE: 2 });
    database = new URL(t.config.DATABASE_URL!).pathname.slice(1);
    observer = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await observer.connect();
  });
  afterEach(async () => {
    await observer.query(`ALTER DATABASE ${database} WITH ALLOW_CONNECTIONS true`);
  });
  afterAll(async () => {
    await observer?.end();
    await t?.close();
  });

  const appBackends = `SELECT pid FROM pg_stat_activity WHERE datname = $1 AND application_name = 'claimgraph'`;

  it('every pooled connection busy: 503 after the connect timeout, and the pool serves again after', async () => {
    const claim = await createClaim(t.http);
    const locker = new pg.Client({ connectionString: t.config.DATABASE_URL });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('SELECT 1 FROM claims WHERE id = $1 FOR UPDATE', [claim.id]);
      // Two writes park on the row lock, holding both pooled connections.
      const parked = [0, 1].map(() =>
        request(t.http)
          .patch(`/v1/claims/${claim.id}`)
          .send({ tags: ['parked'] })
          .then((r) => r),
      );
      await sleep(500);
      const res = await request(t.http).get('/v1/claims');
      expectUnavailable(res);
      await locker.query('ROLLBACK');
      const results = await Promise.all(parked);
      expect(results.map((r) => r.status).sort()).toEqual(expect.arrayContaining([200]));
    } finally {
      await locker.end();
    }
    await request(t.http).get('/v1/claims').expect(200);
  });

  it('the database refusing connections (55000): 503, then served again once it accepts them', async () => {
    await observer.query(`ALTER DATABASE ${database} WITH ALLOW_CONNECTIONS false`);
    const pids = (await observer.query(appBackends, [database])).rows.map((r) => r.pid);
    for (const pid of pids) await observer.query('SELECT pg_terminate_backend($1)', [pid]);
    await sleep(200);
    // The first request may meet a pooled connection that died with its backend; either way, 503.
    for (let i = 0; i < 3; i++) expectUnavailable(await request(t.http).get('/v1/sources'));
    expect((await request(t.raw).get('/health')).status).toBe(503);

    await observer.query(`ALTER DATABASE ${database} WITH ALLOW_CONNECTIONS true`);
    await request(t.http).get('/v1/sources').expect(200);
  });

  it('a backend terminated in the middle of a request (57P01): 503, and nothing half-written', async () => {
    const claim = await createClaim(t.http);
    const locker = new pg.Client({ connectionString: t.config.DATABASE_URL });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('SELECT 1 FROM claims WHERE id = $1 FOR UPDATE', [claim.id]);
      const parked = request(t.http)
        .patch(`/v1/claims/${claim.id}`)
        .send({ tags: ['never'] })
        .then((r) => r);
      let pid: number | undefined;
      for (let i = 0; i < 50 && pid === undefined; i++) {
        await sleep(50);
        const rows = (
          await observer.query(
            `SELECT pid FROM pg_stat_activity WHERE datname = $1 AND application_name = 'claimgraph' AND wait_event_type = 'Lock'`,
            [database],
          )
        ).rows;
        pid = rows[0]?.pid;
      }
      expect(pid).toBeDefined();
      await observer.query('SELECT pg_terminate_backend($1)', [pid]);
      expectUnavailable(await parked);
      await locker.query('ROLLBACK');
    } finally {
      await locker.end();
    }
    const [row] = await t.db.query('SELECT tags FROM claims WHERE id = $1', [claim.id]);
    expect(row.tags).not.toContain('never');
    await request(t.http).get(`/v1/claims/${claim.id}`).expect(200);
  });
});
