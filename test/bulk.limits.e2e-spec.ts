import { setTimeout as sleep } from 'node:timers/promises';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import http, { type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request, { type Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClaim, createSource } from './factories.js';
import { expectProblem } from './problem.js';
import { createTestApp, type TestApp } from './test-app.js';

// How the bulk routes hold up against clients that are slow, stuck, too big or too many: none may
// keep a database connection, a transaction or a lock, and each is cut off by a limit of its own.

const NDJSON = 'application/x-ndjson';

type Line = Record<string, unknown>;

const ndjson = (lines: Line[]): string => lines.map((l) => JSON.stringify(l)).join('\n') + '\n';

const show = (res: Response): string => `${res.status} ${JSON.stringify(res.body)}`;

// The routes stage their data under the system's temporary directory: this suite gets its own, to
// see that nothing is left there.
const previousTmpdir = process.env.TMPDIR;
const scratch = mkdtempSync(join(tmpdir(), 'claimgraph-bulk-limits-'));
process.env.TMPDIR = scratch;

afterAll(() => {
  if (previousTmpdir === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = previousTmpdir;
  rmSync(scratch, { recursive: true, force: true });
});

/** What the routes left in the temporary directory. */
const leftovers = (): string[] => readdirSync(scratch);

/**
 * Database sessions of this app inside a transaction that is waiting (idle in transaction) or has
 * written (which holds back every live-event reader): none may be open for a slow client. On the
 * embedded database, whose one connection serves every request, the requests that still get through
 * show the same.
 */
async function heldTransactions(t: TestApp): Promise<number> {
  if (!t.config.DATABASE_URL) return 0;
  const [row] = await t.db.query(
    `SELECT count(*)::int AS n FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid()
        AND (state LIKE 'idle in transaction%' OR backend_xid IS NOT NULL)`,
  );
  return Number(row.n);
}

/** Other requests still answer, promptly: one that reads the database, and the health check. */
async function expectServing(t: TestApp): Promise<void> {
  const claims = await request(t.http).get('/v1/claims?limit=1').timeout(10_000);
  expect(claims.status, show(claims)).toBe(200);
  const health = await request(t.raw).get('/health').timeout(10_000);
  expect(health.status, show(health)).toBe(200);
}

async function createKey(t: TestApp, role: string): Promise<string> {
  const res = await request(t.http)
    .post('/v1/api-keys')
    .send({ name: `${role} ${Math.random().toString(36).slice(2, 8)}`, role });
  expect(res.status, show(res)).toBe(201);
  return res.body.key as string;
}

const portOf = (t: TestApp): number => (t.raw.address() as AddressInfo).port;

/**
 * Reads what is left of a response until its connection closes (failing the test past `ms`) and
 * says how many bytes came. A response cut off by the server ends incomplete.
 */
function readRest(res: IncomingMessage, ms = 60_000): Promise<number> {
  let received = 0;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`still open after ${ms} ms`)), ms);
    const done = (): void => {
      clearTimeout(timer);
      resolve(received);
    };
    res.on('data', (chunk: Buffer) => (received += chunk.length));
    res.once('close', done);
    res.once('error', done);
    res.resume();
  });
}

// ====================================================================================== the export

describe('GET /v1/export to clients that read slowly or not at all', () => {
  // Long enough that, on a busy machine, the exports a test holds open are not cut off before it
  // has made the requests they should crowd out.
  const IDLE_MS = 4_000;
  const SEND_MS = 8_000;
  /** Time for a stuck client to be cut off, beyond the limit itself, on a busy machine. */
  const GRACE_MS = 4_000;
  let t: TestApp;
  let whole: string;

  /** An export whose answer is never read: resolves once its status and headers have arrived. */
  function unreadExport(key: string): Promise<IncomingMessage> {
    return new Promise((resolve, reject) => {
      http
        .get(
          {
            host: '127.0.0.1',
            port: portOf(t),
            path: '/v1/export',
            headers: { authorization: `Bearer ${key}` },
          },
          (res) => {
            res.pause();
            resolve(res);
          },
        )
        .on('error', reject);
    });
  }

  const fullExport = async (key = t.adminKey): Promise<string> => {
    const res = await request(t.raw)
      .get('/v1/export')
      .set('Authorization', `Bearer ${key}`)
      .buffer(true)
      .parse((r, done) => {
        let text = '';
        r.setEncoding('utf8');
        r.on('data', (c: string) => (text += c));
        r.on('end', () => done(null, text));
      });
    expect(res.status, show(res)).toBe(200);
    return res.body as string;
  };

  beforeAll(async () => {
    t = await createTestApp({
      EXPORT_IDLE_TIMEOUT_MS: IDLE_MS,
      EXPORT_SEND_TIMEOUT_MS: SEND_MS,
      BULK_MAX_TRANSFERS: 3,
      BULK_MAX_TRANSFERS_PER_KEY: 2,
    });
    // An export of about 20 MB: far more than a socket's buffers, so a client that reads nothing
    // holds the server up.
    const lines: Line[] = [];
    for (let i = 0; i < 1400; i++) {
      lines.push({
        type: 'claim',
        statement: `Claim ${i} `.padEnd(2000, 'of some length '),
        context: 'Context '.repeat(1250),
      });
    }
    const res = await request(t.http)
      .post('/v1/import')
      .set('Content-Type', NDJSON)
      .send(ndjson(lines));
    expect(res.status, show(res)).toBe(200);
    whole = await fullExport();
    expect(whole.length).toBeGreaterThan(15_000_000);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('holds no connection or transaction while a client reads nothing, and cuts the client off after EXPORT_IDLE_TIMEOUT_MS', async () => {
    const unread = [await unreadExport(t.adminKey), await unreadExport(t.adminKey)];
    for (const res of unread) {
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-length']).toBe(String(Buffer.byteLength(whole)));
    }
    await sleep(300);
    expect(await heldTransactions(t)).toBe(0);
    await expectServing(t);

    // Past the idle limit the server has hung up: what reaches the client then is part of the file.
    await sleep(IDLE_MS + GRACE_MS);
    for (const res of unread) {
      expect(await readRest(res)).toBeLessThan(Buffer.byteLength(whole));
      expect(res.complete).toBe(false);
    }
    expect(leftovers()).toEqual([]);
    // The same snapshot, byte for byte, to a client that reads it.
    expect(await fullExport()).toBe(whole);
  }, 60_000);

  it('cuts off a client that reads too slowly to finish within EXPORT_SEND_TIMEOUT_MS', async () => {
    const res = await unreadExport(t.adminKey);
    const started = Date.now();
    // A piece every 200 ms, about 300 KB a second: the client never stops reading for long, but
    // the file would take a minute.
    const reading = readRest(res);
    res.on('data', () => {
      res.pause();
      setTimeout(() => res.resume(), 200);
    });
    const received = await reading;
    expect(Date.now() - started).toBeGreaterThanOrEqual(SEND_MS - 1_000);
    expect(res.complete).toBe(false);
    expect(received).toBeLessThan(Buffer.byteLength(whole));
    expect(leftovers()).toEqual([]);
    await expectServing(t);
  }, 60_000);

  it('runs at most BULK_MAX_TRANSFERS_PER_KEY per key (429) and BULK_MAX_TRANSFERS per server (503), with Retry-After', async () => {
    const [viewer, analyst] = [await createKey(t, 'viewer'), await createKey(t, 'analyst')];
    const held = [await unreadExport(t.adminKey), await unreadExport(t.adminKey)];

    const perKey = await request(t.raw)
      .get('/v1/export')
      .set('Authorization', `Bearer ${t.adminKey}`);
    expectProblem(perKey, 429, 'BULK_TOO_MANY_TRANSFERS');
    expect(Number(perKey.headers['retry-after'])).toBeGreaterThan(0);

    held.push(await unreadExport(viewer));
    expect(held[2].statusCode).toBe(200);
    const full = await request(t.raw).get('/v1/export').set('Authorization', `Bearer ${analyst}`);
    expectProblem(full, 503, 'BULK_AT_CAPACITY');
    expect(Number(full.headers['retry-after'])).toBeGreaterThan(0);
    // Imports count against the same limits, and a refused one stores nothing.
    const refusedImport = await request(t.raw)
      .post('/v1/import')
      .set('Authorization', `Bearer ${analyst}`)
      .set('Content-Type', NDJSON)
      .send(ndjson([{ type: 'claim', statement: 'Imported while the server is full' }]));
    expectProblem(refusedImport, 503, 'BULK_AT_CAPACITY');
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM claims WHERE statement = 'Imported while the server is full'`,
    );
    expect(n).toBe(0);
    await expectServing(t);

    // Once the stuck clients are cut off, their places are free again.
    await sleep(IDLE_MS + GRACE_MS);
    for (const res of held) expect(await readRest(res)).toBeLessThan(Buffer.byteLength(whole));
    expect(await fullExport(analyst)).toBe(whole);
    expect(await fullExport(t.adminKey)).toBe(whole);
  }, 60_000);
});

// ====================================================================================== the import

describe('POST /v1/import from clients that send slowly, stop, or send too much', () => {
  const IDLE_MS = 1_500;
  const UPLOAD_MS = 6_000;
  const MAX_BYTES = 2 * 1024 * 1024;
  let t: TestApp;
  let analyst: string;
  let editor: string;

  beforeAll(async () => {
    t = await createTestApp({
      IMPORT_IDLE_TIMEOUT_MS: IDLE_MS,
      IMPORT_UPLOAD_TIMEOUT_MS: UPLOAD_MS,
      IMPORT_MAX_BYTES: MAX_BYTES,
      // A request that waits on a lock the import holds fails fast rather than at 15 s.
      DB_STATEMENT_TIMEOUT_MS: 5_000,
    });
    [analyst, editor] = [await createKey(t, 'analyst'), await createKey(t, 'editor')];
  });
  afterAll(async () => {
    await t?.close();
  });

  interface Upload {
    req: http.ClientRequest;
    /** The answer, whenever it comes: while the body is still being sent, or after. */
    answer: Promise<{ status: number; body: any }>;
  }

  /** Starts a chunked upload with this key; the caller writes the body and ends it (or not). */
  function startUpload(key: string): Upload {
    let req!: http.ClientRequest;
    const answer = new Promise<{ status: number; body: any }>((resolve, reject) => {
      req = http.request(
        {
          host: '127.0.0.1',
          port: portOf(t),
          method: 'POST',
          path: '/v1/import',
          headers: { 'content-type': NDJSON, authorization: `Bearer ${key}` },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
        },
      );
      // The server may close the connection on a client still sending, once it has answered.
      req.on('error', (error) => setTimeout(() => reject(error), 1_000));
    });
    answer.catch(() => undefined);
    return { req, answer };
  }

  /** Writes a blank line (a byte that changes nothing) every `everyMs` until stopped. */
  function trickle(req: http.ClientRequest, everyMs: number): () => void {
    const timer = setInterval(() => {
      if (!req.destroyed) req.write('\n');
    }, everyMs);
    return () => clearInterval(timer);
  }

  /** Fails the test if the answer takes longer than `ms`. */
  const within = <T>(promise: Promise<T>, ms: number): Promise<T> =>
    Promise.race([
      promise,
      sleep(ms).then(() => Promise.reject(new Error(`no answer within ${ms} ms`))),
    ]);

  const storedWith = async (statement: string): Promise<number> => {
    const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM claims WHERE statement = $1', [
      statement,
    ]);
    return Number(n);
  };

  it('holds no transaction and no lock while the file trickles in, then stores all of it', async () => {
    const source = await createSource(t.http);
    const claim = await createClaim(t.http);
    const stances = Array.from({ length: 5_001 }, () => ({
      type: 'stance',
      claimId: claim.id,
      sourceId: source.id,
      kind: 'asserts',
    }));
    const upload = startUpload(analyst);
    upload.req.write(ndjson(stances));
    const stop = trickle(upload.req, 300);
    try {
      await sleep(1_500);
      expect(await heldTransactions(t)).toBe(0);
      // An editor changes the claim meanwhile, at once.
      const patched = await request(t.raw)
        .patch(`/v1/claims/${claim.id}`)
        .set('Authorization', `Bearer ${editor}`)
        .send({ context: 'Edited while an import of its stances trickles in' })
        .timeout(10_000);
      expect(patched.status, show(patched)).toBe(200);
      await expectServing(t);
      // The edit's own background work (the claim's assessment, the dashboard's fold) may hold a
      // transaction for a moment; the trickling import must hold none for as long as it trickles.
      await expect.poll(() => heldTransactions(t), { timeout: 5_000, interval: 100 }).toBe(0);
    } finally {
      stop();
    }
    upload.req.end();
    const res = await within(upload.answer, 60_000);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.created).toEqual({
      sources: 0,
      claims: 0,
      stances: 5_001,
      links: 0,
      reviews: 0,
    });
    const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM stances WHERE claim_id = $1', [
      claim.id,
    ]);
    expect(n).toBe(5_001);
    expect(leftovers()).toEqual([]);
  }, 90_000);

  it('answers 408 to a client that stops sending for IMPORT_IDLE_TIMEOUT_MS, and stores nothing', async () => {
    const upload = startUpload(analyst);
    upload.req.write(
      `${JSON.stringify({ type: 'claim', statement: 'Sent by a client that stalls' })}\n{"type":`,
    );
    const started = Date.now();
    const res = await within(upload.answer, IDLE_MS + 10_000);
    upload.req.destroy();
    expect(res.status, JSON.stringify(res.body)).toBe(408);
    expect(res.body).toMatchObject({ code: 'IMPORT_UPLOAD_TIMEOUT', status: 408 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(IDLE_MS - 200);
    expect(await storedWith('Sent by a client that stalls')).toBe(0);
    expect(leftovers()).toEqual([]);
    await expectServing(t);
  });

  it('answers 408 to a client that trickles past IMPORT_UPLOAD_TIMEOUT_MS, and stores nothing', async () => {
    const upload = startUpload(analyst);
    upload.req.write(
      `${JSON.stringify({ type: 'claim', statement: 'Sent by a client that trickles' })}\n`,
    );
    const stop = trickle(upload.req, 300);
    const started = Date.now();
    try {
      const res = await within(upload.answer, UPLOAD_MS + 10_000);
      expect(res.status, JSON.stringify(res.body)).toBe(408);
      expect(res.body.code).toBe('IMPORT_UPLOAD_TIMEOUT');
      expect(res.body.detail).toMatch(/did not arrive within 6 s/);
      expect(Date.now() - started).toBeGreaterThanOrEqual(UPLOAD_MS - 200);
    } finally {
      stop();
      upload.req.destroy();
    }
    expect(await storedWith('Sent by a client that trickles')).toBe(0);
    expect(leftovers()).toEqual([]);
  }, 30_000);

  it('answers 413 to a body over IMPORT_MAX_BYTES, said by Content-Length or found while reading, and stores nothing', async () => {
    const line = `${JSON.stringify({ type: 'claim', statement: 'Part of a file too large', context: 'x'.repeat(9_000) })}\n`;
    const body = line.repeat(Math.ceil((MAX_BYTES + 1) / line.length));
    const declared = await request(t.raw)
      .post('/v1/import')
      .set('Authorization', `Bearer ${analyst}`)
      .set('Content-Type', NDJSON)
      .send(body);
    expectProblem(declared, 413, 'IMPORT_TOO_LARGE');

    const upload = startUpload(analyst);
    for (let i = 0; i < body.length; i += 64 * 1024) upload.req.write(body.slice(i, i + 64 * 1024));
    upload.req.end();
    const streamed = await within(upload.answer, 20_000);
    expect(streamed.status, JSON.stringify(streamed.body)).toBe(413);
    expect(streamed.body.code).toBe('IMPORT_TOO_LARGE');
    expect(await storedWith('Part of a file too large')).toBe(0);
    expect(leftovers()).toEqual([]);
  });

  it('runs at most BULK_MAX_TRANSFERS_PER_KEY imports per key: 429 with Retry-After past it', async () => {
    const uploads = [startUpload(analyst), startUpload(analyst)];
    const stops = uploads.map((u) => trickle(u.req, 200));
    try {
      await sleep(300);
      const third = await request(t.raw)
        .post('/v1/import')
        .set('Authorization', `Bearer ${analyst}`)
        .set('Content-Type', NDJSON)
        .send(ndjson([{ type: 'claim', statement: 'A third import at once' }]));
      expectProblem(third, 429, 'BULK_TOO_MANY_TRANSFERS');
      expect(Number(third.headers['retry-after'])).toBeGreaterThan(0);
      expect(await storedWith('A third import at once')).toBe(0);
      // Another key is not held back.
      const other = await request(t.raw)
        .post('/v1/import')
        .set('Authorization', `Bearer ${editor}`)
        .set('Content-Type', NDJSON)
        .send(ndjson([{ type: 'claim', statement: 'Another key imports meanwhile' }]));
      expect(other.status, show(other)).toBe(200);
    } finally {
      stops.forEach((stop) => stop());
    }
    for (const u of uploads) u.req.end();
    for (const u of uploads) expect((await within(u.answer, 20_000)).status).toBe(200);
    const again = await request(t.raw)
      .post('/v1/import')
      .set('Authorization', `Bearer ${analyst}`)
      .set('Content-Type', NDJSON)
      .send(ndjson([{ type: 'claim', statement: 'A third import, later' }]));
    expect(again.status, show(again)).toBe(200);
  });
});
