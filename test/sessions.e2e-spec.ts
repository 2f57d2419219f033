import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './test-app.js';
import { expectProblem } from './problem.js';
import { SseClient } from './sse-client.js';
import { createApiKey } from './factories.js';

/**
 * Console sign-in: an API key exchanged for a session cookie, and everything that ends it. All
 * through HTTP on `raw` (no key added), asserting the answers and the stored sessions.
 */
describe('sessions', () => {
  let t: TestApp;
  let origin: string;

  beforeAll(async () => {
    t = await createTestApp();
    origin = `http://127.0.0.1:${(t.raw.address() as AddressInfo).port}`;
  });
  afterAll(() => t?.close());

  const makeKey = (role: string, name = `${role} desk`) => createApiKey(t.http, name, role);

  /** Signs in with a key; returns the cookie pair to send back (`cg_session=…`) and the answer. */
  async function signIn(key: string) {
    const res = await request(t.raw).post('/v1/session').set('Authorization', `Bearer ${key}`);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const setCookie = res.headers['set-cookie'] as unknown as string[];
    const cookie = setCookie[0].split(';')[0];
    return { res, setCookie: setCookie[0], cookie };
  }

  const sessionRows = (keyId: string) =>
    t.db.query(`SELECT id, token_hash FROM sessions WHERE key_id = $1`, [keyId]);

  it('exchanges a key for an HttpOnly, SameSite=Strict cookie and stores only its hash', async () => {
    const analyst = await makeKey('analyst', 'Ana Lyst');
    const { res, setCookie, cookie } = await signIn(analyst.key);
    expect(res.body).toEqual({
      keyId: analyst.id,
      name: 'Ana Lyst',
      role: 'analyst',
      via: 'session',
      expiresAt: expect.any(String),
    });
    expect(res.headers['cache-control']).toBe('no-store');
    expect(setCookie).toMatch(
      /^cg_session=cgs_[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict$/,
    );
    const rows = await sessionRows(analyst.id);
    expect(rows).toHaveLength(1);
    const token = cookie.slice('cg_session='.length);
    expect(rows[0].token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0].token_hash).not.toContain(token);

    const me = await request(t.raw).get('/v1/session').set('Cookie', cookie);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      keyId: analyst.id,
      name: 'Ana Lyst',
      role: 'analyst',
      via: 'session',
    });
    expect((await request(t.raw).get('/v1/sources').set('Cookie', cookie)).status).toBe(200);
  });

  it('refuses to sign in without a key, with an unknown key, or with the cookie alone', async () => {
    expectProblem(await request(t.raw).post('/v1/session'), 401, 'UNAUTHENTICATED');
    expectProblem(
      await request(t.raw)
        .post('/v1/session')
        .set('Authorization', `Bearer cg_${'x'.repeat(43)}`),
      401,
      'UNAUTHENTICATED',
    );
    const viewer = await makeKey('viewer');
    const { cookie } = await signIn(viewer.key);
    expectProblem(
      await request(t.raw).post('/v1/session').set('Cookie', cookie).set('X-Requested-With', 'x'),
      401,
      'UNAUTHENTICATED',
    );
    expect(await sessionRows(viewer.id)).toHaveLength(1);
  });

  it('refuses cookie writes without X-Requested-With or from another origin, and stores nothing', async () => {
    const analyst = await makeKey('analyst');
    const { cookie } = await signIn(analyst.key);
    const body = { name: 'CSRF probe source', kind: 'outlet' };
    const noHeader = await request(t.raw).post('/v1/sources').set('Cookie', cookie).send(body);
    expectProblem(noHeader, 403, 'CSRF_REJECTED');
    expect(noHeader.body.detail).toMatch(/X-Requested-With/);
    const foreign = await request(t.raw)
      .post('/v1/sources')
      .set('Cookie', cookie)
      .set('X-Requested-With', 'XMLHttpRequest')
      .set('Origin', 'http://evil.example')
      .send(body);
    expectProblem(foreign, 403, 'CSRF_REJECTED');
    expect(await t.db.query(`SELECT 1 FROM sources WHERE name = $1`, [body.name])).toHaveLength(0);

    const own = await request(t.raw)
      .post('/v1/sources')
      .set('Cookie', cookie)
      .set('X-Requested-With', 'XMLHttpRequest')
      .set('Origin', origin)
      .send(body);
    expect(own.status, JSON.stringify(own.body)).toBe(201);
    const [stored] = await t.db.query(`SELECT created_by_key_id FROM sources WHERE id = $1`, [
      own.body.id,
    ]);
    expect(stored.created_by_key_id).toBe(analyst.id);
  });

  it('keeps the role of its key: a viewer session may read, not write', async () => {
    const viewer = await makeKey('viewer');
    const { cookie } = await signIn(viewer.key);
    expect((await request(t.raw).get('/v1/claims').set('Cookie', cookie)).status).toBe(200);
    expectProblem(
      await request(t.raw)
        .post('/v1/claims')
        .set('Cookie', cookie)
        .set('X-Requested-With', 'x')
        .send({ statement: 'A viewer cannot write this' }),
      403,
      'FORBIDDEN',
    );
  });

  it('signing out ends the session at once and clears the cookie', async () => {
    const editor = await makeKey('editor');
    const { cookie } = await signIn(editor.key);
    expectProblem(
      await request(t.raw).delete('/v1/session').set('Cookie', cookie),
      403,
      'CSRF_REJECTED',
    );
    const out = await request(t.raw)
      .delete('/v1/session')
      .set('Cookie', cookie)
      .set('X-Requested-With', 'x');
    expect(out.status).toBe(204);
    expect((out.headers['set-cookie'] as unknown as string[])[0]).toMatch(
      /^cg_session=; Path=\/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Strict$/,
    );
    expect(await sessionRows(editor.id)).toHaveLength(0);
    const after = await request(t.raw).get('/v1/session').set('Cookie', cookie);
    expectProblem(after, 401, 'UNAUTHENTICATED');
    expect(after.body.detail).toMatch(/session has ended/);
  });

  it('ends a session left unused past SESSION_IDLE_MS, and moves the deadline on with use', async () => {
    const viewer = await makeKey('viewer');
    const kept = await signIn(viewer.key);
    const idle = await signIn(viewer.key);
    const [a, b] = [kept.cookie, idle.cookie].map((c) => c.slice('cg_session='.length));
    const hash = (token: string) =>
      t.db.query(`SELECT encode(sha256(convert_to($1, 'UTF8')), 'hex') AS h`, [token]);
    const [[ha], [hb]] = await Promise.all([hash(a), hash(b)]);
    // Kept: last used 5 minutes ago (well inside 8 hours); idle: 9 hours ago.
    await t.db.query(
      `UPDATE sessions SET last_seen_at = now() - interval '5 minutes' WHERE token_hash = $1`,
      [ha.h],
    );
    await t.db.query(
      `UPDATE sessions SET last_seen_at = now() - interval '9 hours' WHERE token_hash = $1`,
      [hb.h],
    );
    const used = await request(t.raw).get('/v1/session').set('Cookie', kept.cookie);
    expect(used.status).toBe(200);
    const [row] = await t.db.query(
      `SELECT now() - last_seen_at < interval '1 minute' AS fresh FROM sessions WHERE token_hash = $1`,
      [ha.h],
    );
    expect(row.fresh).toBe(true);
    expect(Date.parse(used.body.expiresAt)).toBeGreaterThan(Date.now() + 7.9 * 3_600_000);
    expectProblem(
      await request(t.raw).get('/v1/session').set('Cookie', idle.cookie),
      401,
      'UNAUTHENTICATED',
    );
  });

  it('revoking the key ends its sessions', async () => {
    const analyst = await makeKey('analyst');
    const { cookie } = await signIn(analyst.key);
    expect((await request(t.raw).get('/v1/claims').set('Cookie', cookie)).status).toBe(200);
    expect((await request(t.http).delete(`/v1/api-keys/${analyst.id}`)).status).toBe(204);
    expectProblem(
      await request(t.raw).get('/v1/claims').set('Cookie', cookie),
      401,
      'UNAUTHENTICATED',
    );
  });

  it('keeps at most 20 sessions per key, ending the least recently used', async () => {
    const viewer = await makeKey('viewer');
    const first = await signIn(viewer.key);
    for (let i = 0; i < 20; i++) await signIn(viewer.key);
    expect(await sessionRows(viewer.id)).toHaveLength(20);
    expectProblem(
      await request(t.raw).get('/v1/session').set('Cookie', first.cookie),
      401,
      'UNAUTHENTICATED',
    );
  });

  it('bearer keys keep working, and say so', async () => {
    const editor = await makeKey('editor', 'Ed Itor');
    const res = await request(t.raw)
      .get('/v1/session')
      .set('Authorization', `Bearer ${editor.key}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      keyId: editor.id,
      name: 'Ed Itor',
      role: 'editor',
      via: 'key',
      expiresAt: null,
    });
    // A bearer write needs no CSRF header.
    const created = await request(t.raw)
      .post('/v1/sources')
      .set('Authorization', `Bearer ${editor.key}`)
      .send({ name: 'Bearer-made source', kind: 'outlet' });
    expect(created.status).toBe(201);
  });

  it('serves the event stream to the cookie', async () => {
    const viewer = await makeKey('viewer');
    const { cookie } = await signIn(viewer.key);
    const res = await request(t.raw)
      .get('/v1/events?follow=false&lastEventId=0')
      .set('Cookie', cookie);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(res.text).toMatch(/^retry: 3000\n/);
    expectProblem(
      await request(t.raw)
        .get('/v1/events?follow=false&lastEventId=0')
        .set('Cookie', 'cg_session=cgs_nope'),
      401,
      'UNAUTHENTICATED',
    );
  });

  it('signing out ends the event streams of that session, and only those', async () => {
    const viewer = await makeKey('viewer');
    const [a, b] = [await signIn(viewer.key), await signIn(viewer.key)];
    const streamA = await SseClient.open(t.raw, '/v1/events', { Cookie: a.cookie });
    const streamB = await SseClient.open(t.raw, '/v1/events', { Cookie: b.cookie });
    expect([streamA.status, streamB.status]).toEqual([200, 200]);
    const out = await request(t.raw)
      .delete('/v1/session')
      .set('Cookie', a.cookie)
      .set('X-Requested-With', 'x');
    expect(out.status).toBe(204);
    await streamA.ended;
    expect((streamB as unknown as { done: boolean }).done).toBe(false);
    // Signed out elsewhere (another instance: here, the row deleted directly): its stream ends
    // at the next check of the open streams' keys and sessions.
    await t.db.query(`DELETE FROM sessions WHERE key_id = $1`, [viewer.id]);
    await streamB.ended;
  });
});
