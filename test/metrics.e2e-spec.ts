import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStance, createClaim, createSource } from './factories.js';
import { sample, scrape, scrapePort } from './metrics.shared.js';
import { expectProblem } from './problem.js';
import { SseClient } from './sse-client.js';
import { freePort } from './server-process.js';
import { createTestApp, type TestApp } from './test-app.js';

const get = (t: TestApp, path: string) =>
  request(t.raw).get(path).set('Authorization', `Bearer ${t.adminKey}`);

describe('GET /metrics on the API port', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('needs an API key', async () => {
    const res = await request(t.raw).get('/metrics');
    expectProblem(res, 401, 'UNAUTHENTICATED');
  });

  it('is not in the API document', async () => {
    const doc = await get(t, '/docs-json');
    expect(doc.status).toBe(200);
    expect(Object.keys(doc.body.paths as object)).not.toContain('/metrics');
  });

  it('counts requests by route template and status, never by raw URL, with their latency', async () => {
    const source = await createSource(t.http, { name: 'Metrics source', kind: 'outlet' });
    const missing = '00000000-0000-4000-8000-000000000000';
    const before = await scrape(t.raw, t.adminKey);
    const ok = { method: 'GET', route: '/v1/sources/:id', status: '200' };
    const notFound = { method: 'GET', route: '/v1/sources/:id', status: '404' };
    const unmatched = { method: 'GET', route: '(unmatched)', status: '404' };
    for (let i = 0; i < 3; i++) expect((await get(t, `/v1/sources/${source.id}`)).status).toBe(200);
    expect((await get(t, `/v1/sources/${missing}`)).status).toBe(404);
    expect((await get(t, '/no/such/route')).status).toBe(404);
    // Refused before any handler ran: still counted, under the route asked for.
    expect((await request(t.raw).get(`/v1/sources/${source.id}`)).status).toBe(401);

    const after = await scrape(t.raw, t.adminKey);
    const moved = (labels: Record<string, string>) =>
      (sample(after, 'claimgraph_http_requests_total', labels) ?? 0) -
      (sample(before, 'claimgraph_http_requests_total', labels) ?? 0);
    expect(moved(ok)).toBe(3);
    expect(moved(notFound)).toBe(1);
    expect(moved(unmatched)).toBe(1);
    expect(moved({ method: 'GET', route: '/v1/sources/:id', status: '401' })).toBe(1);
    expect(
      (sample(after, 'claimgraph_http_request_duration_seconds_count', ok) ?? 0) -
        (sample(before, 'claimgraph_http_request_duration_seconds_count', ok) ?? 0),
    ).toBe(3);
    expect(
      sample(after, 'claimgraph_http_request_duration_seconds_bucket', { ...ok, le: '+Inf' }),
    ).toBe(sample(after, 'claimgraph_http_request_duration_seconds_count', ok));
    expect(after).not.toContain(source.id);
    expect(after).not.toContain(missing);
    // The scrape before this one was counted too.
    expect(
      sample(after, 'claimgraph_http_requests_total', {
        method: 'GET',
        route: '/metrics',
        status: '200',
      }),
    ).toBeGreaterThanOrEqual(1);
  });

  it('counts claims re-evaluated, by whether their stored status moved', async () => {
    const before = await scrape(t.raw, t.adminKey);
    const source = await createSource(t.http, { name: 'Metrics witness', kind: 'person' });
    const claim = await createClaim(t.http, {
      statement: 'The metrics move when a stance arrives.',
    });
    await addStance(t.http, claim.id, { sourceId: source.id, kind: 'asserts' });
    const after = await scrape(t.raw, t.adminKey);
    const moved = (result: string) =>
      (sample(after, 'claimgraph_claims_reevaluated_total', { result }) ?? 0) -
      (sample(before, 'claimgraph_claims_reevaluated_total', { result }) ?? 0);
    // unsourced → unverified: one claim whose stored values changed.
    expect(moved('changed')).toBe(1);
    const [stored] = await t.db.query(`SELECT status FROM claims WHERE id = $1`, [claim.id]);
    expect(stored.status).toBe('unverified');
  });

  it('counts imports: their rows by kind, and their duration by outcome', async () => {
    const before = await scrape(t.raw, t.adminKey);
    const file = [
      { type: 'source', key: 's', name: 'Imported for metrics', kind: 'person' },
      { type: 'claim', key: 'c', statement: 'An imported claim for the metrics' },
      { type: 'stance', claimId: 'c', sourceId: 's', kind: 'asserts' },
    ]
      .map((l) => JSON.stringify(l))
      .join('\n');
    const stored = await request(t.http)
      .post('/v1/import')
      .set('Content-Type', 'application/x-ndjson')
      .send(file + '\n');
    expect(stored.status, JSON.stringify(stored.body)).toBe(200);
    const refused = await request(t.http)
      .post('/v1/import')
      .set('Content-Type', 'application/x-ndjson')
      .send('{"type": "claim"}\n');
    expect(refused.status).toBe(422);
    const after = await scrape(t.raw, t.adminKey);
    const moved = (name: string, labels: Record<string, string>) =>
      (sample(after, name, labels) ?? 0) - (sample(before, name, labels) ?? 0);
    expect(moved('claimgraph_import_rows_total', { kind: 'lines' })).toBe(3);
    expect(moved('claimgraph_import_rows_total', { kind: 'sources' })).toBe(1);
    expect(moved('claimgraph_import_rows_total', { kind: 'claims' })).toBe(1);
    expect(moved('claimgraph_import_rows_total', { kind: 'stances' })).toBe(1);
    expect(moved('claimgraph_import_duration_seconds_count', { outcome: 'stored' })).toBe(1);
    expect(moved('claimgraph_import_duration_seconds_count', { outcome: 'refused' })).toBe(1);
    expect(moved('claimgraph_claims_reevaluated_total', { result: 'changed' })).toBe(1);
  });

  it('reports the database pool, the open event streams and the process', async () => {
    const stream = await SseClient.open(t.raw, '/v1/events', {
      authorization: `Bearer ${t.adminKey}`,
    });
    expect(stream.status).toBe(200);
    const during = await scrape(t.raw, t.adminKey);
    expect(sample(during, 'claimgraph_event_streams_open')).toBe(1);
    stream.close();
    await stream.ended;
    await expect
      .poll(async () => sample(await scrape(t.raw, t.adminKey), 'claimgraph_event_streams_open'))
      .toBe(0);

    const text = await scrape(t.raw, t.adminKey);
    const max = sample(text, 'claimgraph_db_pool_max', { pool: 'main' });
    const inUse = sample(text, 'claimgraph_db_pool_connections', { pool: 'main', state: 'in_use' });
    const idle = sample(text, 'claimgraph_db_pool_connections', { pool: 'main', state: 'idle' });
    expect(max).toBe(t.config.DATABASE_URL ? t.config.DB_POOL_SIZE : 1);
    expect(inUse! + idle!).toBeGreaterThanOrEqual(1);
    expect(inUse! + idle!).toBeLessThanOrEqual(max!);
    expect(sample(text, 'claimgraph_db_pool_waiting', { pool: 'main' })).toBe(0);
    // PostgreSQL counts the rate limit on a pool of its own; the embedded database in memory.
    expect(sample(text, 'claimgraph_db_pool_max', { pool: 'rate_limit' })).toBe(
      t.config.DATABASE_URL ? 4 : undefined,
    );
    expect(sample(text, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(sample(text, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
  });
});

describe('METRICS_PORT: /metrics on a port of its own, without a key', () => {
  let t: TestApp;
  let port: number;

  beforeAll(async () => {
    port = await freePort();
    t = await createTestApp({ METRICS_PORT: port });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('serves /metrics there to anyone who can reach it, and nothing else', async () => {
    expect((await get(t, '/v1/sources')).status).toBe(200);
    const text = await scrapePort(port);
    expect(
      sample(text, 'claimgraph_http_requests_total', {
        method: 'GET',
        route: '/v1/sources',
        status: '200',
      }),
    ).toBe(1);
    expect((await fetch(`http://127.0.0.1:${port}/v1/sources`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${port}/metrics`, { method: 'POST' })).status).toBe(404);
  });

  it('no longer serves it on the API port', async () => {
    expectProblem(await get(t, '/metrics'), 404, 'ROUTE_NOT_FOUND');
  });

  it('stops listening when the app closes', async () => {
    await t.close();
    await expect(fetch(`http://127.0.0.1:${port}/metrics`)).rejects.toThrow();
    t = undefined as unknown as TestApp;
  });
});
