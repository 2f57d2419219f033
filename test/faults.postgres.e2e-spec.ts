import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateKey } from '../src/api-keys/secrets.js';
import { CorroborationRepository } from '../src/corroboration/corroboration.repository.js';
import { CorroborationService } from '../src/corroboration/corroboration.service.js';
import { createDataSource } from '../src/database/data-source.js';
import { startServer, type ServerProcess } from './server-process.js';
import type { TcpProxy } from './tcp-proxy.js';
import { createTestAppBehindProxy, type TestApp } from './test-app.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

/**
 * Faults that need a PostgreSQL server to inflict: the database vanishing under a running app,
 * and the app's own process being stopped or killed while a write is open in the database.
 */

async function waitFor(
  check: () => Promise<boolean>,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await sleep(50);
  }
}

describe('when PostgreSQL goes away and comes back', () => {
  let proxy: TcpProxy;
  let t: TestApp;

  beforeAll(async () => {
    ({ t, proxy } = await createTestAppBehindProxy());
  });
  afterAll(async () => {
    await proxy?.restore().catch(() => undefined);
    await t?.close();
  });

  it('answers 503 promptly while it is gone, stays up, and recovers without a restart', async () => {
    await request(t.http)
      .post('/v1/sources')
      .send({ name: 'Before the outage', kind: 'outlet' })
      .expect(201);

    await proxy.cut();
    for (const [method, path] of [
      ['get', '/v1/claims'],
      ['post', '/v1/sources'],
    ] as const) {
      const started = Date.now();
      const agent = request(t.http);
      const res = await agent[method](path).send(
        method === 'post' ? { name: 'During', kind: 'outlet' } : undefined,
      );
      expect(res.status, `${method} ${path}`).toBe(503);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 503, code: 'DATABASE_UNAVAILABLE' });
      expect(Date.now() - started).toBeLessThan(5_000);
    }
    const health = await request(t.raw).get('/health');
    expect(health.status).toBe(503);

    await proxy.restore();
    await waitFor(
      async () => (await request(t.raw).get('/health')).status === 200,
      'health to recover',
    );
    await request(t.http)
      .post('/v1/sources')
      .send({ name: 'After the outage', kind: 'outlet' })
      .expect(201);
    const names: { name: string }[] = await t.db.query(
      'SELECT name FROM sources ORDER BY created_at',
    );
    expect(names.map((n) => n.name)).toEqual(['Before the outage', 'After the outage']);
  });
});

describe('the server process', () => {
  let db: TestDatabase;
  let server: ServerProcess | undefined;
  let observer: pg.Client;
  let locker: pg.Client | undefined;
  const adminKey = generateKey().secret;

  const call = (path: string, init: RequestInit = {}) =>
    fetch(`${server!.url}${path}`, {
      ...init,
      headers: {
        authorization: `Bearer ${adminKey}`,
        'content-type': 'application/json',
        ...(init.headers ?? {}),
      },
    });
  const post = async (path: string, body: unknown) => {
    const res = await call(path, { method: 'POST', body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as any };
  };
  /** Backends of this database waiting on a lock: the app's request is parked inside its transaction. */
  const waitingOnLock = async () =>
    (
      await observer.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      )
    ).rows[0].n > 0;
  const appBackends = async () =>
    (
      await observer.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'claimgraph'`,
      )
    ).rows[0].n;

  beforeAll(async () => {
    db = await createTestDatabase();
    observer = new pg.Client({ connectionString: db.config.DATABASE_URL });
    await observer.connect();
  });
  afterEach(async () => {
    await locker?.end().catch(() => undefined);
    locker = undefined;
    if (server && server.child.exitCode === null && server.child.signalCode === null) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
    server = undefined;
  });
  afterAll(async () => {
    await observer?.end();
    await db?.drop();
  });

  async function start(env: Record<string, string> = {}): Promise<void> {
    server = await startServer({
      DATABASE_URL: db.config.DATABASE_URL,
      BOOTSTRAP_ADMIN_KEY: adminKey,
      ...env,
    });
  }

  /** Holds a row lock from outside the app until `release()`. */
  async function holdLock(
    table: 'claims' | 'sources',
    id: string,
  ): Promise<{ release: () => Promise<void> }> {
    locker = new pg.Client({ connectionString: db.config.DATABASE_URL });
    await locker.connect();
    await locker.query('BEGIN');
    await locker.query(`SELECT id FROM ${table} WHERE id = $1 FOR UPDATE`, [id]);
    const client = locker;
    return { release: async () => void (await client.query('COMMIT')) };
  }

  it('on SIGTERM finishes the request in flight, refuses new connections, then exits 0', async () => {
    await start();
    const source = (await post('/v1/sources', { name: 'Spokesman', kind: 'person' })).body;
    const claim = (await post('/v1/claims', { statement: 'A claim under lock' })).body;
    const lock = await holdLock('claims', claim.id);

    const inFlight = post(`/v1/claims/${claim.id}/stances`, {
      sourceId: source.id,
      kind: 'asserts',
    });
    await waitFor(waitingOnLock, 'the stance write to wait on the claim lock');
    server!.child.kill('SIGTERM');
    await sleep(500);
    expect(server!.child.exitCode, 'still finishing the request in flight').toBeNull();
    await expect(fetch(`${server!.url}/health`)).rejects.toThrow();

    await lock.release();
    expect((await inFlight).status).toBe(201);
    expect((await server!.exited).code).toBe(0);
    expect(server!.output()).toMatch(/SIGTERM: finishing requests in flight/);
    const stored = await observer.query(
      'SELECT count(*)::int AS n FROM stances WHERE claim_id = $1',
      [claim.id],
    );
    expect(stored.rows[0].n).toBe(1);
  });

  it('logs one JSON line per request with its request id, key id and duration, never the secret', async () => {
    await start({ LOG_FORMAT: 'json', LOG_REQUESTS: 'true' });
    const res = await call('/v1/claims', { headers: { 'x-request-id': 'log-check-1' } });
    expect(res.status).toBe(200);
    const keyRow = await observer.query(`SELECT id FROM api_keys WHERE name = 'bootstrap admin'`);
    await waitFor(
      () => Promise.resolve(server!.output().includes('log-check-1')),
      'the request log line',
    );
    const lines = server!
      .output()
      .split('\n')
      .filter((l) => l.trim().startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const line = lines.find((l) => JSON.stringify(l).includes('log-check-1'));
    expect(JSON.stringify(line)).toContain(keyRow.rows[0].id);
    expect(JSON.stringify(line)).toMatch(/"durationMs":\d/);
    expect(JSON.stringify(line)).toMatch(/"status":200/);
    expect(server!.output()).not.toContain(adminKey);
  });

  it('exits 1 once SHUTDOWN_TIMEOUT_MS has passed with a request still running', async () => {
    await start({ SHUTDOWN_TIMEOUT_MS: '1000' });
    const claim = (await post('/v1/claims', { statement: 'A claim locked for good' })).body;
    await holdLock('claims', claim.id);
    const inFlight = call(`/v1/claims/${claim.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ tags: ['x'] }),
    }).catch(() => null);
    await waitFor(waitingOnLock, 'the edit to wait on the claim lock');
    const stopped = Date.now();
    server!.child.kill('SIGTERM');
    expect((await server!.exited).code).toBe(1);
    expect(Date.now() - stopped).toBeLessThan(5_000);
    await inFlight;
  });

  it('killed in the middle of POST /v1/claims with inline stances, leaves no trace of it', async () => {
    await start();
    const sources = await Promise.all(
      [0, 1, 2].map((i) => post('/v1/sources', { name: `Witness ${i}`, kind: 'person' })),
    );
    const ids = sources.map((s) => s.body.id as string);
    // Lock one of the sources: the request inserts the claim row, then waits inside its transaction.
    const lock = await holdLock('sources', ids[2]);
    const statement = `Written when the power failed ${Date.now()}`;
    void post('/v1/claims', {
      statement,
      stances: ids.map((sourceId) => ({ sourceId, kind: 'asserts' })),
    }).catch(() => null);
    await waitFor(waitingOnLock, 'the claim write to wait on the source lock');

    server!.child.kill('SIGKILL');
    await server!.exited;
    await lock.release();
    await waitFor(async () => (await appBackends()) === 0, 'the dead server’s sessions to end');

    const claims = await observer.query('SELECT id FROM claims WHERE statement = $1', [statement]);
    expect(claims.rows).toEqual([]);
    const orphans = await observer.query(
      'SELECT count(*)::int AS n FROM stances WHERE source_id = ANY($1::uuid[])',
      [ids],
    );
    expect(orphans.rows[0].n).toBe(0);
  });

  it('killed at random moments during many writes, leaves each claim whole or absent', async () => {
    const source = await (async () => {
      await start();
      return (await post('/v1/sources', { name: 'Prolific', kind: 'outlet' })).body.id as string;
    })();
    server!.child.kill('SIGKILL');
    await server!.exited;

    const sent: string[] = [];
    for (let round = 0; round < 4; round++) {
      await start();
      const statements = Array.from(
        { length: 6 },
        (_, i) => `Round ${round} claim ${i} ${Date.now()}`,
      );
      sent.push(...statements);
      for (const statement of statements) {
        void post('/v1/claims', {
          statement,
          stances: Array.from({ length: 60 }, (_, k) => ({
            sourceId: source,
            kind: k % 2 ? 'asserts' : 'questions',
            statedAt: new Date(Date.UTC(2020, 0, 1, 0, k)).toISOString(),
          })),
        }).catch(() => null);
      }
      await sleep(10 + round * 25);
      server!.child.kill('SIGKILL');
      await server!.exited;
    }
    await waitFor(async () => (await appBackends()) === 0, 'the dead servers’ sessions to end');

    const rows = await observer.query(
      `SELECT c.statement, count(s.id)::int AS stances FROM claims c LEFT JOIN stances s ON s.claim_id = c.id
        WHERE c.statement = ANY($1::text[]) GROUP BY c.id, c.statement`,
      [sent],
    );
    for (const row of rows.rows) expect(row.stances, row.statement).toBe(60);
    expect(new Set(rows.rows.map((r) => r.statement)).size).toBe(rows.rows.length);

    // Whatever survived is consistent: a full recompute finds nothing stale.
    const ds = createDataSource(db.config);
    await ds.initialize();
    try {
      expect(
        await new CorroborationService(ds, new CorroborationRepository()).recomputeAll(),
      ).toMatchObject({ stale: 0 });
    } finally {
      await ds.destroy();
    }
  });
});
