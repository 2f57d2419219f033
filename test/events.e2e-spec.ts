import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventsRepository } from '../src/events/events.repository.js';
import { addStance, createClaim, createSource, getClaim } from './factories.js';
import { expectProblem } from './problem.js';
import { SseClient, type ReceivedEvent } from './sse-client.js';
import { createTestApp, createTwoInstances, type TestApp } from './test-app.js';

/**
 * GET /v1/events end to end: two app instances on one database (PostgreSQL when DATABASE_URL is
 * set, else one embedded database opened by both), SSE clients of one seeing writes through the
 * other. Suites that need a second PostgreSQL session are in events.postgres.e2e-spec.ts.
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

const auth = (t: TestApp) => ({ authorization: `Bearer ${t.adminKey}` });

async function listen(
  t: TestApp,
  path = '/v1/events',
  headers: Record<string, string> = {},
): Promise<SseClient> {
  const client = await SseClient.open(t.raw, path, { ...auth(t), ...headers });
  clients.push(client);
  expect(client.status).toBe(200);
  return client;
}

/** The stored events of a claim, in the order they were written. */
async function storedEvents(t: TestApp, claimId: string): Promise<{ id: string; type: string }[]> {
  return t.db.query(`SELECT id::text AS id, type FROM events WHERE claim_id = $1 ORDER BY id`, [
    claimId,
  ]);
}

const summary = (events: ReceivedEvent[]) => events.map((e) => [e.event, e.data.claimId]);

const about = (claimId: string) => (e: ReceivedEvent) => e.data.claimId === claimId;

/**
 * Waits until no committed event of `t`'s database is held back behind a transaction still running
 * (anywhere on the server: other suites share it), so a backlog read (follow=false) includes them all.
 */
async function settled(t: TestApp): Promise<void> {
  for (;;) {
    const [{ held }] = await t.db.query(
      `SELECT EXISTS (SELECT 1 FROM events WHERE txid >= pg_snapshot_xmin(pg_current_snapshot())) AS held`,
    );
    if (!held) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Writes a claim and waits for `client` to see it: whatever the client receives afterwards was
 * written after this point.
 */
async function mark(client: SseClient, through: TestApp): Promise<() => ReceivedEvent[]> {
  const marker = await createClaim(through.http);
  const upTo = await client.waitForEvent(about(marker.id));
  return () => client.events.slice(upTo.length);
}

describe('one instance’s clients see changes made through another', () => {
  it('streams claim.created, stance.added and claim.status_changed in order, with ids, and the SSE headers', async () => {
    const client = await listen(b);
    expect(client.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(client.headers['cache-control']).toMatch(/no-cache/);
    expect(client.headers['x-accel-buffering']).toBe('no');
    expect(client.headers['content-encoding']).toBeUndefined();

    const source = await createSource(a.http, { reliability: 'B' });
    const claim = await createClaim(a.http, { tags: ['Live'] });
    const stance = await addStance(a.http, claim.id, {
      sourceId: source.id,
      kind: 'asserts',
      statedAt: '2017-10-29T08:00:00Z',
    });
    const { score } = await getClaim(a.http, claim.id);

    await client.waitForEvent(
      (e) => e.event === 'claim.status_changed' && e.data.claimId === claim.id,
    );
    const events = client.events.filter(about(claim.id));
    expect(events.map((e) => e.event)).toEqual([
      'claim.created',
      'stance.added',
      'claim.status_changed',
    ]);
    expect(events[0].data).toMatchObject({
      type: 'claim.created',
      claimId: claim.id,
      data: {
        statement: claim.statement,
        tags: ['live'],
        language: 'en',
        status: 'unsourced',
        score: 0.5,
      },
    });
    expect(events[1].data).toMatchObject({
      type: 'stance.added',
      claimId: claim.id,
      data: {
        stanceId: stance.id,
        sourceId: source.id,
        kind: 'asserts',
        statedAt: '2017-10-29T08:00:00.000Z',
        viaSourceId: null,
      },
    });
    expect(events[2].data).toMatchObject({
      type: 'claim.status_changed',
      claimId: claim.id,
      data: { from: 'unsourced', to: 'unverified', fromScore: 0.5, score },
    });
    for (const e of events) {
      expect(e.id).toMatch(/^[1-9]\d*$/);
      expect(e.data.id).toBe(e.id);
      expect(new Date(e.data.at).toISOString()).toBe(e.data.at);
    }
    expect(events.map((e) => ({ id: e.id, type: e.event }))).toEqual(
      await storedEvents(a, claim.id),
    );
    expect(client.retry).toBeGreaterThan(0);
  });

  it('a claim created with stances emits its events in the order they happened, through either instance', async () => {
    const client = await listen(a);
    const [s1, s2] = [await createSource(b.http), await createSource(b.http)];
    const claim = await createClaim(b.http, {
      stances: [
        { sourceId: s1.id, kind: 'asserts' },
        { sourceId: s2.id, kind: 'confirms' },
      ],
    });
    await client.waitForEvent(
      (e) => e.event === 'claim.status_changed' && e.data.claimId === claim.id,
    );
    const events = client.events.filter(about(claim.id));
    expect(events.map((e) => e.event)).toEqual([
      'claim.created',
      'stance.added',
      'stance.added',
      'claim.status_changed',
    ]);
    expect(events[3].data.data).toMatchObject({ from: 'unsourced', to: 'corroborated' });
    expect(events.map((e) => ({ id: e.id, type: e.event }))).toEqual(
      await storedEvents(b, claim.id),
    );
  });

  it('every client of every instance gets the same events', async () => {
    const [onA, onB1, onB2] = [await listen(a), await listen(b), await listen(b)];
    const claim = await createClaim(a.http);
    const seen = await Promise.all(
      [onA, onB1, onB2].map(async (c) =>
        (await c.waitForEvent(about(claim.id))).filter(about(claim.id)),
      ),
    );
    expect(seen[0]).toHaveLength(1);
    expect(seen[0][0]).toMatchObject({ event: 'claim.created', data: { claimId: claim.id } });
    expect(seen[1]).toEqual(seen[0]);
    expect(seen[2]).toEqual(seen[0]);
  });
});

describe('resuming with Last-Event-ID', () => {
  it('gets exactly the missed events, then live ones, with no duplicates', async () => {
    const first = await listen(b);
    const before = await createClaim(a.http);
    const seen = (await first.waitForEvent(about(before.id))).at(-1)!;
    first.close();

    // Missed while disconnected:
    const source = await createSource(a.http);
    const missed1 = await createClaim(a.http, {
      stances: [{ sourceId: source.id, kind: 'denies' }],
    });
    const missed2 = await createClaim(b.http);
    const expected = [
      ['claim.created', missed1.id],
      ['stance.added', missed1.id],
      ['claim.status_changed', missed1.id],
      ['claim.created', missed2.id],
    ];

    const resumed = await listen(b, '/v1/events', { 'Last-Event-ID': seen.id });
    expect(summary(await resumed.waitForEvents(4))).toEqual(expected);
    // And then live, without repeating anything:
    const after = await createClaim(a.http);
    const all = await resumed.waitForEvents(5);
    expect(summary(all)).toEqual([...expected, ['claim.created', after.id]]);
    expect(new Set(all.map((e) => e.id)).size).toBe(all.length);

    // The same position answered by the other instance, as a finite backlog (follow=false):
    const backlog = await listen(a, `/v1/events?follow=false&lastEventId=${seen.id}`);
    expect(await backlog.untilEnd()).toEqual(all);
  });

  it('Last-Event-ID wins over the lastEventId query (EventSource keeps the URL it started with)', async () => {
    const c1 = await createClaim(a.http);
    const c2 = await createClaim(a.http);
    await settled(a);
    const [e1] = await storedEvents(a, c1.id);
    const [e2] = await storedEvents(a, c2.id);
    const res = await request(b.raw)
      .get(`/v1/events?follow=false&lastEventId=${e1.id}&claimId=${c2.id}`)
      .set(auth(b))
      .set('Last-Event-ID', e2.id);
    expect(res.status).toBe(200);
    expect(res.text).not.toContain(`id: ${e2.id}\n`);
    const fromQuery = await request(b.raw)
      .get(`/v1/events?follow=false&lastEventId=${e1.id}&claimId=${c2.id}`)
      .set(auth(b));
    expect(fromQuery.text).toContain(`id: ${e2.id}\n`);
  });

  it('0 starts from the oldest event kept', async () => {
    await settled(a);
    const res = await request(a.raw)
      .get('/v1/events?follow=false')
      .set(auth(a))
      .set('Last-Event-ID', '0');
    expect(res.status).toBe(200);
    const [{ n, first }] = await a.db.query(
      `SELECT count(*)::int AS n, min(id)::text AS first FROM events`,
    );
    expect(res.text.match(/^id: /gm)).toHaveLength(n);
    expect(res.text).toContain(`id: ${first}\n`);
  });

  it('without Last-Event-ID, follow=false has nothing to send and ends', async () => {
    await createClaim(a.http);
    const res = await request(b.raw).get('/v1/events?follow=false').set(auth(b));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(res.text).not.toMatch(/^id: /m);
    expect(res.text).toMatch(/^retry: \d+$/m);
  });

  it('without Last-Event-ID a stream starts now: earlier events are not replayed', async () => {
    const watcher = await listen(b);
    const earlier = await createClaim(a.http);
    // Once another client of B has it, B's reader is past it, and a new client starts after it.
    await watcher.waitForEvent((e) => e.data.claimId === earlier.id);
    const fresh = await listen(b);
    const later = await createClaim(a.http);
    const [first] = await fresh.waitForEvents(1);
    expect(first.data.claimId).toBe(later.id);
  });
});

describe('starting from a moment (since)', () => {
  /** The database's clock once everything written so far has committed. */
  async function momentAfterCommits(t: TestApp): Promise<string> {
    await settled(t);
    const [{ at }] = await t.db.query(
      `SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at`,
    );
    // created_at has millisecond precision: step past the millisecond the clock is in.
    return new Date(Date.parse(at) + 1).toISOString();
  }

  it('sends the events written at or after the moment, not those before, then live ones', async () => {
    const before = await createClaim(a.http);
    const since = await momentAfterCommits(a);
    const after = await createClaim(b.http);
    const source = await createSource(b.http);
    await addStance(b.http, after.id, {
      sourceId: source.id,
      kind: 'asserts',
      statedAt: '2026-12-01T10:00:00Z',
    });
    await settled(a);

    const backlog = await request(a.raw)
      .get('/v1/events')
      .query({ follow: 'false', since })
      .set(auth(a));
    expect(backlog.status).toBe(200);
    expect(backlog.text).not.toContain(before.id);
    const expected = await storedEvents(a, after.id);
    expect(expected.length).toBeGreaterThanOrEqual(2);
    const sent = [...backlog.text.matchAll(/^id: (\d+)$/gm)].map((m) => m[1]);
    for (const e of expected) expect(sent).toContain(e.id);
    // Every event sent was written at or after the moment, unless a transaction overlapped it.
    const [{ early }] = await a.db.query(
      `SELECT count(*)::int AS early FROM events WHERE id = ANY($1::bigint[]) AND created_at < $2`,
      [sent, since],
    );
    expect(early).toBe(0);

    // Followed: the same backlog, narrowed to the claim, then what is written next.
    const client = await listen(
      b,
      `/v1/events?since=${encodeURIComponent(since)}&claimId=${after.id}`,
    );
    const received = await client.waitForEvents(expected.length);
    expect(received.map((e) => e.id)).toEqual(expected.map((e) => e.id));
    await addStance(a.http, after.id, {
      sourceId: source.id,
      kind: 'denies',
      statedAt: '2026-12-02T10:00:00Z',
    });
    const more = await client.waitForEvents(expected.length + 1);
    expect(more.slice(expected.length).map((e) => e.event)).toContain('stance.added');
  });

  it('a moment with nothing after it yet starts now and follows', async () => {
    const since = await momentAfterCommits(a);
    const client = await listen(a, `/v1/events?since=${encodeURIComponent(since)}`);
    const claim = await createClaim(b.http);
    const seen = await client.waitForEvent(about(claim.id));
    expect(seen.at(-1)!.event).toBe('claim.created');
  });

  it('Last-Event-ID wins over since: an EventSource reconnecting resumes where it was', async () => {
    const since = await momentAfterCommits(a);
    const c1 = await createClaim(a.http);
    const c2 = await createClaim(a.http);
    await settled(a);
    const [e1] = await storedEvents(a, c1.id);
    const res = await request(b.raw)
      .get('/v1/events')
      .query({ follow: 'false', since })
      .set(auth(b))
      .set('Last-Event-ID', e1.id);
    expect(res.status).toBe(200);
    expect(res.text).not.toContain(`id: ${e1.id}\n`);
    expect(res.text).toContain(c2.id);
  });

  it('refuses since with lastEventId, a moment not yet come, and one older than the events kept', async () => {
    const now = Date.now();
    expectProblem(
      await request(b.raw)
        .get('/v1/events')
        .query({ since: new Date(now).toISOString(), lastEventId: '0' })
        .set(auth(b)),
      400,
      'VALIDATION_FAILED',
      ['since'],
    );
    expectProblem(
      await request(b.raw)
        .get('/v1/events')
        .query({ since: new Date(now + 3600_000).toISOString() })
        .set(auth(b)),
      400,
      'VALIDATION_FAILED',
      ['since'],
    );
    expectProblem(
      await request(b.raw)
        .get('/v1/events')
        .query({ since: new Date(now - 8 * 24 * 3600_000).toISOString() })
        .set(auth(b)),
      410,
      'EVENTS_EXPIRED',
    );
  });
});

describe('every change a screen shows', () => {
  /** The events about `claimId` after event `afterId`, as the API sends them (a finite backlog). */
  async function eventsAbout(claimId: string, afterId: string) {
    await settled(a);
    const res = await request(b.raw)
      .get(`/v1/events?follow=false&lastEventId=${afterId}&claimId=${claimId}`)
      .set(auth(b));
    expect(res.status).toBe(200);
    return [...res.text.matchAll(/^data: (.*)$/gm)].map(
      (m) => JSON.parse(m[1]) as { type: string; claimId: string; data: Record<string, unknown> },
    );
  }
  const lastId = async (): Promise<string> => {
    await settled(a);
    const [{ id }] = await a.db.query(`SELECT coalesce(max(id), 0)::text AS id FROM events`);
    return id;
  };

  it('verdicts, links added and removed, merges and unmerges, each with what a screen needs', async () => {
    const source = await createSource(a.http);
    const claim = await createClaim(a.http, { statement: 'The ferry sank at dawn.' });
    const other = await createClaim(a.http);
    await addStance(a.http, claim.id, {
      sourceId: source.id,
      kind: 'asserts',
      statedAt: '2026-11-01T06:00:00Z',
    });
    const start = await lastId();

    const review = await request(a.raw)
      .post(`/v1/claims/${claim.id}/reviews`)
      .set(auth(a))
      .send({ verdict: 'mostly_true', rationale: 'One outlet saw it.' });
    expect(review.status).toBe(201);
    const link = await request(a.raw)
      .post(`/v1/claims/${other.id}/links`)
      .set(auth(a))
      .send({ toClaimId: claim.id, kind: 'related' });
    expect(link.status).toBe(201);
    expect((await request(a.raw).delete(`/v1/links/${link.body.id}`).set(auth(a))).status).toBe(
      204,
    );
    const linkData = {
      linkId: link.body.id,
      fromClaimId: other.id,
      toClaimId: claim.id,
      kind: 'related',
    };

    expect((await eventsAbout(claim.id, start)).map((e) => [e.type, e.data])).toEqual([
      [
        'review.recorded',
        {
          reviewId: review.body.id,
          verdict: 'mostly_true',
          statusAtReview: review.body.statusAtReview,
          reviewerKeyId: a.adminKeyId,
        },
      ],
      ['link.added', linkData],
      ['link.removed', linkData],
    ]);
    // The other end of the link hears of it too.
    expect((await eventsAbout(other.id, start)).map((e) => e.type)).toEqual([
      'link.added',
      'link.removed',
    ]);

    const beforeMerge = await lastId();
    const merged = await request(a.raw)
      .post(`/v1/claims/${other.id}/merge`)
      .set(auth(a))
      .send({ into: claim.id });
    expect(merged.status).toBe(200);
    const back = await request(a.raw).post(`/v1/claims/${other.id}/unmerge`).set(auth(a));
    expect(back.status).toBe(200);
    expect(
      (await eventsAbout(other.id, beforeMerge))
        .filter((e) => e.type.startsWith('claim.'))
        .map((e) => [e.type, e.data]),
    ).toEqual([
      ['claim.merged', { into: claim.id, statement: other.statement }],
      ['claim.unmerged', { from: claim.id, statement: other.statement }],
    ]);
  });

  it('a status change names the claim; a source’s new grade is announced once, with what moved', async () => {
    const source = await createSource(a.http, { reliability: 'F' });
    const claim = await createClaim(a.http, { statement: 'The dam held overnight.' });
    const start = await lastId();
    await addStance(a.http, claim.id, {
      sourceId: source.id,
      kind: 'asserts',
      statedAt: '2026-11-02T06:00:00Z',
    });
    const changed = (await eventsAbout(claim.id, start)).find(
      (e) => e.type === 'claim.status_changed',
    );
    expect(changed?.data).toMatchObject({ statement: 'The dam held overnight.' });

    const beforeGrade = await lastId();
    const current = await request(a.raw).get(`/v1/sources/${source.id}`).set(auth(a));
    const patched = await request(a.raw)
      .patch(`/v1/sources/${source.id}`)
      .set(auth(a))
      .set('If-Match', current.headers.etag)
      .send({ reliability: 'B' });
    expect(patched.status).toBe(200);
    await settled(a);
    const res = await request(b.raw)
      .get(`/v1/events?follow=false&lastEventId=${beforeGrade}&types=source.changed`)
      .set(auth(b));
    const sent = [...res.text.matchAll(/^data: (.*)$/gm)]
      .map((m) => JSON.parse(m[1]) as { claimId: string | null; data: Record<string, unknown> })
      .filter((e) => e.data.sourceId === source.id);
    expect(sent).toHaveLength(1);
    expect(sent[0].claimId).toBeNull();
    expect(sent[0].data).toMatchObject({ reliability: 'B', changed: ['reliability'] });
  });

  it('a bulk transaction stays silent about them too', async () => {
    const claim = await createClaim(a.http);
    const other = await createClaim(a.http);
    const start = await lastId();
    await a.db.transaction(async (m) => {
      await m.query(`SET LOCAL claimgraph.bulk = 'on'`);
      await m.query(
        `INSERT INTO claim_links (id, from_claim_id, to_claim_id, kind) VALUES ($1, $2, $3, 'related')`,
        [randomUUID(), other.id, claim.id],
      );
    });
    expect(await eventsAbout(claim.id, start)).toEqual([]);
  });
});

describe('an instance nobody streams from', () => {
  it('reads nothing meanwhile, yet starts a new client at now and resumes an old one without a gap', async () => {
    const idle = await createTestApp({}, { sameDatabaseAs: a });
    try {
      const before = await createClaim(idle.http);
      const [{ id: beforeId }] = await storedEvents(idle, before.id);
      // Writes while nobody streams from this instance: its reader skips them.
      const missed = [await createClaim(idle.http), await createClaim(a.http)];
      await new Promise((r) => setTimeout(r, 50));

      const fresh = await SseClient.open(idle.raw, '/v1/events', auth(idle));
      clients.push(fresh);
      expect(fresh.status).toBe(200);
      const resumed = await SseClient.open(idle.raw, '/v1/events', {
        ...auth(idle),
        'last-event-id': beforeId,
      });
      clients.push(resumed);
      expect(resumed.status).toBe(200);
      const later = await createClaim(a.http);

      const [first] = await fresh.waitForEvents(1);
      expect(first.data.claimId).toBe(later.id);
      const got = await resumed.waitForEvent(about(later.id));
      const created = got.filter((e) => e.event === 'claim.created').map((e) => e.data.claimId);
      expect(created).toEqual(expect.arrayContaining([...missed.map((c) => c.id), later.id]));
      expect(created).not.toContain(before.id);
      expect(new Set(got.map((e) => e.id)).size).toBe(got.length);
      fresh.close();
      resumed.close();
    } finally {
      await idle.close();
    }
  });
});

describe('filters', () => {
  it('claimId and types narrow the stream', async () => {
    const source = await createSource(a.http);
    const mine = await createClaim(a.http);
    const client = await listen(
      b,
      `/v1/events?claimId=${mine.id.toUpperCase()}&types=stance.added,claim.status_changed`,
    );
    // Not mine: another claim's creation, stances and status change.
    await createClaim(a.http, { stances: [{ sourceId: source.id, kind: 'asserts' }] });
    await addStance(a.http, mine.id, { sourceId: source.id, kind: 'asserts' });
    const last = await addStance(a.http, mine.id, { sourceId: source.id, kind: 'reports' });
    const events = await client.waitForEvent((e) => e.data.data.stanceId === last.id);
    expect(events.map((e) => [e.event, e.data.claimId])).toEqual([
      ['stance.added', mine.id],
      ['claim.status_changed', mine.id],
      ['stance.added', mine.id],
    ]);
  });

  it('types may repeat as separate parameters; the backlog is filtered too', async () => {
    const claim = await createClaim(a.http);
    const [created] = await storedEvents(a, claim.id);
    const source = await createSource(a.http);
    await addStance(a.http, claim.id, { sourceId: source.id, kind: 'denies' });
    await settled(a);
    const res = await request(b.raw)
      .get(
        `/v1/events?follow=false&lastEventId=${created.id}&types=claim.status_changed&types=claim.created&claimId=${claim.id}`,
      )
      .set(auth(b));
    expect(res.status).toBe(200);
    expect(res.text.match(/^event: .*$/gm)).toEqual(['event: claim.status_changed']);
  });
});

describe('bad requests change nothing and are problems', () => {
  const counts = async () =>
    (await a.db.query(`SELECT count(*)::int AS n FROM events`))[0].n as number;

  it.each([
    ['abc'],
    ['-1'],
    ['1.5'],
    ['01'],
    [' 1 2'],
    ['99999999999999999999'],
    ['9223372036854775808'],
  ])('Last-Event-ID %j → 400 INVALID_LAST_EVENT_ID', async (value) => {
    const res = await request(b.raw).get('/v1/events').set(auth(b)).set('Last-Event-ID', value);
    expectProblem(res, 400, 'INVALID_LAST_EVENT_ID', ['Last-Event-ID']);
  });

  it('an id never handed out → 400 INVALID_LAST_EVENT_ID (the query form too)', async () => {
    const res = await request(b.raw).get('/v1/events?lastEventId=9223372036854775807').set(auth(b));
    expectProblem(res, 400, 'INVALID_LAST_EVENT_ID', ['lastEventId']);
  });

  it.each([
    ['types=claim.deleted', ['types']],
    ['types=', ['types']],
    ['claimId=not-a-uuid', ['claimId']],
    ['follow=maybe', ['follow']],
    ['lastEventId=1&lastEventId=2', ['lastEventId']],
    ['since=1', ['since']],
    ['since=2026-12-05T08:00:00', ['since']],
  ])('?%s → 400 VALIDATION_FAILED', async (query, fields) => {
    const before = await counts();
    expectProblem(
      await request(b.raw).get(`/v1/events?${query}`).set(auth(b)),
      400,
      'VALIDATION_FAILED',
      fields,
    );
    expect(await counts()).toBe(before);
  });

  it('no key → 401, before any stream starts', async () => {
    const res = await request(b.raw).get('/v1/events');
    expectProblem(res, 401, 'UNAUTHENTICATED');
  });

  it('HEAD answers the headers and ends', async () => {
    const res = await request(b.raw).head('/v1/events').set(auth(b));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
  });
});

describe('events are written by the writer’s own transaction', () => {
  it('a rolled-back insert leaves no event; a committed one has its event at once', async () => {
    const id = randomUUID();
    const runner = a.db.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      await runner.query(`INSERT INTO claims (id, statement) VALUES ($1, 'Rolled back')`, [id]);
      expect(await runner.query(`SELECT type FROM events WHERE claim_id = $1`, [id])).toEqual([
        { type: 'claim.created' },
      ]);
      await runner.rollbackTransaction();
    } finally {
      await runner.release();
    }
    expect(await storedEvents(a, id)).toEqual([]);
  });

  it('a write refused halfway emits nothing; the next one is the next event', async () => {
    const client = await listen(b);
    const since = await mark(client, a);
    const before = await a.db.query(`SELECT count(*)::int AS n FROM events`);
    const refused = await request(a.http)
      .post('/v1/claims')
      .send({
        statement: 'Refused with its stance',
        stances: [{ sourceId: randomUUID(), kind: 'asserts' }],
      });
    expect(refused.status).toBe(422);
    expect(await a.db.query(`SELECT count(*)::int AS n FROM events`)).toEqual(before);
    const next = await createClaim(a.http);
    await client.waitForEvent(about(next.id));
    expect(summary(since())).toEqual([['claim.created', next.id]]);
  });

  it('a bulk transaction (claimgraph.bulk = on) emits no per-row events, only what it emits itself', async () => {
    const client = await listen(b);
    const since = await mark(client, a);
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    const runner = a.db.createQueryRunner();
    await runner.connect();
    let importId: string;
    try {
      await runner.startTransaction();
      await runner.query(`SET LOCAL claimgraph.bulk = 'on'`);
      await runner.query(
        `INSERT INTO claims (id, statement) SELECT unnest($1::uuid[]), 'Imported'`,
        [ids],
      );
      await runner.query(`UPDATE claims SET status = 'unverified' WHERE id = ANY($1::uuid[])`, [
        ids,
      ]);
      [{ id: importId }] = await runner.query(
        `SELECT claimgraph_emit_event('import.completed', NULL, jsonb_build_object('claims', 3))::text AS id`,
      );
      await runner.commitTransaction();
    } finally {
      await runner.release();
    }
    const sentinel = await createClaim(a.http);
    await client.waitForEvent(about(sentinel.id));
    const events = since();
    expect(summary(events)).toEqual([
      ['import.completed', null],
      ['claim.created', sentinel.id],
    ]);
    expect(events[0]).toMatchObject({ id: importId, data: { data: { claims: 3 } } });
    // The setting was local: later writes in other transactions emit as usual (the sentinel did).
    expect(
      await a.db.query(`SELECT count(*)::int AS n FROM events WHERE claim_id = ANY($1::uuid[])`, [
        ids,
      ]),
    ).toEqual([{ n: 0 }]);
  });
});

describe('retention', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('pruned events are 410 EVENTS_EXPIRED to resume from; what is kept still streams', async () => {
    const old = await createClaim(t.http);
    const kept = await createClaim(t.http);
    await settled(t);
    const [oldEvent] = await storedEvents(t, old.id);
    const [keptEvent] = await storedEvents(t, kept.id);
    await t.db.query(`UPDATE events SET created_at = now() - interval '8 days' WHERE id <= $1`, [
      oldEvent.id,
    ]);
    expect(await t.app.get(EventsRepository).deleteEventsOlderThan(7)).toBeGreaterThan(0);
    expect(await storedEvents(t, old.id)).toEqual([]);

    const gone = await request(t.raw)
      .get('/v1/events')
      .set(auth(t))
      .set('Last-Event-ID', oldEvent.id);
    expectProblem(gone, 410, 'EVENTS_EXPIRED');
    const fromStart = await request(t.raw)
      .get('/v1/events?follow=false')
      .set(auth(t))
      .set('Last-Event-ID', '0');
    expect(fromStart.text.match(/^id: .*$/m)?.[0]).toBe(`id: ${keptEvent.id}`);
  });
});

describe('shutting down', () => {
  it('ends open streams, so closing the app does not hang on them', async () => {
    const third = await createTestApp({}, { sameDatabaseAs: a });
    const client = await SseClient.open(third.raw, '/v1/events', auth(third));
    clients.push(client);
    expect(client.status).toBe(200);
    await third.close();
    await client.ended;
    // The other instances keep streaming.
    const still = await listen(a);
    const claim = await createClaim(b.http);
    expect((await still.waitForEvent(about(claim.id))).at(-1)).toMatchObject({
      event: 'claim.created',
    });
  });
});
