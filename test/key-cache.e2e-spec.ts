import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './test-app.js';

/**
 * An instance trusts a key it has looked up for KEY_CACHE_MS. Revoking through the instance itself
 * takes effect at once; a revocation made elsewhere (another instance: here, the database directly)
 * within that time.
 */
describe('API key lookups', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  async function analystKey(app: TestApp): Promise<{ id: string; secret: string }> {
    const res = await request(app.http)
      .post('/v1/api-keys')
      .send({ name: 'desk', role: 'analyst' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return { id: res.body.id, secret: res.body.key };
  }
  const read = (app: TestApp, secret: string) =>
    request(app.raw).get('/v1/sources').set('Authorization', `Bearer ${secret}`);

  it('revoking through this instance shuts the key out on the next request, even while it is remembered', async () => {
    t = await createTestApp({ KEY_CACHE_MS: 60_000 });
    const key = await analystKey(t);
    expect((await read(t, key.secret)).status).toBe(200);
    expect((await request(t.http).delete(`/v1/api-keys/${key.id}`)).status).toBe(204);
    expect((await read(t, key.secret)).status).toBe(401);
  });

  it('a revocation made elsewhere is honoured once the remembered lookup expires; with 0, at once', async () => {
    t = await createTestApp({ KEY_CACHE_MS: 60_000 });
    const key = await analystKey(t);
    expect((await read(t, key.secret)).status).toBe(200);
    await t.db.query('UPDATE api_keys SET revoked_at = now() WHERE id = $1', [key.id]);
    // Remembered for a minute: still let in.
    expect((await read(t, key.secret)).status).toBe(200);
    await t.close();

    t = await createTestApp({ KEY_CACHE_MS: 0 });
    const other = await analystKey(t);
    expect((await read(t, other.secret)).status).toBe(200);
    await t.db.query('UPDATE api_keys SET revoked_at = now() WHERE id = $1', [other.id]);
    expect((await read(t, other.secret)).status).toBe(401);
  });

  it('never remembers an unknown key', async () => {
    t = await createTestApp({ KEY_CACHE_MS: 60_000 });
    const key = await analystKey(t);
    await t.db.query('UPDATE api_keys SET revoked_at = now() WHERE id = $1', [key.id]);
    // First seen after revocation: refused, and refused again.
    expect((await read(t, key.secret)).status).toBe(401);
    expect((await read(t, key.secret)).status).toBe(401);
  });
});
