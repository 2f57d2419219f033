import { once } from 'node:events';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EventHub } from '../src/events/event-hub.js';
import { StreamRegistry } from '../src/events/stream-registry.js';
import { createClaim } from './factories.js';
import { expectProblem } from './problem.js';
import { SseClient, type ReceivedEvent } from './sse-client.js';
import { createTestApp, type TestApp } from './test-app.js';

/**
 * What one instance's event streams may cost it: how many a key, an address and the instance may
 * hold open; clients that stop reading (their output is bounded, then they are cut off); log reads
 * for clients resuming from far back (a few at a time); and the streams of a revoked key, which end.
 */

const WAIT_MS = 20_000;
const clients: SseClient[] = [];
const sockets: net.Socket[] = [];

afterAll(() => {
  for (const c of clients) c.close();
  for (const s of sockets) s.destroy();
});

const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });
const about = (claimId: string) => (e: ReceivedEvent) => e.data.claimId === claimId;
const streamsOf = (t: TestApp) => t.app.get(StreamRegistry).stats();

async function open(
  t: TestApp,
  headers: Record<string, string>,
  path = '/v1/events',
): Promise<SseClient> {
  const client = await SseClient.open(t.raw, path, headers);
  clients.push(client);
  return client;
}

async function eventually<T>(read: () => T | Promise<T>, done: (v: T) => boolean, what: string) {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`Gave up waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function within(promise: Promise<unknown>, what: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Gave up waiting for ${what}`)), WAIT_MS);
  });
  try {
    await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function makeKey(t: TestApp, role = 'viewer'): Promise<{ id: string; secret: string }> {
  const res = await request(t.http)
    .post('/v1/api-keys')
    .send({ name: `${role} desk`, role });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { id: res.body.id, secret: res.body.key };
}

/**
 * Writes `count` events of about `bytes` each straight into the log (as a bulk import's own event
 * would be), so a test has megabytes to stream without megabytes of HTTP writes.
 */
async function writeEvents(t: TestApp, count: number, bytes: number): Promise<void> {
  await t.db.query(
    `INSERT INTO events (type, payload)
     SELECT 'import.completed', jsonb_build_object('n', g, 'pad', repeat('x', $2::int))
       FROM generate_series(1, $1::int) g`,
    [count, bytes],
  );
}

interface RawClient {
  socket: net.Socket;
  /** The status line and headers. */
  head: string;
  /** Resolves when the connection has closed. */
  closed: Promise<void>;
}

/**
 * A client on a connection of its own that sends its request, takes the response headers, and then
 * reads nothing more: what the server sends piles up in the kernel's buffers, then in the server's.
 */
async function openNonReading(t: TestApp, headers: Record<string, string>): Promise<RawClient> {
  const { port } = t.raw.address() as AddressInfo;
  const socket = net.connect(port, '127.0.0.1');
  sockets.push(socket);
  socket.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  await once(socket, 'connect');
  const lines = Object.entries({ host: '127.0.0.1', accept: 'text/event-stream', ...headers })
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  socket.write(`GET /v1/events HTTP/1.1\r\n${lines}\r\n`);
  let head = '';
  await new Promise<void>((resolve) => {
    const onData = (chunk: Buffer): void => {
      head += chunk.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      socket.off('data', onData);
      socket.pause();
      resolve();
    };
    socket.on('data', onData);
  });
  return { socket, head, closed };
}

/** Reads what is left of a paused client's response until the server's end of it. */
async function readToEnd(client: RawClient): Promise<string> {
  const chunks: Buffer[] = [];
  client.socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  client.socket.resume();
  await within(client.closed, 'the server to end the connection');
  return Buffer.concat(chunks).toString('latin1');
}

/** Makes a paused client read on, slowly: a pause after every chunk it gets. */
function readSlowly(client: RawClient, pauseMs: number): () => string {
  let text = client.head;
  client.socket.on('data', (chunk: Buffer) => {
    text += chunk.toString('latin1');
    client.socket.pause();
    setTimeout(() => client.socket.resume(), pauseMs);
  });
  client.socket.resume();
  return () => text;
}

const sentIds = (text: string): string[] => [...text.matchAll(/^id: (\d+)$/gm)].map((m) => m[1]);

describe('how many streams may be open', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({
      PUBLIC_READ: true,
      EVENTS_MAX_STREAMS_PER_KEY: 2,
      EVENTS_MAX_STREAMS_PER_ADDRESS: 2,
      EVENTS_MAX_STREAMS: 5,
    });
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await eventually(
      () => streamsOf(t).open,
      (n) => n === 0,
      'every stream to be closed',
    );
  });
  afterAll(async () => {
    await t?.close();
  });

  it('a key may hold EVENTS_MAX_STREAMS_PER_KEY; one more is 429 with Retry-After; closing one makes room', async () => {
    const mine = [await open(t, bearer(t.adminKey)), await open(t, bearer(t.adminKey))];
    expect(mine.map((c) => c.status)).toEqual([200, 200]);

    const refused = await request(t.raw).get('/v1/events').set(bearer(t.adminKey));
    expectProblem(refused, 429, 'EVENTS_TOO_MANY_STREAMS');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // A backlog (follow=false) is a stream too.
    const backlog = await request(t.raw)
      .get('/v1/events?follow=false&lastEventId=0')
      .set(bearer(t.adminKey));
    expectProblem(backlog, 429, 'EVENTS_TOO_MANY_STREAMS');
    expect(streamsOf(t).open).toBe(2);

    // Another key has its own allowance.
    const viewer = await makeKey(t);
    expect((await open(t, bearer(viewer.secret))).status).toBe(200);

    // The refused requests held nothing: once one stream closes, the key may open another.
    mine[0].close();
    await eventually(
      () => streamsOf(t).open,
      (n) => n === 2,
      'the closed stream to be let go',
    );
    const again = await open(t, bearer(t.adminKey));
    expect(again.status).toBe(200);
    const claim = await createClaim(t.http);
    expect((await again.waitForEvent(about(claim.id))).at(-1)).toMatchObject({
      event: 'claim.created',
    });
  });

  it('requests answered with a problem give their place back', async () => {
    for (let i = 0; i < 4; i++) {
      const res = await request(t.raw)
        .get('/v1/events')
        .set(bearer(t.adminKey))
        .set('Last-Event-ID', '9223372036854775807');
      expectProblem(res, 400, 'INVALID_LAST_EVENT_ID');
    }
    await eventually(
      () => streamsOf(t).open,
      (n) => n === 0,
      'the refused requests to let go',
    );
    const both = [await open(t, bearer(t.adminKey)), await open(t, bearer(t.adminKey))];
    expect(both.map((c) => c.status)).toEqual([200, 200]);
    expectProblem(
      await request(t.raw).get('/v1/events').set(bearer(t.adminKey)),
      429,
      'EVENTS_TOO_MANY_STREAMS',
    );
  });

  it('anonymous readers (PUBLIC_READ) may hold EVENTS_MAX_STREAMS_PER_ADDRESS from one address; keys do not count against it', async () => {
    const anonymous = [await open(t, {}), await open(t, {})];
    expect(anonymous.map((c) => c.status)).toEqual([200, 200]);
    const refused = await request(t.raw).get('/v1/events');
    expectProblem(refused, 429, 'EVENTS_TOO_MANY_STREAMS');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // The same address with a key is capped by its key instead.
    expect((await open(t, bearer(t.adminKey))).status).toBe(200);
  });

  it('the instance holds EVENTS_MAX_STREAMS in all; past it, 503 EVENTS_AT_CAPACITY with Retry-After', async () => {
    const [k1, k2] = [await makeKey(t), await makeKey(t)];
    const all = [
      await open(t, bearer(t.adminKey)),
      await open(t, bearer(t.adminKey)),
      await open(t, bearer(k1.secret)),
      await open(t, bearer(k1.secret)),
      await open(t, {}),
    ];
    expect(all.map((c) => c.status)).toEqual([200, 200, 200, 200, 200]);
    expect(streamsOf(t).open).toBe(5);
    // k2 has streams to spare, but the instance has none.
    const full = await request(t.raw).get('/v1/events').set(bearer(k2.secret));
    expectProblem(full, 503, 'EVENTS_AT_CAPACITY');
    expect(Number(full.headers['retry-after'])).toBeGreaterThan(0);
    expect(streamsOf(t).open).toBe(5);
    // The open streams are unaffected.
    const claim = await createClaim(t.http);
    for (const c of all) await c.waitForEvent(about(claim.id));
  });
});

describe('clients that stop reading', () => {
  let t: TestApp;
  /** About 10 MB of events: more than the kernel's socket buffers between server and client. */
  const COUNT = 2_500;
  const BYTES = 4_000;

  beforeAll(async () => {
    t = await createTestApp({
      EVENTS_MAX_STREAMS_PER_KEY: 20,
      EVENTS_CLIENT_BUFFER_BYTES: 64 * 1024,
      EVENTS_CLIENT_STALL_MS: 3_000,
    });
    await writeEvents(t, COUNT, BYTES);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('one resuming from Last-Event-ID 0 is sent only what its connection takes, then cut off when it stalls', async () => {
    const before = streamsOf(t);
    const client = await openNonReading(t, { ...bearer(t.adminKey), 'last-event-id': '0' });
    expect(client.head).toMatch(/^HTTP\/1\.1 200 /);

    const after = await eventually(
      () => streamsOf(t),
      (s) => s.cutOff.stalled > before.cutOff.stalled,
      'the stalled stream to be cut off',
    );
    expect(after.open).toBe(0);
    // The server never held more than the bound for it: it waited for the connection to take its
    // output rather than read on, page after page, into memory.
    expect(after.peakBufferedBytes).toBeLessThanOrEqual(64 * 1024);
    expect(t.app.get(EventHub).stats().catchingUp).toBe(0);

    // What the client gets when it reads again: a stream that ends before the backlog does.
    const sent = sentIds(await readToEnd(client)).length;
    expect(sent).toBeGreaterThan(0);
    expect(sent).toBeLessThan(COUNT);
  });

  it('during a burst of live events, one that stops reading is cut off, one that reads slowly gets every event once, in order', async () => {
    const before = streamsOf(t);
    const [{ last }] = await t.db.query(`SELECT max(id)::text AS last FROM events`);
    const stopped = await openNonReading(t, bearer(t.adminKey));
    const slow = await openNonReading(t, bearer(t.adminKey));
    expect([stopped.head, slow.head]).toEqual([
      expect.stringMatching(/^HTTP\/1\.1 200 /),
      expect.stringMatching(/^HTTP\/1\.1 200 /),
    ]);
    const received = readSlowly(slow, 20);

    await writeEvents(t, COUNT, BYTES);
    const written: string[] = (
      await t.db.query(`SELECT id::text AS id FROM events WHERE id > $1 ORDER BY txid, id`, [last])
    ).map((r: { id: string }) => r.id);
    expect(written).toHaveLength(COUNT);

    // Found by the reader's poll (written outside the API), and fanned out to both.
    const after = await eventually(
      () => streamsOf(t),
      (s) => s.cutOff.stalled > before.cutOff.stalled,
      'the stopped stream to be cut off',
    );
    expect(after.peakBufferedBytes).toBeLessThanOrEqual(64 * 1024);
    expect(sentIds(await readToEnd(stopped)).length).toBeLessThan(COUNT);

    await eventually(
      () => ({ last: sentIds(received()).at(-1), streams: streamsOf(t) }),
      ({ last }) => last === written.at(-1),
      'the slow client to get the last event',
    );
    expect(sentIds(received())).toEqual(written);
    const end = streamsOf(t);
    expect(end.open).toBe(1);
    expect(end.cutOff).toEqual({ ...before.cutOff, stalled: before.cutOff.stalled + 1 });
    expect(end.peakBufferedBytes).toBeLessThanOrEqual(64 * 1024);
    slow.socket.destroy();
  });
});

describe('clients resuming from far back', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ EVENTS_MAX_STREAMS_PER_KEY: 20 });
    // Several pages (500 events each) of log for every client.
    await writeEvents(t, 3_000, 50);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('many clients resuming from far back at once all get everything, through two log reads at a time', async () => {
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM events`);
    const resuming = await Promise.all(
      Array.from({ length: 8 }, () =>
        open(t, { ...bearer(t.adminKey), 'last-event-id': '0' }, '/v1/events'),
      ),
    );
    expect(resuming.map((c) => c.status)).toEqual(Array(8).fill(200));
    const got = await Promise.all(resuming.map((c) => c.waitForEvents(n)));
    for (const events of got) {
      expect(events).toHaveLength(n);
      expect(new Set(events.map((e) => e.id)).size).toBe(n);
    }
    // The log was read page by page for each of them, never more than two reads at once.
    expect(t.app.get(EventHub).stats().peakClientReads).toBeLessThanOrEqual(2);
    // And they are live afterwards.
    const claim = await createClaim(t.http);
    for (const c of resuming) await c.waitForEvent(about(claim.id));
    for (const c of resuming) c.close();
  });
});

describe('a revoked key', () => {
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    // A remembers keys for a minute: only the revocation itself can end its streams in time. B, the
    // other instance, learns of it by looking the key up again after KEY_CACHE_MS.
    a = await createTestApp({ KEY_CACHE_MS: 60_000 });
    b = await createTestApp({ KEY_CACHE_MS: 1_000 }, { sameDatabaseAs: a });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('loses its streams: at once on the instance that revoked it, within KEY_CACHE_MS on another', async () => {
    const key = await makeKey(a);
    const [onA, onB] = [await open(a, bearer(key.secret)), await open(b, bearer(key.secret))];
    expect([onA.status, onB.status]).toEqual([200, 200]);
    // Streams of other keys are not touched.
    const admin = await open(b, bearer(b.adminKey));
    const before = await createClaim(a.http);
    for (const c of [onA, onB, admin]) await c.waitForEvent(about(before.id));

    expect((await request(a.http).delete(`/v1/api-keys/${key.id}`)).status).toBe(204);
    const [stored] = await a.db.query(`SELECT revoked_at FROM api_keys WHERE id = $1`, [key.id]);
    expect(stored.revoked_at).not.toBeNull();

    await within(onA.ended, 'the stream on the revoking instance to end');
    await within(onB.ended, 'the stream on the other instance to end');
    expect(streamsOf(a).cutOff.revoked).toBe(1);
    expect(streamsOf(b).cutOff.revoked).toBe(1);

    const later = await createClaim(a.http);
    await admin.waitForEvent(about(later.id));
    expect(onA.events.some(about(later.id))).toBe(false);
    expect(onB.events.some(about(later.id))).toBe(false);
    // And the key opens no new one.
    expectProblem(
      await request(a.raw).get('/v1/events').set(bearer(key.secret)),
      401,
      'UNAUTHENTICATED',
    );
  });
});
