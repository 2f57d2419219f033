import { randomUUID } from 'node:crypto';
import pg from 'pg';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKey } from '../src/api-keys/secrets.js';
import { createClaim } from './factories.js';
import { expectProblem } from './problem.js';
import { startServer } from './server-process.js';
import { SseClient, type ReceivedEvent } from './sse-client.js';
import type { TcpProxy } from './tcp-proxy.js';
import { createTestAppBehindProxy, createTwoInstances, type TestApp } from './test-app.js';
import { createTestDatabase } from './test-database.js';

/**
 * Live events on a PostgreSQL server, where several sessions write at once: two app instances on
 * one database, LISTEN/NOTIFY between them, transactions that commit out of id order, and a
 * listening connection that drops. (The basics, on either database, are in events.e2e-spec.ts.)
 */

let a: TestApp;
let b: TestApp;
const clients: SseClient[] = [];

// The suite keeps its clients open to the end, all on the admin key: more than a key's default cap.
const manyStreams = { EVENTS_MAX_STREAMS_PER_KEY: 100 };

let closeBoth: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ a, b, close: closeBoth } = await createTwoInstances(manyStreams));
});
afterAll(async () => {
  for (const c of clients) c.close();
  await closeBoth?.();
});

async function listen(t: TestApp, path = '/v1/events'): Promise<SseClient> {
  const client = await SseClient.open(t.raw, path, { authorization: `Bearer ${t.adminKey}` });
  clients.push(client);
  expect(client.status).toBe(200);
  return client;
}

const about = (claimId: string) => (e: ReceivedEvent) => e.data.claimId === claimId;

/** A session of its own on the test database, outside both apps (another process, as it were). */
async function session(t: TestApp): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: t.config.DATABASE_URL });
  await client.connect();
  return client;
}

const listenerPids = async (t: TestApp): Promise<number[]> =>
  (
    await t.db.query(
      `SELECT pid FROM pg_stat_activity WHERE application_name = 'claimgraph-events' AND datname = current_database() ORDER BY pid`,
    )
  ).map((r: { pid: number }) => r.pid);

async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  what: string,
): Promise<T> {
  for (let i = 0; i < 500; i++) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`Gave up waiting for ${what}`);
}

describe('several sessions writing at once', () => {
  it('each instance listens on one connection; a write through one is announced with NOTIFY, after its commit', async () => {
    expect(await listenerPids(a)).toHaveLength(2);
    const onB = await listen(b);
    const observer = await session(a);
    const notified: string[] = [];
    try {
      await observer.query('LISTEN claimgraph_events');
      observer.on('notification', (n) => notified.push(n.channel));
      const claim = await createClaim(a.http);
      // What the NOTIFY told about is committed and readable by then.
      await eventually(
        () => Promise.resolve(notified.length),
        (n) => n > 0,
        'a notification',
      );
      const stored = await observer.query(
        `SELECT count(*)::int AS n FROM events WHERE claim_id = $1`,
        [claim.id],
      );
      expect(stored.rows).toEqual([{ n: 1 }]);
      expect((await onB.waitForEvent(about(claim.id))).at(-1)).toMatchObject({
        event: 'claim.created',
      });
    } finally {
      await observer.end();
    }
  });

  it('a write made outside the API (plain SQL, nothing announced) still reaches the clients of both', async () => {
    const [onA, onB] = [await listen(a), await listen(b)];
    const outside = await session(a);
    const id = randomUUID();
    try {
      await outside.query(
        `INSERT INTO claims (id, statement) VALUES ($1, 'Written by another process')`,
        [id],
      );
    } finally {
      await outside.end();
    }
    for (const client of [onA, onB]) {
      expect((await client.waitForEvent(about(id))).at(-1)).toMatchObject({
        event: 'claim.created',
        data: { claimId: id },
      });
    }
  });

  it('a bulk import’s own event (claimgraph_emit_event) notifies by itself', async () => {
    const observer = await session(a);
    const notified: string[] = [];
    try {
      await observer.query('LISTEN claimgraph_events');
      observer.on('notification', (n) => notified.push(n.channel));
      const writer = await session(a);
      try {
        await writer.query(
          `SELECT claimgraph_emit_event('import.completed', NULL, '{"claims": 0}'::jsonb)`,
        );
      } finally {
        await writer.end();
      }
      await eventually(
        () => Promise.resolve(notified.length),
        (n) => n > 0,
        'a notification',
      );
      expect(notified[0]).toBe('claimgraph_events');
    } finally {
      await observer.end();
    }
  });

  it('an uncommitted event reaches nobody; at commit it reaches everyone', async () => {
    const client = await listen(b);
    const writer = await session(a);
    const id = randomUUID();
    try {
      await writer.query('BEGIN');
      await writer.query(`INSERT INTO claims (id, statement) VALUES ($1, 'Not yet committed')`, [
        id,
      ]);
      // A write committed meanwhile by a transaction that began later waits behind this one: it
      // could otherwise be delivered, and a client resume after it, before this one's lower id.
      const later = randomUUID();
      await a.db.query(`INSERT INTO claims (id, statement) VALUES ($1, 'Committed meanwhile')`, [
        later,
      ]);
      const backlog = await request(a.raw)
        .get('/v1/events?follow=false&lastEventId=0')
        .set('Authorization', `Bearer ${a.adminKey}`);
      expect(backlog.status).toBe(200);
      expect(backlog.text).not.toContain(id);
      expect(backlog.text).not.toContain(later);
      expect(client.events.some(about(id))).toBe(false);
      await writer.query('COMMIT');
      await writer.query('NOTIFY claimgraph_events');
      const received = await client.waitForEvent(about(later));
      // The later transaction's event waited for the earlier one, and came after it.
      expect(
        received
          .filter((e) => e.data.claimId === id || e.data.claimId === later)
          .map((e) => e.data.claimId),
      ).toEqual([id, later]);
    } finally {
      await writer.end();
    }
  });

  it('an event whose transaction commits after a higher id is delivered, not skipped, live and on resume', async () => {
    const client = await listen(b);
    const [older, newer] = [await session(a), await session(a)];
    const [olderClaim, newerClaim] = [randomUUID(), randomUUID()];
    try {
      await older.query('BEGIN');
      await older.query('SELECT pg_current_xact_id()'); // the older transaction id
      await newer.query('BEGIN');
      await newer.query(`INSERT INTO claims (id, statement) VALUES ($1, 'Newer transaction')`, [
        newerClaim,
      ]);
      const [{ id: newerEventId }] = (
        await newer.query(`SELECT id::text AS id FROM events WHERE claim_id = $1`, [newerClaim])
      ).rows;
      await older.query(`INSERT INTO claims (id, statement) VALUES ($1, 'Older transaction')`, [
        olderClaim,
      ]);
      const [{ id: olderEventId }] = (
        await older.query(`SELECT id::text AS id FROM events WHERE claim_id = $1`, [olderClaim])
      ).rows;
      expect(BigInt(olderEventId)).toBeGreaterThan(BigInt(newerEventId));
      await older.query('COMMIT');
      // Writers outside the API may announce their writes themselves rather than wait for the poll.
      await older.query('NOTIFY claimgraph_events');

      // The higher id is final (its transaction is older than every one still running): it comes out.
      await client.waitForEvent(about(olderClaim));
      expect(client.events.some(about(newerClaim))).toBe(false);

      await newer.query('COMMIT');
      await newer.query('NOTIFY claimgraph_events');
      const events = await client.waitForEvent(about(newerClaim));
      expect(
        events
          .filter((e) => e.data.claimId === olderClaim || e.data.claimId === newerClaim)
          .map((e) => e.id),
      ).toEqual([olderEventId, newerEventId]);

      // A client that stopped right after the higher id still gets the lower one.
      const resumed = await request(a.raw)
        .get(`/v1/events?follow=false&lastEventId=${olderEventId}`)
        .set('Authorization', `Bearer ${a.adminKey}`);
      expect(resumed.status).toBe(200);
      expect(resumed.text).toContain(`id: ${newerEventId}\n`);
    } finally {
      await older.end();
      await newer.end();
    }
  });

  it('an instance whose LISTEN connection is cut reconnects and keeps delivering', async () => {
    const client = await listen(b);
    const before = await listenerPids(a);
    await a.db.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'claimgraph-events' AND datname = current_database()`,
    );
    const after = await eventually(
      () => listenerPids(a),
      (pids) => pids.length === 2 && pids.every((p) => !before.includes(p)),
      'both instances to listen again',
    );
    expect(after).toHaveLength(2);
    const claim = await createClaim(a.http);
    expect((await client.waitForEvent(about(claim.id))).at(-1)).toMatchObject({
      event: 'claim.created',
    });
  });
});

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

  it('open streams stay open and get what is written once it is back; a resume meanwhile is a 503', async () => {
    const client = await listen(t);
    const before = randomUUID();
    await t.db.query(`INSERT INTO claims (id, statement) VALUES ($1, 'Before the outage')`, [
      before,
    ]);
    const [seen] = (await client.waitForEvent(about(before))).slice(-1);

    await proxy.cut();
    const resume = await request(t.raw)
      .get('/v1/events')
      .set('Authorization', `Bearer ${t.adminKey}`)
      .set('Last-Event-ID', seen.id);
    expectProblem(resume, 503, 'DATABASE_UNAVAILABLE');

    await proxy.restore();
    const after = randomUUID();
    await eventually(
      () =>
        t.db
          .query(`INSERT INTO claims (id, statement) VALUES ($1, 'After the outage')`, [after])
          .then(() => true)
          .catch(() => false),
      (done) => done,
      'the database to take writes again',
    );
    const events = await client.waitForEvent(about(after));
    expect(
      events
        .filter((e) => e.data.claimId === before || e.data.claimId === after)
        .map((e) => e.data.claimId),
    ).toEqual([before, after]);
  });
});

describe('the server process', () => {
  it('on SIGTERM ends open streams and exits 0 instead of waiting for them', async () => {
    const db = await createTestDatabase();
    const key = generateKey().secret;
    // A stream that held the shutdown up would run into this timeout, and the exit code would be 1.
    const server = await startServer({
      DATABASE_URL: db.config.DATABASE_URL,
      BOOTSTRAP_ADMIN_KEY: key,
      SHUTDOWN_TIMEOUT_MS: '20000',
    });
    try {
      const client = await SseClient.open(Number(new URL(server.url).port), '/v1/events', {
        authorization: `Bearer ${key}`,
      });
      clients.push(client);
      expect(client.status).toBe(200);
      server.child.kill('SIGTERM');
      await client.ended;
      expect(await server.exited).toEqual({ code: 0, signal: null });
    } finally {
      if (server.child.exitCode === null) server.child.kill('SIGKILL');
      await db.drop();
    }
  });
});
