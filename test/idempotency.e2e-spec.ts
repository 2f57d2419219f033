import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './test-app.js';

describe('Idempotency-Key on POST', () => {
  let t: TestApp;
  let n = 0;
  const key = () => `idem-${++n}-${Math.random().toString(36).slice(2)}`;
  const count = async (table: string): Promise<number> =>
    (await t.db.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers a retry with the first answer and stores one row', async () => {
    const k = key();
    const body = { name: 'Al-Monitor', kind: 'outlet' };
    const before = await count('sources');
    const first = await request(t.http).post('/v1/sources').set('Idempotency-Key', k).send(body);
    const again = await request(t.http).post('/v1/sources').set('Idempotency-Key', k).send(body);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers['location']).toBe(first.headers['location']);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(await count('sources')).toBe(before + 1);
  });

  it('replays a claim created with inline stances without adding stances', async () => {
    const source = (
      await request(t.http).post('/v1/sources').send({ name: 'Fazaeli', kind: 'person' })
    ).body;
    const body = {
      statement: 'Iran rebuffed the request.',
      stances: [{ sourceId: source.id, kind: 'asserts' }],
    };
    const k = key();
    const stancesBefore = await count('stances');
    const first = await request(t.http).post('/v1/claims').set('Idempotency-Key', k).send(body);
    const again = await request(t.http).post('/v1/claims').set('Idempotency-Key', k).send(body);
    expect(again.body.id).toBe(first.body.id);
    expect(await count('stances')).toBe(stancesBefore + 1);
  });

  it('refuses the same key with a different body (422) and stores nothing', async () => {
    const k = key();
    await request(t.http)
      .post('/v1/sources')
      .set('Idempotency-Key', k)
      .send({ name: 'One', kind: 'person' })
      .expect(201);
    const before = await count('sources');
    const other = await request(t.http)
      .post('/v1/sources')
      .set('Idempotency-Key', k)
      .send({ name: 'Two', kind: 'person' });
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(other.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(await count('sources')).toBe(before);
  });

  it('treats a body with its keys in another order as the same request, and replays it', async () => {
    const k = key();
    const first = await request(t.http)
      .post('/v1/sources')
      .set('Idempotency-Key', k)
      .send({ name: 'Ordered', kind: 'person', aliases: ['O'] });
    expect(first.status).toBe(201);
    const before = await count('sources');
    const again = await request(t.http)
      .post('/v1/sources')
      .set('Idempotency-Key', k)
      .send({ aliases: ['O'], kind: 'person', name: 'Ordered' });
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    expect(await count('sources')).toBe(before);
  });

  it('refuses the same key on another path', async () => {
    const k = key();
    const source = await request(t.http)
      .post('/v1/sources')
      .set('Idempotency-Key', k)
      .send({ name: 'Path', kind: 'person' });
    const claim = await request(t.http)
      .post('/v1/claims')
      .set('Idempotency-Key', k)
      .send({ name: 'Path', kind: 'person' });
    expect(source.status).toBe(201);
    expect(claim.status).toBe(422);
  });

  it('gives the key back when the first request fails, so a corrected retry can use it', async () => {
    const k = key();
    const bad = await request(t.http)
      .post('/v1/sources')
      .set('Idempotency-Key', k)
      .send({ name: '', kind: 'person' });
    expect(bad.status).toBe(400);
    const good = await request(t.http)
      .post('/v1/sources')
      .set('Idempotency-Key', k)
      .send({ name: 'Fixed', kind: 'person' });
    expect(good.status).toBe(201);
    const stored = await t.db.query(
      'SELECT status FROM idempotency_records WHERE idempotency_key = $1',
      [k],
    );
    expect(stored).toEqual([{ status: 201 }]);
  });

  it('lets only one of many simultaneous requests with one key write', async () => {
    const k = key();
    const before = await count('sources');
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        request(t.http)
          .post('/v1/sources')
          .set('Idempotency-Key', k)
          .send({ name: 'Racer', kind: 'person' }),
      ),
    );
    for (const a of answers) expect([201, 409]).toContain(a.status);
    expect(
      answers.filter((a) => a.status === 201 && a.headers['idempotent-replayed'] === undefined),
    ).toHaveLength(1);
    for (const a of answers.filter((x) => x.status === 409))
      expect(a.body.code).toBe('IDEMPOTENCY_KEY_IN_PROGRESS');
    expect(await count('sources')).toBe(before + 1);
  });

  it('keeps keys apart per API key', async () => {
    const other = (
      await request(t.http).post('/v1/api-keys').send({ name: 'second desk', role: 'analyst' })
    ).body.key;
    const k = key();
    const before = await count('sources');
    await request(t.http)
      .post('/v1/sources')
      .set('Idempotency-Key', k)
      .send({ name: 'Shared', kind: 'person', allowDuplicate: true })
      .expect(201);
    const second = await request(t.raw)
      .post('/v1/sources')
      .set('Authorization', `Bearer ${other}`)
      .set('Idempotency-Key', k)
      .send({ name: 'Shared', kind: 'person', allowDuplicate: true });
    expect(second.status).toBe(201);
    expect(second.headers['idempotent-replayed']).toBeUndefined();
    expect(await count('sources')).toBe(before + 2);
  });

  it('forgets a key after 24 hours', async () => {
    const k = key();
    const first = await request(t.http)
      .post('/v1/sources')
      .set('Idempotency-Key', k)
      .send({ name: 'Old', kind: 'person', allowDuplicate: true });
    await t.db.query(
      `UPDATE idempotency_records SET created_at = now() - interval '25 hours' WHERE idempotency_key = $1`,
      [k],
    );
    const later = await request(t.http)
      .post('/v1/sources')
      .set('Idempotency-Key', k)
      .send({ name: 'Old', kind: 'person', allowDuplicate: true });
    expect(later.status).toBe(201);
    expect(later.body.id).not.toBe(first.body.id);
  });

  it('never replays a new API key’s secret', async () => {
    const k = key();
    const before = await count('api_keys');
    const first = await request(t.http)
      .post('/v1/api-keys')
      .set('Idempotency-Key', k)
      .send({ name: 'desk', role: 'viewer' });
    const again = await request(t.http)
      .post('/v1/api-keys')
      .set('Idempotency-Key', k)
      .send({ name: 'desk', role: 'viewer' });
    expect(first.status).toBe(201);
    expect(first.body.key).toMatch(/^cg_/);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('IDEMPOTENT_SECRET_NOT_REPLAYABLE');
    expect(await count('api_keys')).toBe(before + 1);
    const [stored] = await t.db.query(
      'SELECT body FROM idempotency_records WHERE idempotency_key = $1',
      [k],
    );
    expect(stored.body).not.toContain(first.body.key);
  });

  it.each([['x'.repeat(256)], ['has space'], ['tab\there']])(
    'refuses a malformed key %#',
    async (bad) => {
      const before = await count('sources');
      const res = await request(t.http)
        .post('/v1/sources')
        .set('Idempotency-Key', bad)
        .send({ name: 'K', kind: 'person' });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('INVALID_IDEMPOTENCY_KEY');
      expect(await count('sources')).toBe(before);
    },
  );
});
