import net from 'node:net';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ApiKeysService } from '../src/api-keys/api-keys.service.js';
import { generateKey } from '../src/api-keys/secrets.js';
import { addStance, createClaim, createSource } from './factories.js';
import { createTestApp, type TestApp } from './test-app.js';

/**
 * Clients that try to hold the server's sockets, make it read what nobody may send, or guess keys:
 * each is cut off with a problem answer, and the socket is closed rather than left half-open.
 */

interface RawExchange {
  /** Everything the server sent before it closed the connection. */
  text: string;
  /** Milliseconds from connecting until the server closed the connection. */
  closedAfterMs: number;
}

/**
 * Opens a raw socket, writes `first`, then `trickle` every `everyMs` for as long as the socket is
 * open (never finishing the request), and resolves with what the server sent once it closes.
 */
function rawExchange(
  port: number,
  first: string,
  trickle = '',
  everyMs = 300,
  giveUpMs = 20_000,
): Promise<RawExchange> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    let text = '';
    const socket = net.connect(port, '127.0.0.1', () => socket.write(first, 'latin1'));
    const timer = trickle
      ? setInterval(() => socket.writable && socket.write(trickle), everyMs)
      : undefined;
    const giveUp = setTimeout(() => {
      socket.destroy();
      reject(
        new Error(
          `the server kept the socket open for ${giveUpMs} ms; it sent: ${text.slice(0, 200)}`,
        ),
      );
    }, giveUpMs);
    socket.on('data', (d) => (text += d.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(timer);
      clearTimeout(giveUp);
      resolve({ text, closedAfterMs: Date.now() - started });
    });
  });
}

const statusOf = (text: string): number => Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
const bodyOf = (text: string): any => JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4));

describe('sockets and bodies have deadlines', () => {
  let t: TestApp;
  let port: number;

  beforeAll(async () => {
    t = await createTestApp({ HEADERS_TIMEOUT_MS: 1_000, BODY_TIMEOUT_MS: 1_000 });
    port = (t.raw.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('a client trickling header lines is answered 408 and disconnected, on every socket', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        rawExchange(
          port,
          'GET /v1/claims HTTP/1.1\r\nHost: localhost\r\n',
          `X-Trickle: ${'a'.repeat(8)}\r\n`,
        ),
      ),
    );
    for (const r of results) {
      expect(statusOf(r.text)).toBe(408);
      expect(r.text).toMatch(/content-type: application\/problem\+json/i);
      expect(bodyOf(r.text)).toMatchObject({ status: 408, code: 'REQUEST_TIMEOUT' });
      expect(r.closedAfterMs).toBeLessThan(8_000);
    }
    await request(t.http).get('/v1/claims').expect(200);
  });

  it('a JSON body that arrives too slowly is answered 408, disconnected, and nothing is stored', async () => {
    const name = `Slow body ${Date.now()}`;
    const body = JSON.stringify({ name, kind: 'outlet' });
    const head =
      `POST /v1/sources HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${t.adminKey}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${body.length + 100}\r\n\r\n${body.slice(0, 5)}`;
    const r = await rawExchange(port, head, ' ', 300);
    expect(statusOf(r.text)).toBe(408);
    expect(bodyOf(r.text)).toMatchObject({ status: 408, code: 'REQUEST_TIMEOUT' });
    expect(r.closedAfterMs).toBeLessThan(8_000);
    expect(await t.db.query('SELECT 1 FROM sources WHERE name = $1', [name])).toEqual([]);
  });

  it.each([
    ['no key', ''],
    ['a malformed key', 'Authorization: Basic Zm9vOmJhcg==\r\n'],
    ['an unknown key', `Authorization: Bearer ${generateKey().secret}\r\n`],
  ])(
    'a body sent with %s is refused 401 before it is read, and the connection closed',
    async (_what, auth) => {
      // Announces 5 MB and sends 1 KB: the answer must not wait for the rest.
      const head =
        `POST /v1/claims HTTP/1.1\r\nHost: localhost\r\n${auth}Content-Type: application/json\r\n` +
        `Content-Length: 5000000\r\n\r\n{"statement":"${'x'.repeat(1000)}`;
      const r = await rawExchange(port, head, 'x', 300);
      expect(statusOf(r.text)).toBe(401);
      expect(r.text).toMatch(/www-authenticate: Bearer/i);
      expect(r.text).toMatch(/connection: close/i);
      expect(bodyOf(r.text)).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
      expect(r.closedAfterMs).toBeLessThan(2_000);
    },
  );

  it('a body that is not UTF-8 is refused 400 MALFORMED_JSON and nothing is stored', async () => {
    const bytes = Buffer.concat([
      Buffer.from('{"name":"Caf'),
      Buffer.from([0xe9]),
      Buffer.from('","kind":"outlet"}'),
    ]);
    const head =
      `POST /v1/sources HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${t.adminKey}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${bytes.length}\r\nConnection: close\r\n\r\n`;
    const r = await rawExchange(port, head + bytes.toString('latin1'));
    expect(statusOf(r.text)).toBe(400);
    expect(bodyOf(r.text)).toMatchObject({
      code: 'MALFORMED_JSON',
      detail: 'The body is not valid UTF-8.',
    });
    expect(await t.db.query(`SELECT 1 FROM sources WHERE name LIKE 'Caf%'`)).toEqual([]);
  });
});

describe('guessing keys', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ AUTH_FAILURE_LIMIT: 5, AUTH_FAILURE_WINDOW_MS: 60_000 });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('past the limit, unknown keys from an address get 429 without a lookup; keys that worked before still work', async () => {
    // A key that has worked from this address before the guessing starts.
    await request(t.raw).get('/v1/claims').set('Authorization', `Bearer ${t.adminKey}`).expect(200);
    const keys = t.app.get(ApiKeysService);
    const lookups = vi.spyOn(keys, 'authenticate');
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) {
      const res = await request(t.raw)
        .get('/v1/claims')
        .set('Authorization', `Bearer ${generateKey().secret}`);
      statuses.push(res.status);
      if (res.status === 429) {
        expect(res.body).toMatchObject({ status: 429, code: 'AUTH_RATE_LIMITED' });
        expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      }
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual(Array(35).fill(429));
    expect(lookups).toHaveBeenCalledTimes(5);
    // Bodies with unknown keys are refused the same way, before they are read.
    const post = await request(t.raw)
      .post('/v1/sources')
      .set('Authorization', `Bearer ${generateKey().secret}`)
      .send({ name: 'x', kind: 'outlet' });
    expect(post.status).toBe(429);
    await request(t.raw).get('/v1/claims').set('Authorization', `Bearer ${t.adminKey}`).expect(200);
    lookups.mockRestore();
  });
});

describe('published ClaimReviews', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('never take their url from the Host header', async () => {
    const source = await createSource(t.http, { reliability: 'A' });
    const claim = await createClaim(t.http);
    await addStance(t.http, claim.id, { sourceId: source.id, kind: 'denies' });
    await request(t.http)
      .post(`/v1/claims/${claim.id}/reviews`)
      .send({ verdict: 'false', rationale: 'The sources were read.' })
      .expect(201);
    for (const path of [`/v1/claims/${claim.id}/claim-review`, '/v1/claim-reviews']) {
      const res = await request(t.http)
        .get(path)
        .set('Host', 'evil.example')
        .set('X-Forwarded-Host', 'evil.example');
      expect(res.status).toBe(200);
      expect(JSON.stringify(res.body)).not.toContain('evil.example');
    }
    const doc = (await request(t.http).get(`/v1/claims/${claim.id}/claim-review`)).body;
    expect(doc.url).toBe(`/v1/claims/${claim.id}/claim-review`);
  });
});

describe('reads whose work grows with the data', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT: 12, RATE_LIMIT_WINDOW_MS: 60_000 });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('cost five requests of the rate budget: a search and the graph, but not a plain list', async () => {
    const get = (path: string) =>
      request(t.raw).get(path).set('Authorization', `Bearer ${t.adminKey}`);
    expect((await get('/v1/graph?tag=none')).status).toBe(200);
    expect((await get('/v1/claims?q=anything')).status).toBe(200);
    expect((await get('/v1/claims')).status).toBe(200);
    const res = await get('/v1/claims?q=again');
    expect(res.status).toBe(429);
    expect(res.body).toMatchObject({ code: 'RATE_LIMITED' });
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  });
});
