import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import request, { type Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CorroborationService } from '../src/corroboration/corroboration.service.js';
import type { ClaimStatus } from '../src/domain/claims.js';
import {
  addStance,
  createClaim,
  createSource,
  getClaim,
  loadFoundingArticle,
} from './factories.js';
import { createTestApp, type TestApp } from './test-app.js';
import { expectProblem } from './problem.js';

/**
 * Editorial review end to end: verdicts beside the computed status, the review queue,
 * the history of every status and score change with `knownAt`, the append-only audit trail, merging
 * duplicate claims (and undoing it), and ClaimReview JSON-LD. Every test asserts the HTTP answer and
 * what the database holds. Requests go to the app itself (`t.raw`) with the key the test names.
 */

const PUBLISHER = {
  PUBLISHER_NAME: 'Example Fact Desk',
  PUBLISHER_URL: 'https://factdesk.example',
  PUBLIC_BASE_URL: 'https://claims.example',
};

let t: TestApp;

interface Key {
  id: string;
  key: string;
}
let editor: Key;
let analyst: Key;
let viewer: Key;

// ------------------------------------------------------------------------------------- helpers

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

interface CallOptions {
  /** The API key's secret; the bootstrap admin's by default. */
  key?: string;
  body?: object;
  requestId?: string;
  query?: Record<string, string | number>;
}

/** One request to the app with exactly this key (and X-Request-Id, when given). */
async function call(method: Method, path: string, opts: CallOptions = {}): Promise<Response> {
  const verb = method.toLowerCase() as 'get' | 'post' | 'patch' | 'delete';
  const agent = request(t.raw);
  const req = agent[verb](path).set('Authorization', `Bearer ${opts.key ?? t.adminKey}`);
  if (opts.requestId) req.set('X-Request-Id', opts.requestId);
  if (opts.query) req.query(opts.query);
  return opts.body === undefined ? await req : await req.send(opts.body);
}

const show = (res: Response): string => `${res.status} ${JSON.stringify(res.body)}`;

function expectStatus(res: Response, status: number): void {
  expect(res.status, show(res)).toBe(status);
}

async function createKey(
  role: 'viewer' | 'analyst' | 'editor' | 'admin',
  name = `${role} ${randomUUID().slice(0, 8)}`,
): Promise<Key> {
  const res = await call('POST', '/v1/api-keys', { body: { name, role } });
  expectStatus(res, 201);
  return { id: res.body.id, key: res.body.key };
}

const unique = (label: string): string => `${label} ${randomUUID().slice(0, 8)}`;
const tagOf = (label: string): string => `${label}-${randomUUID().slice(0, 8)}`;

/** A fresh source nobody else speaks for: every call is its own independence group. */
async function independentSource(fields: Record<string, unknown> = {}): Promise<string> {
  return (
    await createSource(t.http, { name: unique('Independent source'), kind: 'person', ...fields })
  ).id;
}

/** A claim whose stances (each from a fresh, independent source) give it this status. */
async function claimWithStatus(
  status: ClaimStatus,
  fields: Record<string, unknown> = {},
): Promise<any> {
  let stances: Record<string, unknown>[];
  switch (status) {
    case 'unsourced':
      stances = [];
      break;
    case 'unverified':
      stances = [{ sourceId: await independentSource(), kind: 'asserts' }];
      break;
    case 'corroborated':
      stances = [
        { sourceId: await independentSource(), kind: 'asserts' },
        { sourceId: await independentSource(), kind: 'confirms' },
      ];
      break;
    case 'denied':
      stances = [{ sourceId: await independentSource(), kind: 'denies' }];
      break;
    case 'disputed':
      stances = [
        { sourceId: await independentSource(), kind: 'asserts' },
        { sourceId: await independentSource(), kind: 'denies' },
      ];
      break;
    case 'retracted': {
      const sourceId = await independentSource();
      stances = [
        { sourceId, kind: 'asserts', statedAt: '2024-01-01T00:00:00Z' },
        { sourceId, kind: 'retracts', statedAt: '2024-01-02T00:00:00Z' },
      ];
      break;
    }
  }
  const claim = await createClaim(t.http, {
    statement: unique(`A ${status} claim`),
    ...fields,
    stances,
  });
  expect(claim.status).toBe(status);
  return claim;
}

function review(
  claimId: string,
  verdict: string,
  key = editor.key,
  requestId?: string,
): Promise<Response> {
  return call('POST', `/v1/claims/${claimId}/reviews`, {
    key,
    requestId,
    body: { verdict, rationale: `Verdict ${verdict}: the sources were read.` },
  });
}

async function reviewOk(claimId: string, verdict: string, key = editor.key): Promise<any> {
  const res = await review(claimId, verdict, key);
  expectStatus(res, 201);
  return res.body;
}

/** Every page of a list, following nextCursor; fails on a repeated id. */
async function walk(
  path: string,
  query: Record<string, string | number>,
  key?: string,
  idOf: (item: any) => string = (i) => String(i.id),
): Promise<{ items: any[]; pages: number }> {
  const items: any[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const res = await call('GET', path, {
      key,
      query: { ...query, ...(cursor ? { cursor } : {}) },
    });
    expectStatus(res, 200);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
    pages++;
    expect(pages, 'too many pages').toBeLessThan(500);
  } while (cursor);
  const ids = items.map(idOf);
  expect(new Set(ids).size, `duplicates in ${path}`).toBe(ids.length);
  return { items, pages };
}

async function history(claimId: string): Promise<any[]> {
  return (await walk(`/v1/claims/${claimId}/history`, { limit: 200 })).items;
}

function knownAt(claimId: string, at: string): Promise<Response> {
  return call('GET', `/v1/claims/${claimId}/corroboration`, { query: { knownAt: at } });
}

const plusMs = (iso: string, ms: number): string => new Date(Date.parse(iso) + ms).toISOString();
const midpoint = (a: string, b: string): string =>
  new Date((Date.parse(a) + Date.parse(b)) / 2).toISOString();

async function auditOf(query: Record<string, string | number>, key = editor.key): Promise<any[]> {
  const res = await call('GET', '/v1/audit', { key, query: { limit: 200, ...query } });
  expectStatus(res, 200);
  expect(res.body.nextCursor).toBeNull();
  return res.body.items;
}

/** The queue's order as the issue states it: divergent, then disputed, then the rest. */
const queueRank = (c: any): number => (c.review.divergent ? 0 : c.status === 'disputed' ? 1 : 2);

// ---------------------------------------------------------------------------------------- suite

beforeAll(async () => {
  t = await createTestApp(PUBLISHER);
  editor = await createKey('editor', 'desk editor');
  analyst = await createKey('analyst', 'desk analyst');
  viewer = await createKey('viewer', 'desk viewer');
});

afterAll(async () => {
  await t?.close();
});

describe('1. walk-through: trump-request from disputed, through a verdict, back to the editors', () => {
  it('stance → disputed → review → new stances → needs_review, with its history and audit rows', async () => {
    const lines: string[] = [];
    const log = (line: string): void => {
      lines.push(line);
    };
    try {
      const ids = await loadFoundingArticle(t.http);
      const claimId = ids.claims['trump-request'];
      const src = ids.sources;
      const keyName: Record<string, string> = {
        [t.adminKeyId]: 'admin',
        [editor.id]: 'editor',
        [analyst.id]: 'analyst',
      };
      const sourceName: Record<string, string> = Object.fromEntries(
        Object.entries(src).map(([k, v]) => [v, k]),
      );
      const fmt = (n: number | null): string => (n === null ? '—' : n.toFixed(3));
      const tally = (c: any): string =>
        `support ${c.support.groups}/${c.support.sources} refute ${c.refute.groups}/${c.refute.sources}`;
      const short = (id: string | null): string => (id ? id.slice(0, 8) : '—');
      log(`WALK-THROUGH trump-request ${claimId}`);

      // Loaded: Fazaeli asserts, Ghassemi (Iran's government) confirms, the White House denies.
      const loaded = await getClaim(t.http, claimId);
      expect(loaded).toMatchObject({
        status: 'disputed',
        support: { groups: 2, sources: 2 },
        refute: { groups: 1, sources: 1 },
        review: {
          state: 'unreviewed',
          verdict: null,
          divergent: false,
          reviewedAt: null,
          reviewedByKeyId: null,
        },
      });
      log(
        `1. loaded the founding article: status=${loaded.status} score=${fmt(loaded.score)} ${tally(loaded)} review.state=${loaded.review.state}`,
      );

      // An editor gives a verdict beside the computed status.
      const reviewRes = await call('POST', `/v1/claims/${claimId}/reviews`, {
        key: editor.key,
        requestId: 'walk-review',
        body: {
          verdict: 'mostly_true',
          rationale:
            'Iran’s Foreign Ministry confirmed the request on the record; the White House denial names no detail.',
        },
      });
      expectStatus(reviewRes, 201);
      expect(reviewRes.headers['x-request-id']).toBe('walk-review');
      expect(reviewRes.headers.location).toBe(`/v1/claims/${claimId}/reviews`);
      const verdict = reviewRes.body;
      expect(verdict).toMatchObject({
        claimId,
        verdict: 'mostly_true',
        reviewerKeyId: editor.id,
        statusAtReview: 'disputed',
        scoreAtReview: loaded.score,
        divergent: false,
      });
      log(
        `2. POST /v1/claims/{id}/reviews as editor (X-Request-Id walk-review) → ${reviewRes.status} verdict=${verdict.verdict} statusAtReview=${verdict.statusAtReview} divergent=${verdict.divergent}`,
      );

      const reviewed = await getClaim(t.http, claimId);
      expect(reviewed.review).toEqual({
        state: 'reviewed',
        verdict: 'mostly_true',
        divergent: false,
        reviewedAt: verdict.createdAt,
        reviewedByKeyId: editor.id,
      });
      expect(reviewed.status).toBe('disputed');
      const [storedReview] = await t.db.query(
        `SELECT verdict, rationale, reviewer_key_id, status_at_review FROM claim_reviews WHERE id = $1 AND claim_id = $2`,
        [verdict.id, claimId],
      );
      expect(storedReview).toMatchObject({
        verdict: 'mostly_true',
        reviewer_key_id: editor.id,
        status_at_review: 'disputed',
      });
      log(`3. GET claim → status=${reviewed.status} review=${JSON.stringify(reviewed.review)}`);

      // Fazaeli, who broke the story, retracts it: still disputed (Iran's confirmation against the
      // White House denial), the score falls, and the verdict still stands.
      const retract1 = await call('POST', `/v1/claims/${claimId}/stances`, {
        key: analyst.key,
        requestId: 'walk-stance-1',
        body: {
          sourceId: src['fazaeli'],
          kind: 'retracts',
          statedAt: '2017-10-31T09:00:00Z',
          note: 'Withdrew his article.',
        },
      });
      expectStatus(retract1, 201);
      const afterRetract1 = await getClaim(t.http, claimId);
      expect(afterRetract1.status).toBe('disputed');
      expect(afterRetract1.score).toBeLessThan(reviewed.score);
      expect(afterRetract1.review.state).toBe('reviewed');
      log(
        `4. POST stance fazaeli retracts as analyst (walk-stance-1) → ${retract1.status}; status=${afterRetract1.status} score=${fmt(afterRetract1.score)} ${tally(afterRetract1)} review.state=${afterRetract1.review.state} (status did not move)`,
      );

      await sleep(10);
      // Ghassemi retracts too: nobody supports the claim any more, the White House denies it.
      const retract2 = await call('POST', `/v1/claims/${claimId}/stances`, {
        key: analyst.key,
        requestId: 'walk-stance-2',
        body: {
          sourceId: src['ghassemi'],
          kind: 'retracts',
          statedAt: '2017-11-01T10:00:00Z',
          viaSourceId: src['al-monitor'],
        },
      });
      expectStatus(retract2, 201);
      const afterRetract2 = await getClaim(t.http, claimId);
      expect(afterRetract2).toMatchObject({
        status: 'denied',
        support: { groups: 0, sources: 0 },
        refute: { groups: 1, sources: 1 },
        review: {
          state: 'needs_review',
          verdict: 'mostly_true',
          divergent: true,
          reviewedAt: verdict.createdAt,
          reviewedByKeyId: editor.id,
        },
      });
      const [storedClaim] = await t.db.query(
        `SELECT status, review_state, review_verdict, review_divergent, review_priority FROM claims WHERE id = $1`,
        [claimId],
      );
      expect(storedClaim).toEqual({
        status: 'denied',
        review_state: 'needs_review',
        review_verdict: 'mostly_true',
        review_divergent: true,
        review_priority: 0,
      });
      log(
        `5. POST stance ghassemi retracts as analyst (walk-stance-2) → ${retract2.status}; status=${afterRetract2.status} score=${fmt(afterRetract2.score)} ${tally(afterRetract2)} review=${JSON.stringify(afterRetract2.review)}`,
      );

      // It is now the first thing an editor should look at.
      const queue = await call('GET', '/v1/reviews/queue', {
        key: viewer.key,
        query: { limit: 3 },
      });
      expectStatus(queue, 200);
      expect(queue.body.items[0].id).toBe(claimId);
      log(
        `6. GET /v1/reviews/queue → first: ${queue.body.items[0].id} (${queue.body.items[0].status}, divergent=${queue.body.items[0].review.divergent})`,
      );

      // The history: each status or score change, what caused it, who, in which request.
      const stances = (await walk(`/v1/claims/${claimId}/stances`, { limit: 200 })).items;
      const stanceOf = (source: string, kind: string): string =>
        stances.find((s) => s.sourceId === src[source] && s.kind === kind)!.id;
      const rows = await history(claimId);
      expect(rows.map((h) => [h.cause, h.causeId, h.fromStatus, h.toStatus])).toEqual([
        ['claim_created', claimId, null, 'unsourced'],
        ['stance_added', stanceOf('fazaeli', 'asserts'), 'unsourced', 'unverified'],
        ['stance_added', stanceOf('ghassemi', 'confirms'), 'unverified', 'corroborated'],
        ['stance_added', stanceOf('white-house', 'denies'), 'corroborated', 'disputed'],
        ['stance_added', retract1.body.id, 'disputed', 'disputed'],
        ['stance_added', retract2.body.id, 'disputed', 'denied'],
      ]);
      expect(rows[0]).toMatchObject({
        fromScore: null,
        toScore: 0.5,
        support: { groups: 0, sources: 0 },
        refute: { groups: 0, sources: 0 },
      });
      for (let i = 1; i < rows.length; i++) {
        expect(rows[i].fromStatus).toBe(rows[i - 1].toStatus);
        expect(rows[i].fromScore).toBe(rows[i - 1].toScore);
        expect(Date.parse(rows[i].changedAt)).toBeGreaterThanOrEqual(
          Date.parse(rows[i - 1].changedAt),
        );
      }
      expect(rows[3]).toMatchObject({
        toScore: loaded.score,
        support: loaded.support,
        refute: loaded.refute,
        keyId: t.adminKeyId,
      });
      expect(rows[4]).toMatchObject({
        toScore: afterRetract1.score,
        keyId: analyst.id,
        requestId: 'walk-stance-1',
      });
      expect(rows[5]).toMatchObject({
        toScore: afterRetract2.score,
        support: afterRetract2.support,
        refute: afterRetract2.refute,
        keyId: analyst.id,
        requestId: 'walk-stance-2',
      });
      for (const h of rows.slice(0, 4)) expect(h.requestId).toEqual(expect.any(String));
      const storedHistory = await t.db.query(
        `SELECT id::int AS id, cause, to_status FROM claim_history WHERE claim_id = $1 ORDER BY id`,
        [claimId],
      );
      expect(storedHistory.map((h: any) => [h.id, h.cause, h.to_status])).toEqual(
        rows.map((h) => [h.id, h.cause, h.toStatus]),
      );
      log('7. GET /v1/claims/{id}/history:');
      for (const h of rows) {
        log(
          `   #${h.id} ${h.changedAt} ${h.fromStatus ?? '∅'} → ${h.toStatus}  score ${fmt(h.fromScore)} → ${fmt(h.toScore)}  ${tally(h)}  cause=${h.cause} causeId=${short(h.causeId)} key=${keyName[h.keyId] ?? h.keyId} requestId=${h.requestId}`,
        );
      }

      // knownAt: what Claimgraph showed between the two retractions.
      const between = midpoint(rows[4].changedAt, rows[5].changedAt);
      const then = await knownAt(claimId, between);
      expectStatus(then, 200);
      expect(then.body).toMatchObject({
        knownAt: between,
        asOf: null,
        status: 'disputed',
        score: afterRetract1.score,
        groups: [],
      });
      log(
        `8. GET corroboration?knownAt=${between} → status=${then.body.status} score=${fmt(then.body.score)}`,
      );

      // The audit trail: the claim's creation, the verdict, and every stance on it.
      const audit = [
        ...(await auditOf({ entityId: claimId })),
        ...(await auditOf({ entityId: verdict.id })),
        ...(await Promise.all(stances.map((s) => auditOf({ entityId: s.id })))).flat(),
      ].sort((a, b) => a.id - b.id);
      expect(audit.map((a) => [a.action, a.entityType])).toEqual([
        ['create', 'claim'],
        ['create', 'stance'],
        ['create', 'stance'],
        ['create', 'stance'],
        ['review', 'review'],
        ['create', 'stance'],
        ['create', 'stance'],
      ]);
      const claimCreate = audit[0];
      expect(claimCreate).toMatchObject({
        entityId: claimId,
        keyId: t.adminKeyId,
        requestId: rows[0].requestId,
        before: null,
      });
      expect(claimCreate.after).toMatchObject({
        id: claimId,
        statement: loaded.statement,
        status: 'unsourced',
      });
      const reviewEntry = audit[4];
      expect(reviewEntry).toMatchObject({
        entityId: verdict.id,
        keyId: editor.id,
        requestId: 'walk-review',
        before: null,
      });
      expect(reviewEntry.after.review).toMatchObject({
        id: verdict.id,
        claimId,
        verdict: 'mostly_true',
        rationale: verdict.rationale,
      });
      expect(reviewEntry.after.claim).toMatchObject({
        id: claimId,
        status: 'disputed',
        review: { state: 'reviewed', verdict: 'mostly_true' },
      });
      expect(audit[5]).toMatchObject({
        entityId: retract1.body.id,
        keyId: analyst.id,
        requestId: 'walk-stance-1',
        before: null,
      });
      expect(audit[5].after).toMatchObject({
        claimId,
        sourceId: src['fazaeli'],
        kind: 'retracts',
        statedAt: '2017-10-31T09:00:00.000Z',
      });
      expect(audit[6]).toMatchObject({
        entityId: retract2.body.id,
        keyId: analyst.id,
        requestId: 'walk-stance-2',
        before: null,
      });
      expect(audit[6].after).toMatchObject({ kind: 'retracts', sourceId: src['ghassemi'] });
      log('9. GET /v1/audit?entityId=… (the claim, the verdict, each stance):');
      for (const a of audit) {
        const what =
          a.entityType === 'claim'
            ? `after.status=${a.after.status}`
            : a.entityType === 'review'
              ? `after.review.verdict=${a.after.review.verdict} after.claim.review.state=${a.after.claim.review.state}`
              : `after: ${sourceName[a.after.sourceId]} ${a.after.kind} ${a.after.statedAt}`;
        log(
          `   #${a.id} ${a.at} ${a.action} ${a.entityType} ${short(a.entityId)} key=${keyName[a.keyId] ?? a.keyId} requestId=${a.requestId} before=${a.before === null ? 'null' : '{…}'} ${what}`,
        );
      }
    } finally {
      console.log(lines.join('\n'));
    }
  });
});

describe('2. verdicts', () => {
  it('only editors and admins record verdicts: analyst and viewer get 403 and nothing is stored', async () => {
    const claim = await claimWithStatus('unverified');
    expectProblem(await review(claim.id, 'true', analyst.key), 403, 'FORBIDDEN');
    expectProblem(await review(claim.id, 'true', viewer.key), 403, 'FORBIDDEN');
    const none = await request(t.raw)
      .post(`/v1/claims/${claim.id}/reviews`)
      .send({ verdict: 'true', rationale: 'x' });
    expectProblem(none, 401, 'UNAUTHENTICATED');
    expect(
      await t.db.query('SELECT count(*)::int AS n FROM claim_reviews WHERE claim_id = $1', [
        claim.id,
      ]),
    ).toEqual([{ n: 0 }]);
    expect((await getClaim(t.http, claim.id)).review.state).toBe('unreviewed');

    const byAdmin = await review(claim.id, 'true', t.adminKey);
    expectStatus(byAdmin, 201);
    expect(byAdmin.body.reviewerKeyId).toBe(t.adminKeyId);
  });

  it('refuses an invalid verdict, a blank rationale and unknown fields with 400, storing nothing', async () => {
    const claim = await claimWithStatus('disputed');
    const path = `/v1/claims/${claim.id}/reviews`;
    for (const body of [
      { verdict: 'pants_on_fire', rationale: 'x' },
      { verdict: 'TRUE', rationale: 'x' },
      { verdict: null, rationale: 'x' },
      { rationale: 'x' },
      { verdict: 'true' },
      { verdict: 'true', rationale: '   ' },
      { verdict: 'true', rationale: 'x', reviewerKeyId: editor.id },
    ]) {
      const res = await call('POST', path, { key: editor.key, body });
      expectProblem(res, 400, 'VALIDATION_FAILED');
    }
    expect(
      await t.db.query('SELECT count(*)::int AS n FROM claim_reviews WHERE claim_id = $1', [
        claim.id,
      ]),
    ).toEqual([{ n: 0 }]);
    const [row] = await t.db.query(
      'SELECT review_state, review_verdict FROM claims WHERE id = $1',
      [claim.id],
    );
    expect(row).toEqual({ review_state: 'unreviewed', review_verdict: null });
  });

  it('answers 404 for a missing claim and 400 for a malformed id', async () => {
    const missing = randomUUID();
    expectProblem(await review(missing, 'true'), 404, 'CLAIM_NOT_FOUND');
    expectProblem(await review('not-a-uuid', 'true'), 400, 'INVALID_ID');
    expectProblem(await call('GET', `/v1/claims/${missing}/reviews`), 404, 'CLAIM_NOT_FOUND');
    expect(
      await t.db.query('SELECT count(*)::int AS n FROM claim_reviews WHERE claim_id = $1', [
        missing,
      ]),
    ).toEqual([{ n: 0 }]);
  });

  it('flags `true` on a denied claim as divergent, in the answer and in the stored rows', async () => {
    const claim = await claimWithStatus('denied');
    const res = await review(claim.id, 'true');
    expectStatus(res, 201);
    expect(res.body).toMatchObject({
      verdict: 'true',
      statusAtReview: 'denied',
      divergent: true,
      reviewerKeyId: editor.id,
    });
    const after = await getClaim(t.http, claim.id);
    expect(after.review).toMatchObject({
      state: 'reviewed',
      verdict: 'true',
      divergent: true,
      reviewedByKeyId: editor.id,
    });
    expect(after.status).toBe('denied');
    const [row] = await t.db.query(
      'SELECT review_state, review_verdict, review_divergent, review_priority, reviewed_by_key_id FROM claims WHERE id = $1',
      [claim.id],
    );
    expect(row).toEqual({
      review_state: 'reviewed',
      review_verdict: 'true',
      review_divergent: true,
      review_priority: 0,
      reviewed_by_key_id: editor.id,
    });
    const [stored] = await t.db.query(
      'SELECT verdict, status_at_review, score_at_review FROM claim_reviews WHERE id = $1',
      [res.body.id],
    );
    expect(stored).toMatchObject({ verdict: 'true', status_at_review: 'denied' });
    expect(Number(stored.score_at_review)).toBeCloseTo(claim.score, 12);
  });

  it('flags `false` on a corroborated claim as divergent, and `true` on a retracted one', async () => {
    const corroborated = await claimWithStatus('corroborated');
    const res = await review(corroborated.id, 'false');
    expectStatus(res, 201);
    expect(res.body.divergent).toBe(true);
    expect((await getClaim(t.http, corroborated.id)).review.divergent).toBe(true);
    expect(
      await t.db.query('SELECT review_divergent FROM claims WHERE id = $1', [corroborated.id]),
    ).toEqual([{ review_divergent: true }]);

    const retracted = await claimWithStatus('retracted');
    const res2 = await review(retracted.id, 'mostly_true');
    expect(res2.body.divergent).toBe(true);
    expect(
      await t.db.query('SELECT review_divergent FROM claims WHERE id = $1', [retracted.id]),
    ).toEqual([{ review_divergent: true }]);

    // The same verdicts agree with the evidence elsewhere.
    const supported = await claimWithStatus('corroborated');
    expect((await reviewOk(supported.id, 'true')).divergent).toBe(false);
  });

  it('never flags `mixed` as divergent, whatever the status', async () => {
    const statuses: ClaimStatus[] = [
      'unsourced',
      'disputed',
      'denied',
      'corroborated',
      'retracted',
      'unverified',
    ];
    for (const status of statuses) {
      const claim = await claimWithStatus(status);
      const res = await review(claim.id, 'mixed');
      expectStatus(res, 201);
      expect(res.body.divergent, status).toBe(false);
      expect((await getClaim(t.http, claim.id)).review, status).toMatchObject({
        state: 'reviewed',
        verdict: 'mixed',
        divergent: false,
      });
      expect(
        await t.db.query('SELECT review_divergent FROM claims WHERE id = $1', [claim.id]),
        status,
      ).toEqual([{ review_divergent: false }]);
    }
  });

  it("lists a claim's verdicts newest first, page by page; the claim shows the latest", async () => {
    const claim = await claimWithStatus('disputed');
    const given: any[] = [];
    for (const [verdict, key] of [
      ['unproven', editor.key],
      ['mixed', t.adminKey],
      ['mostly_false', editor.key],
    ] as const) {
      given.push(await reviewOk(claim.id, verdict, key));
      await sleep(5);
    }
    const list = await call('GET', `/v1/claims/${claim.id}/reviews`, { key: viewer.key });
    expectStatus(list, 200);
    expect(list.body.items.map((r: any) => r.verdict)).toEqual([
      'mostly_false',
      'mixed',
      'unproven',
    ]);
    expect(list.body.items.map((r: any) => r.reviewerKeyId)).toEqual([
      editor.id,
      t.adminKeyId,
      editor.id,
    ]);
    expect(list.body.items).toEqual([...given].reverse());
    expect(list.body.nextCursor).toBeNull();

    const paged = await walk(`/v1/claims/${claim.id}/reviews`, { limit: 1 }, viewer.key);
    expect(paged.pages).toBe(3);
    expect(paged.items.map((r) => r.id)).toEqual(list.body.items.map((r: any) => r.id));

    const stored = await t.db.query(
      'SELECT id FROM claim_reviews WHERE claim_id = $1 ORDER BY created_at DESC, id DESC',
      [claim.id],
    );
    expect(stored.map((r: any) => r.id)).toEqual(list.body.items.map((r: any) => r.id));
    expect((await getClaim(t.http, claim.id)).review).toMatchObject({
      state: 'reviewed',
      verdict: 'mostly_false',
      reviewedByKeyId: editor.id,
      reviewedAt: given[2].createdAt,
    });
  });

  it('follows the evidence: when the status moves the claim needs review again, and divergence follows the new status', async () => {
    const sourceId = await independentSource();
    const claim = await createClaim(t.http, {
      stances: [{ sourceId, kind: 'asserts', statedAt: '2024-02-01T00:00:00Z' }],
    });
    expect(claim.status).toBe('unverified');
    expect((await reviewOk(claim.id, 'true')).divergent).toBe(false);

    // A correction that leaves the status alone keeps the verdict current.
    const stanceId = claim.stances[0].id;
    expectStatus(
      await call('PATCH', `/v1/stances/${stanceId}`, { body: { note: 'Typo fixed.' } }),
      200,
    );
    expect((await getClaim(t.http, claim.id)).review.state).toBe('reviewed');

    // The only supporter changes its mind: denied, and `true` now contradicts the evidence.
    await addStance(t.http, claim.id, {
      sourceId,
      kind: 'denies',
      statedAt: '2024-02-02T00:00:00Z',
    });
    const denied = await getClaim(t.http, claim.id);
    expect(denied).toMatchObject({
      status: 'denied',
      review: { state: 'needs_review', verdict: 'true', divergent: true },
    });
    expect(
      await t.db.query(
        'SELECT review_state, review_divergent, review_priority FROM claims WHERE id = $1',
        [claim.id],
      ),
    ).toEqual([{ review_state: 'needs_review', review_divergent: true, review_priority: 0 }]);

    // A new verdict settles it again.
    expect((await reviewOk(claim.id, 'false')).divergent).toBe(false);
    expect((await getClaim(t.http, claim.id)).review).toMatchObject({
      state: 'reviewed',
      verdict: 'false',
      divergent: false,
    });
  });
});

describe('3. the review queue', () => {
  const tag = tagOf('queue');
  const c: Record<string, any> = {};

  beforeAll(async () => {
    const tags = [tag, 'queue-suite'];
    // Reviewed early; its status moves last (below), so it needs review again.
    c.needsReview = await claimWithStatus('unverified', {
      tags,
      statement: unique('Needs review again'),
    });
    await reviewOk(c.needsReview.id, 'mostly_true');
    c.reviewedPlain = await claimWithStatus('unverified', {
      tags,
      statement: unique('Reviewed, agrees'),
    });
    await reviewOk(c.reviewedPlain.id, 'mostly_true');
    c.reviewedDisputed = await claimWithStatus('disputed', {
      tags,
      statement: unique('Reviewed disputed'),
    });
    await reviewOk(c.reviewedDisputed.id, 'mixed');
    c.divergent = await claimWithStatus('denied', {
      tags,
      statement: unique('Reviewed, contradicts'),
    });
    await reviewOk(c.divergent.id, 'true');
    c.disputed = await claimWithStatus('disputed', {
      tags,
      statement: unique('Unreviewed disputed'),
    });
    await sleep(5);
    c.unverified = await claimWithStatus('unverified', {
      tags,
      statement: unique('Unreviewed unverified'),
    });
    await sleep(5);
    c.unsourced = await claimWithStatus('unsourced', {
      tags,
      statement: unique('Unreviewed unsourced'),
    });
    await sleep(5);
    await addStance(t.http, c.needsReview.id, {
      sourceId: await independentSource(),
      kind: 'confirms',
    });
    expect((await getClaim(t.http, c.needsReview.id)).review.state).toBe('needs_review');
    // A duplicate merged away leaves the queue.
    c.merged = await claimWithStatus('disputed', { tags, statement: unique('Merged duplicate') });
    const survivor = await claimWithStatus('unsourced', {
      statement: unique('Queue merge survivor'),
    });
    expectStatus(
      await call('POST', `/v1/claims/${c.merged.id}/merge`, {
        key: editor.key,
        body: { into: survivor.id },
      }),
      200,
    );
  });

  const expectedOrder = (): string[] => [
    c.divergent.id,
    c.disputed.id,
    c.needsReview.id,
    c.unsourced.id,
    c.unverified.id,
  ];

  it('holds unreviewed, needs_review and divergent claims, divergent first, then disputed, then by latest status change', async () => {
    const res = await call('GET', '/v1/reviews/queue', { key: viewer.key, query: { tag } });
    expectStatus(res, 200);
    expect(res.body.nextCursor).toBeNull();
    expect(res.body.items.map((i: any) => i.id)).toEqual(expectedOrder());
    expect(res.body.items.map((i: any) => [i.review.state, i.status, i.review.divergent])).toEqual([
      ['reviewed', 'denied', true],
      ['unreviewed', 'disputed', false],
      ['needs_review', 'corroborated', false],
      ['unreviewed', 'unsourced', false],
      ['unreviewed', 'unverified', false],
    ]);
    const rest = res.body.items.slice(2).map((i: any) => Date.parse(i.statusChangedAt));
    expect(rest).toEqual([...rest].sort((a, b) => b - a));
    for (const excluded of [c.reviewedPlain.id, c.reviewedDisputed.id, c.merged.id]) {
      expect(res.body.items.map((i: any) => i.id)).not.toContain(excluded);
    }
    const stored = await t.db.query(
      'SELECT id, review_priority FROM claims WHERE id = ANY($1::uuid[])',
      [expectedOrder()],
    );
    const priority = Object.fromEntries(stored.map((r: any) => [r.id, r.review_priority]));
    expect(expectedOrder().map((id) => priority[id])).toEqual([0, 1, 2, 2, 2]);
  });

  it('filters by status and tag (tags match case-insensitively)', async () => {
    const ids = async (query: Record<string, string>): Promise<string[]> => {
      const res = await call('GET', '/v1/reviews/queue', { key: viewer.key, query });
      expectStatus(res, 200);
      return res.body.items.map((i: any) => i.id);
    };
    expect(await ids({ tag, status: 'disputed' })).toEqual([c.disputed.id]);
    expect(await ids({ tag, status: 'unverified' })).toEqual([c.unverified.id]);
    expect(await ids({ tag, status: 'denied' })).toEqual([c.divergent.id]);
    expect(await ids({ tag, status: 'retracted' })).toEqual([]);
    expect(await ids({ tag: tag.toUpperCase() })).toEqual(expectedOrder());
    expect(await ids({ tag: tagOf('nobody') })).toEqual([]);
    for (const id of await ids({ status: 'disputed', limit: '200' })) {
      expect((await getClaim(t.http, id)).status).toBe('disputed');
    }
    expectProblem(
      await call('GET', '/v1/reviews/queue', { query: { status: 'bogus' } }),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('walks with limit=1 through every entry once, in order; a cursor belongs to its filter', async () => {
    const walked = await walk('/v1/reviews/queue', { tag, limit: 1 }, viewer.key);
    expect(walked.items.map((i) => i.id)).toEqual(expectedOrder());

    const first = await call('GET', '/v1/reviews/queue', { query: { tag, limit: 1 } });
    const cursor = first.body.nextCursor as string;
    expect(cursor).toEqual(expect.any(String));
    expectProblem(
      await call('GET', '/v1/reviews/queue', { query: { tag, status: 'disputed', cursor } }),
      400,
      'INVALID_CURSOR',
    );
    expectProblem(
      await call('GET', '/v1/reviews/queue', { query: { cursor: 'garbage' } }),
      400,
      'INVALID_CURSOR',
    );
  });

  it('the whole queue is exactly the live claims that are unreviewed, need review or diverge, in queue order', async () => {
    const queue = (await walk('/v1/reviews/queue', { limit: 1 })).items;
    const all = (await walk('/v1/claims', { limit: 200 })).items;
    const due = all
      .filter((x) => x.review.state !== 'reviewed' || x.review.divergent)
      .map((x) => x.id);
    expect(new Set(queue.map((q) => q.id))).toEqual(new Set(due));
    for (let i = 1; i < queue.length; i++) {
      const [a, b] = [queue[i - 1], queue[i]];
      expect(queueRank(a), `${a.id} before ${b.id}`).toBeLessThanOrEqual(queueRank(b));
      if (queueRank(a) === queueRank(b))
        expect(Date.parse(a.statusChangedAt)).toBeGreaterThanOrEqual(Date.parse(b.statusChangedAt));
    }
    expect(queue.map((q) => q.id)).not.toContain(c.merged.id);
    const merged = await t.db.query('SELECT id FROM claims WHERE merged_into_id IS NOT NULL');
    for (const { id } of merged) expect(queue.map((q) => q.id)).not.toContain(id);
  });
});

describe('4. history and knownAt', () => {
  it('keeps every status and score change with its cause; knownAt answers what was shown then, corrections included', async () => {
    const s1 = await independentSource({ reliability: 'C' });
    const s2 = await independentSource({ reliability: 'C' });
    const claim = await createClaim(t.http, { statement: unique('History claim') });
    const id = claim.id;
    await sleep(15);
    const st1 = await call('POST', `/v1/claims/${id}/stances`, {
      key: analyst.key,
      requestId: 'hist-1',
      body: { sourceId: s1, kind: 'asserts' },
    });
    expectStatus(st1, 201);
    await sleep(15);
    const st2 = await call('POST', `/v1/claims/${id}/stances`, {
      key: analyst.key,
      requestId: 'hist-2',
      body: { sourceId: s2, kind: 'confirms' },
    });
    expectStatus(st2, 201);
    const corroborated = await getClaim(t.http, id);
    expect(corroborated.status).toBe('corroborated');
    await sleep(15);

    let rows = await history(id);
    expect(rows.map((h) => [h.cause, h.fromStatus, h.toStatus, h.causeId, h.requestId])).toEqual([
      ['claim_created', null, 'unsourced', id, expect.any(String)],
      ['stance_added', 'unsourced', 'unverified', st1.body.id, 'hist-1'],
      ['stance_added', 'unverified', 'corroborated', st2.body.id, 'hist-2'],
    ]);
    expect(rows[1]).toMatchObject({
      keyId: analyst.id,
      support: { groups: 1, sources: 1 },
      refute: { groups: 0, sources: 0 },
    });
    const unverifiedScore = rows[1].toScore;

    // Between the two stances: the earlier values, without groups (the history keeps none).
    const between = midpoint(rows[1].changedAt, rows[2].changedAt);
    const mid = await knownAt(id, between);
    expectStatus(mid, 200);
    expect(mid.body).toMatchObject({
      claimId: id,
      asOf: null,
      knownAt: between,
      status: 'unverified',
      score: unverifiedScore,
      support: { groups: 1, sources: 1 },
      refute: { groups: 0, sources: 0 },
      groups: [],
    });
    expect(mid.body.summary).toEqual(expect.any(String));
    // At the very moment of a change, the change is known.
    expect((await knownAt(id, rows[2].changedAt)).body).toMatchObject({
      status: 'corroborated',
      score: corroborated.score,
      support: { groups: 2, sources: 2 },
    });
    // Before the claim existed, nothing was known.
    expectProblem(await knownAt(id, plusMs(rows[0].changedAt, -1)), 404, 'CLAIM_NOT_FOUND');
    expectProblem(await knownAt(id, '2000-01-01T00:00:00Z'), 404, 'CLAIM_NOT_FOUND');

    // A correction: the second source denied it, it was mis-entered as a confirmation.
    const corrected = await call('PATCH', `/v1/stances/${st2.body.id}`, {
      key: editor.key,
      requestId: 'hist-3',
      body: { kind: 'denies' },
    });
    expectStatus(corrected, 200);
    await sleep(15);
    const deleted = await call('DELETE', `/v1/stances/${st1.body.id}`, {
      key: editor.key,
      requestId: 'hist-4',
    });
    expectStatus(deleted, 204);
    await sleep(15);
    const regraded = await call('PATCH', `/v1/sources/${s2}`, {
      key: editor.key,
      requestId: 'hist-5',
      body: { reliability: 'A' },
    });
    expectStatus(regraded, 200);
    const now = await getClaim(t.http, id);
    expect(now.status).toBe('denied');

    rows = await history(id);
    expect(
      rows
        .slice(3)
        .map((h) => [h.cause, h.fromStatus, h.toStatus, h.causeId, h.keyId, h.requestId]),
    ).toEqual([
      ['stance_corrected', 'corroborated', 'disputed', st2.body.id, editor.id, 'hist-3'],
      ['stance_deleted', 'disputed', 'denied', st1.body.id, editor.id, 'hist-4'],
      ['source_changed', 'denied', 'denied', s2, editor.id, 'hist-5'],
    ]);
    expect(rows[5].toScore).toBeLessThan(rows[5].fromScore);
    expect(rows[5]).toMatchObject({ toScore: now.score, support: now.support, refute: now.refute });
    const stored = await t.db.query(
      'SELECT cause, from_status, to_status, cause_id, key_id, request_id FROM claim_history WHERE claim_id = $1 ORDER BY id',
      [id],
    );
    expect(
      stored.map((r: any) => [
        r.cause,
        r.from_status,
        r.to_status,
        r.cause_id,
        r.key_id,
        r.request_id,
      ]),
    ).toEqual(
      rows.map((h) => [h.cause, h.fromStatus, h.toStatus, h.causeId, h.keyId, h.requestId]),
    );

    // Before the correction, the system had shown it as corroborated, and it still says so.
    expect((await knownAt(id, midpoint(rows[2].changedAt, rows[3].changedAt))).body).toMatchObject({
      status: 'corroborated',
      score: corroborated.score,
    });
    expect((await knownAt(id, midpoint(rows[3].changedAt, rows[4].changedAt))).body).toMatchObject({
      status: 'disputed',
      score: rows[3].toScore,
      support: { groups: 1, sources: 1 },
      refute: { groups: 1, sources: 1 },
    });
    expect((await knownAt(id, midpoint(rows[4].changedAt, rows[5].changedAt))).body).toMatchObject({
      status: 'denied',
      score: rows[4].toScore,
    });
    // While asOf (the story) still sees only what the stances say now.
    expect(
      (
        await call('GET', `/v1/claims/${id}/corroboration`, {
          query: { asOf: plusMs(rows[2].changedAt, 1) },
        })
      ).body.status,
    ).toBe('denied');
  });

  it('refuses asOf and knownAt together, and a malformed knownAt, with 400', async () => {
    const claim = await claimWithStatus('unverified');
    const both = await call('GET', `/v1/claims/${claim.id}/corroboration`, {
      query: { asOf: '2024-01-01T00:00:00Z', knownAt: '2024-01-01T00:00:00Z' },
    });
    expectProblem(both, 400, 'VALIDATION_FAILED');
    expect(both.body.errors).toEqual([expect.objectContaining({ field: 'knownAt' })]);
    expectProblem(await knownAt(claim.id, 'last tuesday'), 400, 'VALIDATION_FAILED');
  });

  it('answers for a deleted claim: its history ends with claim_deleted; knownAt before the deletion has the values, after it 404', async () => {
    const claim = await claimWithStatus('unverified');
    await sleep(15);
    const del = await call('DELETE', `/v1/claims/${claim.id}`, {
      key: editor.key,
      requestId: 'hist-del',
    });
    expectStatus(del, 204);
    expectProblem(await call('GET', `/v1/claims/${claim.id}`), 404, 'CLAIM_NOT_FOUND');
    expectProblem(
      await call('GET', `/v1/claims/${claim.id}/corroboration`),
      404,
      'CLAIM_NOT_FOUND',
    );
    expect(await t.db.query('SELECT id FROM claims WHERE id = $1', [claim.id])).toEqual([]);

    const res = await call('GET', `/v1/claims/${claim.id}/history`, { key: viewer.key });
    expectStatus(res, 200);
    const rows = res.body.items;
    expect(rows.map((h: any) => h.cause)).toEqual([
      'claim_created',
      'stance_added',
      'claim_deleted',
    ]);
    const last = rows[2];
    expect(last).toMatchObject({
      fromStatus: 'unverified',
      toStatus: 'unverified',
      fromScore: claim.score,
      toScore: claim.score,
      support: { groups: 1, sources: 1 },
      causeId: claim.id,
      keyId: editor.id,
      requestId: 'hist-del',
    });
    expect(
      await t.db.query(`SELECT count(*)::int AS n FROM claim_history WHERE claim_id = $1`, [
        claim.id,
      ]),
    ).toEqual([{ n: 3 }]);

    const before = await knownAt(claim.id, midpoint(rows[1].changedAt, last.changedAt));
    expectStatus(before, 200);
    expect(before.body).toMatchObject({
      status: 'unverified',
      score: claim.score,
      support: { groups: 1, sources: 1 },
      groups: [],
    });
    expectProblem(await knownAt(claim.id, last.changedAt), 404, 'CLAIM_NOT_FOUND');
    expectProblem(await knownAt(claim.id, plusMs(last.changedAt, 60_000)), 404, 'CLAIM_NOT_FOUND');
  });

  it('knownAt shows the counts the claim showed, even when only the counts moved', async () => {
    const outlet = await independentSource({ kind: 'organization', reliability: 'C' });
    const reporter = await createSource(t.http, {
      name: unique('Staff reporter'),
      kind: 'person',
      reliability: 'C',
      affiliatedWithId: outlet,
    });
    const claim = await createClaim(t.http, { stances: [{ sourceId: outlet, kind: 'asserts' }] });
    expect(claim.support).toEqual({ groups: 1, sources: 1 });
    await sleep(15);
    // A second voice of the same group, no more reliable: same status, same score, two sources.
    await addStance(t.http, claim.id, { sourceId: reporter.id, kind: 'confirms' });
    const now = await getClaim(t.http, claim.id);
    expect(now).toMatchObject({
      status: 'unverified',
      score: claim.score,
      support: { groups: 1, sources: 2 },
    });
    await sleep(15);

    const shown = await knownAt(claim.id, new Date().toISOString());
    expectStatus(shown, 200);
    expect(
      {
        status: shown.body.status,
        score: shown.body.score,
        support: shown.body.support,
        refute: shown.body.refute,
      },
      'knownAt now should equal what GET /v1/claims/{id} shows now',
    ).toEqual({ status: now.status, score: now.score, support: now.support, refute: now.refute });
  });

  it('pages the history oldest first, and 404s for a claim that never existed', async () => {
    const claim = await claimWithStatus('disputed'); // created, then one refresh for both stances
    for (const kind of ['confirms', 'confirms', 'questions']) {
      await addStance(t.http, claim.id, { sourceId: await independentSource(), kind });
    }
    const all = await history(claim.id);
    expect(all.length).toBe(5);
    const paged = await walk(`/v1/claims/${claim.id}/history`, { limit: 2 });
    expect(paged.items.map((h) => h.id)).toEqual(all.map((h) => h.id));
    expect(all.map((h) => h.id)).toEqual([...all.map((h) => h.id)].sort((a, b) => a - b));
    expectProblem(await call('GET', `/v1/claims/${randomUUID()}/history`), 404, 'CLAIM_NOT_FOUND');
  });
});

describe('5. the audit trail', () => {
  let writer: Key;
  const ids: Record<string, string> = {};
  let entries: any[] = [];

  interface Expected {
    action: string;
    entityType: string;
    entityId: () => string;
    requestId: string;
    before: 'null' | 'object';
    after: 'null' | 'object';
  }
  const expected: Expected[] = [];

  beforeAll(async () => {
    // One admin key does every kind of write, so its rows are exactly these.
    writer = await createKey('admin', 'audit writer');
    let n = 0;
    const write = async (
      method: Method,
      path: string,
      body: object | undefined,
      status: number,
      e: Omit<Expected, 'requestId'>,
    ): Promise<Response> => {
      const requestId = `audit-${String(++n).padStart(2, '0')}`;
      const res = await call(method, path, { key: writer.key, requestId, body });
      expectStatus(res, status);
      expected.push({ ...e, requestId });
      return res;
    };
    const obj = 'object' as const;
    const nil = 'null' as const;
    ids.source = (
      await write('POST', '/v1/sources', { name: unique('Audited source'), kind: 'outlet' }, 201, {
        action: 'create',
        entityType: 'source',
        entityId: () => ids.source,
        before: nil,
        after: obj,
      })
    ).body.id;
    await write('PATCH', `/v1/sources/${ids.source}`, { reliability: 'B' }, 200, {
      action: 'update',
      entityType: 'source',
      entityId: () => ids.source,
      before: obj,
      after: obj,
    });
    ids.source2 = (
      await write(
        'POST',
        '/v1/sources',
        { name: unique('Short-lived source'), kind: 'other' },
        201,
        {
          action: 'create',
          entityType: 'source',
          entityId: () => ids.source2,
          before: nil,
          after: obj,
        },
      )
    ).body.id;
    await write('DELETE', `/v1/sources/${ids.source2}`, undefined, 204, {
      action: 'delete',
      entityType: 'source',
      entityId: () => ids.source2,
      before: obj,
      after: nil,
    });
    ids.claim = (
      await write('POST', '/v1/claims', { statement: unique('Audited claim') }, 201, {
        action: 'create',
        entityType: 'claim',
        entityId: () => ids.claim,
        before: nil,
        after: obj,
      })
    ).body.id;
    await write('PATCH', `/v1/claims/${ids.claim}`, { context: 'Edited by the desk.' }, 200, {
      action: 'update',
      entityType: 'claim',
      entityId: () => ids.claim,
      before: obj,
      after: obj,
    });
    ids.claim2 = (
      await write('POST', '/v1/claims', { statement: unique('Audited duplicate') }, 201, {
        action: 'create',
        entityType: 'claim',
        entityId: () => ids.claim2,
        before: nil,
        after: obj,
      })
    ).body.id;
    ids.claim3 = (
      await write('POST', '/v1/claims', { statement: unique('Audited, then deleted') }, 201, {
        action: 'create',
        entityType: 'claim',
        entityId: () => ids.claim3,
        before: nil,
        after: obj,
      })
    ).body.id;
    await write('DELETE', `/v1/claims/${ids.claim3}`, undefined, 204, {
      action: 'delete',
      entityType: 'claim',
      entityId: () => ids.claim3,
      before: obj,
      after: nil,
    });
    ids.stance = (
      await write(
        'POST',
        `/v1/claims/${ids.claim}/stances`,
        { sourceId: ids.source, kind: 'asserts' },
        201,
        {
          action: 'create',
          entityType: 'stance',
          entityId: () => ids.stance,
          before: nil,
          after: obj,
        },
      )
    ).body.id;
    await write(
      'PATCH',
      `/v1/stances/${ids.stance}`,
      { note: 'Checked against the transcript.' },
      200,
      {
        action: 'update',
        entityType: 'stance',
        entityId: () => ids.stance,
        before: obj,
        after: obj,
      },
    );
    ids.stance2 = (
      await write(
        'POST',
        `/v1/claims/${ids.claim}/stances`,
        { sourceId: ids.source, kind: 'reports' },
        201,
        {
          action: 'create',
          entityType: 'stance',
          entityId: () => ids.stance2,
          before: nil,
          after: obj,
        },
      )
    ).body.id;
    await write('DELETE', `/v1/stances/${ids.stance2}`, undefined, 204, {
      action: 'delete',
      entityType: 'stance',
      entityId: () => ids.stance2,
      before: obj,
      after: nil,
    });
    ids.link = (
      await write(
        'POST',
        `/v1/claims/${ids.claim}/links`,
        { toClaimId: ids.claim2, kind: 'related' },
        201,
        { action: 'create', entityType: 'link', entityId: () => ids.link, before: nil, after: obj },
      )
    ).body.id;
    await write('DELETE', `/v1/links/${ids.link}`, undefined, 204, {
      action: 'delete',
      entityType: 'link',
      entityId: () => ids.link,
      before: obj,
      after: nil,
    });
    ids.review = (
      await write(
        'POST',
        `/v1/claims/${ids.claim}/reviews`,
        { verdict: 'unproven', rationale: 'One source.' },
        201,
        {
          action: 'review',
          entityType: 'review',
          entityId: () => ids.review,
          before: nil,
          after: obj,
        },
      )
    ).body.id;
    await write('POST', `/v1/claims/${ids.claim2}/merge`, { into: ids.claim }, 200, {
      action: 'merge',
      entityType: 'claim',
      entityId: () => ids.claim2,
      before: obj,
      after: obj,
    });
    await write('POST', `/v1/claims/${ids.claim2}/unmerge`, undefined, 200, {
      action: 'unmerge',
      entityType: 'claim',
      entityId: () => ids.claim2,
      before: obj,
      after: obj,
    });
    ids.key = (
      await write('POST', '/v1/api-keys', { name: 'short-lived key', role: 'viewer' }, 201, {
        action: 'create',
        entityType: 'api_key',
        entityId: () => ids.key,
        before: nil,
        after: obj,
      })
    ).body.id;
    await write('DELETE', `/v1/api-keys/${ids.key}`, undefined, 204, {
      action: 'revoke',
      entityType: 'api_key',
      entityId: () => ids.key,
      before: obj,
      after: obj,
    });

    entries = await auditOf({ keyId: writer.id });
  });

  it('records every kind of write with who, what, before and after, and the request id', async () => {
    expect(entries.map((e) => [e.action, e.entityType, e.entityId, e.requestId])).toEqual(
      [...expected].reverse().map((e) => [e.action, e.entityType, e.entityId(), e.requestId]),
    );
    const byRequest = new Map(entries.map((e) => [e.requestId, e]));
    for (const e of expected) {
      const entry = byRequest.get(e.requestId);
      expect(entry.keyId).toBe(writer.id);
      expect(entry.before === null ? 'null' : typeof entry.before, `${e.requestId} before`).toBe(
        e.before,
      );
      expect(entry.after === null ? 'null' : typeof entry.after, `${e.requestId} after`).toBe(
        e.after,
      );
      if (['create', 'update', 'delete', 'revoke'].includes(e.action)) {
        expect((entry.after ?? entry.before).id, e.requestId).toBe(e.entityId());
      }
    }
    const at = (n: number): any => byRequest.get(`audit-${String(n).padStart(2, '0')}`);
    expect([at(2).before.reliability, at(2).after.reliability]).toEqual(['F', 'B']);
    expect([at(6).before.context, at(6).after.context]).toEqual([null, 'Edited by the desk.']);
    expect([at(11).before.note, at(11).after.note]).toEqual([
      null,
      'Checked against the transcript.',
    ]);
    expect(at(9).before).toMatchObject({ id: ids.claim3 });
    expect(at(15).before).toMatchObject({
      id: ids.link,
      fromClaimId: ids.claim,
      toClaimId: ids.claim2,
      kind: 'related',
    });
    expect(at(16).after).toMatchObject({
      review: { id: ids.review, claimId: ids.claim, verdict: 'unproven' },
      claim: { id: ids.claim },
    });
    expect(at(17).before).toMatchObject({ claim: { id: ids.claim2 } });
    expect(at(17).after).toMatchObject({ into: ids.claim, movedStanceIds: [] });
    expect(at(18).before).toEqual({ mergedInto: ids.claim, mergeAuditId: at(17).id });
    expect(at(18).after).toMatchObject({ claim: { id: ids.claim2 } });
    expect(at(19).after).toMatchObject({ id: ids.key, role: 'viewer', revokedAt: null });
    expect(at(20).before.revokedAt).toBeNull();
    expect(at(20).after.revokedAt).toEqual(expect.any(String));
    // No secret, and no hash of one, is ever written to the trail.
    const [keyRow] = await t.db.query('SELECT secret_hash FROM api_keys WHERE id = $1', [ids.key]);
    expect(JSON.stringify([at(19), at(20)])).not.toContain(keyRow.secret_hash);
    expect(JSON.stringify([at(19), at(20)])).not.toMatch(/cg_[A-Za-z0-9_-]{20,}/);
    // The key that did all this was itself created by the bootstrap admin.
    expect(await auditOf({ entityId: writer.id })).toEqual([
      expect.objectContaining({ action: 'create', entityType: 'api_key', keyId: t.adminKeyId }),
    ]);
    // Links have no update route: a link is created or deleted, never edited.
    expectProblem(
      await call('PATCH', `/v1/links/${ids.link}`, { body: { note: 'x' } }),
      404,
      'ROUTE_NOT_FOUND',
    );

    const stored = await t.db.query(
      `SELECT id::int AS id, action, entity_type, entity_id, key_id, request_id, before, after FROM audit_log WHERE key_id = $1 ORDER BY id DESC`,
      [writer.id],
    );
    expect(stored).toEqual(
      entries.map((e) => ({
        id: e.id,
        action: e.action,
        entity_type: e.entityType,
        entity_id: e.entityId,
        key_id: e.keyId,
        request_id: e.requestId,
        before: e.before,
        after: e.after,
      })),
    );
  });

  it('filters by entity type, entity id, key, action and time', async () => {
    const pick = (rows: any[]): string[] => rows.map((r) => r.requestId);
    expect(pick(await auditOf({ keyId: writer.id, entityType: 'source' }))).toEqual([
      'audit-04',
      'audit-03',
      'audit-02',
      'audit-01',
    ]);
    expect(pick(await auditOf({ entityId: ids.claim }))).toEqual(['audit-06', 'audit-05']);
    expect(pick(await auditOf({ entityId: ids.claim2 }))).toEqual([
      'audit-18',
      'audit-17',
      'audit-07',
    ]);
    expect(pick(await auditOf({ keyId: writer.id, action: 'update' }))).toEqual([
      'audit-11',
      'audit-06',
      'audit-02',
    ]);
    expect(pick(await auditOf({ keyId: writer.id, action: 'delete' }))).toEqual([
      'audit-15',
      'audit-13',
      'audit-09',
      'audit-04',
    ]);
    expect(pick(await auditOf({ entityType: 'review', entityId: ids.review }))).toEqual([
      'audit-16',
    ]);
    expect(await auditOf({ entityType: 'link', entityId: ids.claim })).toEqual([]);
    for (const row of await auditOf({ keyId: editor.id })) expect(row.keyId).toBe(editor.id);

    // from is inclusive, to exclusive; the answer is what the times say.
    const oldestFirst = [...entries].reverse();
    const pivot = oldestFirst[10].at as string;
    const fromPivot = oldestFirst.filter((e) => Date.parse(e.at) >= Date.parse(pivot)).reverse();
    const toPivot = oldestFirst.filter((e) => Date.parse(e.at) < Date.parse(pivot)).reverse();
    expect(fromPivot.length).toBeGreaterThan(0);
    expect(toPivot.length).toBeGreaterThan(0);
    expect(pick(await auditOf({ keyId: writer.id, from: pivot }))).toEqual(pick(fromPivot));
    expect(pick(await auditOf({ keyId: writer.id, to: pivot }))).toEqual(pick(toPivot));
    expect(pick(await auditOf({ keyId: writer.id, from: pivot, to: plusMs(pivot, 1) }))).toEqual(
      pick(fromPivot.filter((e) => e.at === pivot)),
    );
    expect(await auditOf({ keyId: writer.id, from: plusMs(entries[0].at, 1) })).toEqual([]);

    const invalid: Record<string, string>[] = [
      { entityType: 'planet' },
      { entityId: 'nope' },
      { keyId: '123' },
      { from: 'yesterday' },
      { to: '2024-13-01' },
    ];
    for (const query of invalid) {
      expectProblem(await call('GET', '/v1/audit', { query }), 400, 'VALIDATION_FAILED');
    }
    expectProblem(
      await call('GET', '/v1/audit', { query: { cursor: 'garbage' } }),
      400,
      'INVALID_CURSOR',
    );
  });

  it('pages newest first without gaps or repeats', async () => {
    const paged = await walk('/v1/audit', { keyId: writer.id, limit: 3 }, editor.key);
    expect(paged.pages).toBe(7);
    expect(paged.items.map((e) => e.id)).toEqual(entries.map((e) => e.id));
    const everything = (await walk('/v1/audit', { limit: 50 })).items.map((e) => e.id);
    expect(everything).toEqual([...everything].sort((a, b) => b - a));
    const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM audit_log');
    expect(everything.length).toBe(n);
  });

  it('is for editors and admins: viewer and analyst 403, no key 401', async () => {
    expectProblem(await call('GET', '/v1/audit', { key: viewer.key }), 403, 'FORBIDDEN');
    expectProblem(await call('GET', '/v1/audit', { key: analyst.key }), 403, 'FORBIDDEN');
    expectProblem(await request(t.raw).get('/v1/audit'), 401, 'UNAUTHENTICATED');
    expectStatus(await call('GET', '/v1/audit', { key: editor.key, query: { limit: 1 } }), 200);
    expectStatus(await call('GET', '/v1/audit', { key: t.adminKey, query: { limit: 1 } }), 200);
  });

  it('is append-only in the database itself: UPDATE, DELETE and TRUNCATE are refused and the rows stay', async () => {
    const snapshot = (): Promise<unknown[]> => t.db.query('SELECT * FROM audit_log ORDER BY id');
    const before = await snapshot();
    expect(before.length).toBeGreaterThan(20);
    const id = entries[0].id;
    await expect(
      t.db.query(`UPDATE audit_log SET action = 'tampered' WHERE id = $1`, [id]),
    ).rejects.toThrow(/append-only/);
    await expect(t.db.query(`UPDATE audit_log SET after = NULL`)).rejects.toThrow(/append-only/);
    await expect(t.db.query(`DELETE FROM audit_log WHERE id = $1`, [id])).rejects.toThrow(
      /append-only/,
    );
    await expect(t.db.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
    await expect(t.db.query(`TRUNCATE audit_log`)).rejects.toThrow(/append-only/);
    expect(await snapshot()).toEqual(before);
    expect(await auditOf({ keyId: writer.id })).toEqual(entries);
  });
});

describe('6. merging duplicate claims', () => {
  const tag = tagOf('merge');
  const m: Record<string, string> = {};
  type Snapshot = {
    claims: unknown[];
    stances: unknown[];
    links: unknown[];
    audit: number;
    history: number;
  };

  /** What a failed or undone merge must leave exactly as it was. */
  const snapshot = async (claimIds: string[]): Promise<Snapshot> => ({
    claims: await t.db.query(
      `SELECT id, status, score, support_groups, refute_groups, merged_into_id, merged_at, review_state FROM claims WHERE id = ANY($1::uuid[]) ORDER BY id`,
      [claimIds],
    ),
    stances: await t.db.query(
      `SELECT id, claim_id FROM stances WHERE claim_id = ANY($1::uuid[]) ORDER BY id`,
      [claimIds],
    ),
    links: await t.db.query(
      `SELECT id, from_claim_id, to_claim_id, kind, note, created_at FROM claim_links WHERE from_claim_id = ANY($1::uuid[]) OR to_claim_id = ANY($1::uuid[]) ORDER BY id`,
      [claimIds],
    ),
    audit: (await t.db.query('SELECT count(*)::int AS n FROM audit_log'))[0].n,
    history: (await t.db.query('SELECT count(*)::int AS n FROM claim_history'))[0].n,
  });
  let beforeMerge: Snapshot;

  const link = async (from: string, to: string, kind: string): Promise<string> => {
    const res = await call('POST', `/v1/claims/${from}/links`, { body: { toClaimId: to, kind } });
    expectStatus(res, 201);
    return res.body.id;
  };

  beforeAll(async () => {
    // Two reports of one event, each with one independent supporter, and a third claim pointing at both.
    const a = await claimWithStatus('unverified', {
      tags: [tag],
      statement: unique('The minister resigned on Monday'),
    });
    const b = await claimWithStatus('unverified', {
      tags: [tag],
      statement: unique('The minister stepped down Monday'),
    });
    const c = await claimWithStatus('unsourced', {
      tags: [tag],
      statement: unique('The cabinet will be reshuffled'),
    });
    Object.assign(m, {
      a: a.id,
      b: b.id,
      c: c.id,
      stanceA: a.stances[0].id,
      stanceB: b.stances[0].id,
    });
    m.between = await link(a.id, b.id, 'depends_on'); // between the two: dropped
    m.third = await link(c.id, b.id, 'depends_on'); // from a third claim to the duplicate: moved
    m.duplicate = await link(c.id, b.id, 'related'); // would duplicate c related a: dropped
    m.kept = await link(c.id, a.id, 'related');
    await reviewOk(a.id, 'mostly_true');
    beforeMerge = await snapshot([a.id, b.id, c.id]);
  });

  it('needs an editor: analyst and viewer 403, nothing changed', async () => {
    expectProblem(
      await call('POST', `/v1/claims/${m.b}/merge`, { key: analyst.key, body: { into: m.a } }),
      403,
      'FORBIDDEN',
    );
    expectProblem(
      await call('POST', `/v1/claims/${m.b}/merge`, { key: viewer.key, body: { into: m.a } }),
      403,
      'FORBIDDEN',
    );
    expect(await snapshot([m.a, m.b, m.c])).toEqual(beforeMerge);
  });

  it('refuses a merge into itself (422) or into a missing or merged-away claim (4xx), changing nothing', async () => {
    const self = await call('POST', `/v1/claims/${m.b}/merge`, {
      key: editor.key,
      body: { into: m.b },
    });
    expectProblem(self, 422, 'MERGE_INTO_SELF');
    const missing = await call('POST', `/v1/claims/${m.b}/merge`, {
      key: editor.key,
      body: { into: randomUUID() },
    });
    expect(missing.status, show(missing)).toBeGreaterThanOrEqual(400);
    expect(missing.status, show(missing)).toBeLessThan(500);
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(missing.body.errors).toEqual([expect.objectContaining({ field: 'into' })]);
    expectProblem(
      await call('POST', `/v1/claims/${randomUUID()}/merge`, {
        key: editor.key,
        body: { into: m.a },
      }),
      404,
      'CLAIM_NOT_FOUND',
    );
    expectProblem(
      await call('POST', `/v1/claims/${m.b}/merge`, { key: editor.key, body: { into: 'nope' } }),
      400,
      'VALIDATION_FAILED',
    );
    expectProblem(
      await call('POST', `/v1/claims/${m.b}/merge`, { key: editor.key, body: {} }),
      400,
      'VALIDATION_FAILED',
    );
    expect(await snapshot([m.a, m.b, m.c])).toEqual(beforeMerge);
  });

  it('refuses a merge that would make a depends_on cycle (422 MERGE_WOULD_CYCLE), changing nothing', async () => {
    const x = await claimWithStatus('unverified', { statement: unique('X depends on Y') });
    const y = await claimWithStatus('unverified', { statement: unique('Y depends on Z') });
    const z = await claimWithStatus('unverified', { statement: unique('Z, a duplicate of X') });
    await link(x.id, y.id, 'depends_on');
    await link(y.id, z.id, 'depends_on');
    const before = await snapshot([x.id, y.id, z.id]);
    const res = await call('POST', `/v1/claims/${z.id}/merge`, {
      key: editor.key,
      body: { into: x.id },
    });
    expectProblem(res, 422, 'MERGE_WOULD_CYCLE');
    expect(await snapshot([x.id, y.id, z.id])).toEqual(before);
    expectStatus(await call('GET', `/v1/claims/${z.id}`), 200);
  });

  it('moves stances and links to the survivor in one go, re-evaluates it, and the merged id answers 410 naming it', async () => {
    const res = await call('POST', `/v1/claims/${m.b}/merge`, {
      key: editor.key,
      requestId: 'merge-1',
      body: { into: m.a },
    });
    expectStatus(res, 200);
    expect(res.body).toMatchObject({
      mergedId: m.b,
      survivor: {
        id: m.a,
        status: 'corroborated',
        support: { groups: 2, sources: 2 },
        review: { state: 'needs_review', verdict: 'mostly_true' },
      },
      movedStanceIds: [m.stanceB],
      movedLinks: [{ id: m.third, fromClaimId: m.c, toClaimId: m.b }],
    });
    expect([...res.body.droppedLinkIds].sort()).toEqual([m.between, m.duplicate].sort());

    // Stored: both stances on the survivor, links re-pointed or gone, the duplicate marked.
    expect(
      await t.db.query('SELECT id, claim_id FROM stances WHERE id = ANY($1::uuid[]) ORDER BY id', [
        [m.stanceA, m.stanceB],
      ]),
    ).toEqual(
      [
        { id: m.stanceA, claim_id: m.a },
        { id: m.stanceB, claim_id: m.a },
      ].sort((p, q) => p.id.localeCompare(q.id)),
    );
    const links = await t.db.query(
      'SELECT id, from_claim_id, to_claim_id, kind FROM claim_links WHERE id = ANY($1::uuid[]) ORDER BY kind',
      [[m.between, m.third, m.duplicate, m.kept]],
    );
    expect(links).toEqual([
      { id: m.third, from_claim_id: m.c, to_claim_id: m.a, kind: 'depends_on' },
      { id: m.kept, from_claim_id: m.c, to_claim_id: m.a, kind: 'related' },
    ]);
    const [merged] = await t.db.query(
      'SELECT merged_into_id, merged_at FROM claims WHERE id = $1',
      [m.b],
    );
    expect(merged.merged_into_id).toBe(m.a);
    expect(merged.merged_at).not.toBeNull();
    const [survivor] = await t.db.query(
      'SELECT status, support_groups, support_sources, review_state FROM claims WHERE id = $1',
      [m.a],
    );
    expect(survivor).toEqual({
      status: 'corroborated',
      support_groups: 2,
      support_sources: 2,
      review_state: 'needs_review',
    });

    // Through the API.
    const stances = (await walk(`/v1/claims/${m.a}/stances`, { limit: 50 })).items
      .map((s) => s.id)
      .sort();
    expect(stances).toEqual([m.stanceA, m.stanceB].sort());
    const incoming = (await walk(`/v1/claims/${m.a}/links`, { limit: 50 })).items
      .map((l) => l.id)
      .sort();
    expect(incoming).toEqual([m.third, m.kept].sort());
    const gone = await call('GET', `/v1/claims/${m.b}`, { key: viewer.key });
    expectProblem(gone, 410, 'CLAIM_MERGED');
    expect(gone.body.mergedIntoId).toBe(m.a);
    expect(gone.body.detail).toContain(m.a);
    const listed = (await walk('/v1/claims', { tag, limit: 50 })).items.map((x) => x.id);
    expect(listed.sort()).toEqual([m.a, m.c].sort());
    expect((await walk('/v1/claims', { limit: 200 })).items.map((x) => x.id)).not.toContain(m.b);

    // The survivor's history says why it moved; the audit trail keeps what is needed to undo it.
    const h = await history(m.a);
    expect(h[h.length - 1]).toMatchObject({
      cause: 'claim_merged',
      causeId: m.b,
      fromStatus: 'unverified',
      toStatus: 'corroborated',
      keyId: editor.id,
      requestId: 'merge-1',
    });
    const [entry] = await auditOf({ entityId: m.b, action: 'merge' });
    expect(entry).toMatchObject({
      entityType: 'claim',
      keyId: editor.id,
      requestId: 'merge-1',
      before: { claim: { id: m.b, status: 'unverified' } },
    });
    expect(entry.after).toMatchObject({
      into: m.a,
      movedStanceIds: [m.stanceB],
      repointedMergedClaimIds: [],
    });
    expect(entry.after.droppedLinks.map((l: any) => l.id).sort()).toEqual(
      [m.between, m.duplicate].sort(),
    );
  });

  it('refuses writes to a merged claim with 410 naming the survivor', async () => {
    const sourceId = await independentSource();
    const attempts: [Method, string, object | undefined][] = [
      ['POST', `/v1/claims/${m.b}/stances`, { sourceId, kind: 'confirms' }],
      ['POST', `/v1/claims/${m.b}/reviews`, { verdict: 'true', rationale: 'x' }],
      ['POST', `/v1/claims/${m.b}/links`, { toClaimId: m.c, kind: 'related' }],
      ['PATCH', `/v1/claims/${m.b}`, { context: 'x' }],
      ['POST', `/v1/claims/${m.b}/merge`, { into: m.c }],
      ['GET', `/v1/claims/${m.b}/corroboration`, undefined],
      ['GET', `/v1/claims/${m.b}/claim-review`, undefined],
    ];
    for (const [method, path, body] of attempts) {
      const res = await call(method, path, { key: editor.key, body });
      expectProblem(res, 410, 'CLAIM_MERGED');
      expect(res.body.mergedIntoId, `${method} ${path}`).toBe(m.a);
    }
    // The survivor cannot be deleted while a claim points at it.
    expectProblem(
      await call('DELETE', `/v1/claims/${m.a}`, { key: editor.key }),
      409,
      'CLAIM_HAS_MERGED_CLAIMS',
    );
    expectStatus(await call('GET', `/v1/claims/${m.a}`), 200);
    // Nor can a new link point at it.
    const toMerged = await call('POST', `/v1/claims/${m.c}/links`, {
      body: { toClaimId: m.b, kind: 'contradicts' },
    });
    expect(toMerged.status, show(toMerged)).toBeGreaterThanOrEqual(400);
    expect(toMerged.status, show(toMerged)).toBeLessThan(500);
    expect(
      await t.db.query('SELECT count(*)::int AS n FROM stances WHERE claim_id = $1', [m.b]),
    ).toEqual([{ n: 0 }]);
    expect(
      await t.db.query(
        'SELECT count(*)::int AS n FROM claim_links WHERE from_claim_id = $1 OR to_claim_id = $1',
        [m.b],
      ),
    ).toEqual([{ n: 0 }]);
  });

  it('unmerge puts back stances and links, re-evaluates both claims and clears the pointer; unmerge twice is 409', async () => {
    expectProblem(
      await call('POST', `/v1/claims/${m.b}/unmerge`, { key: analyst.key }),
      403,
      'FORBIDDEN',
    );
    const res = await call('POST', `/v1/claims/${m.b}/unmerge`, {
      key: editor.key,
      requestId: 'unmerge-1',
    });
    expectStatus(res, 200);
    expect(res.body).toMatchObject({
      id: m.b,
      status: 'unverified',
      support: { groups: 1, sources: 1 },
    });
    expectStatus(await call('GET', `/v1/claims/${m.b}`), 200);

    const after = await snapshot([m.a, m.b, m.c]);
    expect(after.stances).toEqual(beforeMerge.stances);
    expect(after.links).toEqual(beforeMerge.links);
    const brief = (s: Snapshot): unknown[] =>
      s.claims.map((c: any) => [
        c.id,
        c.status,
        c.score,
        c.support_groups,
        c.merged_into_id,
        c.merged_at,
      ]);
    expect(brief(after)).toEqual(brief(beforeMerge));
    expect((await getClaim(t.http, m.a)).status).toBe('unverified');

    const h = await history(m.a);
    expect(h[h.length - 1]).toMatchObject({
      cause: 'claim_unmerged',
      causeId: m.b,
      fromStatus: 'corroborated',
      toStatus: 'unverified',
      requestId: 'unmerge-1',
    });
    const [merge] = await auditOf({ entityId: m.b, action: 'merge' });
    const [unmerge] = await auditOf({ entityId: m.b, action: 'unmerge' });
    expect(unmerge).toMatchObject({
      keyId: editor.id,
      requestId: 'unmerge-1',
      before: { mergedInto: m.a, mergeAuditId: merge.id },
      after: { claim: { id: m.b } },
    });

    expectProblem(
      await call('POST', `/v1/claims/${m.b}/unmerge`, { key: editor.key }),
      409,
      'NOT_MERGED',
    );
    expectProblem(
      await call('POST', `/v1/claims/${m.c}/unmerge`, { key: editor.key }),
      409,
      'NOT_MERGED',
    );
    expectProblem(
      await call('POST', `/v1/claims/${randomUUID()}/unmerge`, { key: editor.key }),
      404,
      'CLAIM_NOT_FOUND',
    );
  });

  it('undoing merges out of order leaves a claim that was already unmerged alone', async () => {
    // b into a, then a into c (b now points at c); undo b, then undo a.
    const a = await claimWithStatus('unverified', { statement: unique('Chain a') });
    const b = await claimWithStatus('unverified', { statement: unique('Chain b') });
    const c = await claimWithStatus('unverified', { statement: unique('Chain c') });
    expectStatus(
      await call('POST', `/v1/claims/${b.id}/merge`, { key: editor.key, body: { into: a.id } }),
      200,
    );
    const second = await call('POST', `/v1/claims/${a.id}/merge`, {
      key: editor.key,
      body: { into: c.id },
    });
    expectStatus(second, 200);
    expect(second.body.survivor).toMatchObject({
      status: 'corroborated',
      support: { groups: 3, sources: 3 },
    });
    expect((await call('GET', `/v1/claims/${b.id}`)).body.mergedIntoId).toBe(c.id);

    expectStatus(await call('POST', `/v1/claims/${b.id}/unmerge`, { key: editor.key }), 200);
    expect(
      await t.db.query('SELECT claim_id FROM stances WHERE id = $1', [b.stances[0].id]),
    ).toEqual([{ claim_id: b.id }]);
    expectStatus(await call('GET', `/v1/claims/${b.id}`), 200);

    expectStatus(await call('POST', `/v1/claims/${a.id}/unmerge`, { key: editor.key }), 200);
    expectStatus(await call('GET', `/v1/claims/${a.id}`), 200);
    const bNow = await call('GET', `/v1/claims/${b.id}`);
    expect(
      bNow.status,
      `b was unmerged before a; unmerging a must not merge b again: ${show(bNow)}`,
    ).toBe(200);
    const stored = await t.db.query(
      'SELECT id, merged_into_id, status FROM claims WHERE id = ANY($1::uuid[]) ORDER BY id',
      [[a.id, b.id, c.id]],
    );
    expect(stored).toEqual(
      [a.id, b.id, c.id].sort().map((id) => ({ id, merged_into_id: null, status: 'unverified' })),
    );
    const stances = await t.db.query(
      'SELECT id, claim_id FROM stances WHERE claim_id = ANY($1::uuid[]) ORDER BY id',
      [[a.id, b.id, c.id]],
    );
    expect(stances).toEqual(
      [a, b, c]
        .map((x) => ({ id: x.stances[0].id, claim_id: x.id }))
        .sort((p, q) => p.id.localeCompare(q.id)),
    );
  });

  it('a merged claim cannot be deleted out from under its pointer: DELETE answers 410 and the pointer stays', async () => {
    const p = await claimWithStatus('unverified');
    const q = await claimWithStatus('unverified');
    expectStatus(
      await call('POST', `/v1/claims/${q.id}/merge`, { key: editor.key, body: { into: p.id } }),
      200,
    );
    const del = await call('DELETE', `/v1/claims/${q.id}`, { key: editor.key });
    expectProblem(del, 410, 'CLAIM_MERGED');
    const gone = await call('GET', `/v1/claims/${q.id}`);
    expectProblem(gone, 410, 'CLAIM_MERGED');
    expect(gone.body.mergedIntoId).toBe(p.id);
    expect(await t.db.query('SELECT merged_into_id FROM claims WHERE id = $1', [q.id])).toEqual([
      { merged_into_id: p.id },
    ]);
  });

  it('after merges a full recompute finds no claim out of date', async () => {
    const p = await claimWithStatus('unverified');
    const q = await claimWithStatus('unverified');
    expectStatus(
      await call('POST', `/v1/claims/${q.id}/merge`, { key: editor.key, body: { into: p.id } }),
      200,
    );
    const { checked, stale } = await t.app.get(CorroborationService).recomputeAll();
    expect(checked).toBeGreaterThan(0);
    // Which claims the recompute had to change (it records a history row for each status or score it moves).
    const rebuilt = await t.db.query(
      `SELECT DISTINCT h.claim_id AS id, c.merged_into_id AS "mergedIntoId", h.from_status AS "stored", h.to_status AS "rebuilt"
         FROM claim_history h JOIN claims c ON c.id = h.claim_id WHERE h.cause = 'recompute' ORDER BY 1`,
    );
    expect({ stale, rebuilt }, `merged away: ${q.id} into ${p.id}`).toEqual({
      stale: 0,
      rebuilt: [],
    });
  });
});

describe('7. ClaimReview JSON-LD', () => {
  const c: Record<string, any> = {};

  beforeAll(async () => {
    c.outlet = await createSource(t.http, {
      name: unique('Daily Outlet'),
      kind: 'outlet',
      url: 'https://outlet.example',
    });
    c.person = await createSource(t.http, { name: unique('Jane Politician'), kind: 'person' });
    c.agency = await createSource(t.http, {
      name: unique('Statistics Agency'),
      kind: 'government',
    });
    c.claim = await createClaim(t.http, {
      statement: unique('Unemployment fell to 4% in March'),
      language: 'en-GB',
      stances: [
        { sourceId: c.agency.id, kind: 'confirms', statedAt: '2024-03-02T10:00:00Z' },
        {
          sourceId: c.person.id,
          kind: 'asserts',
          statedAt: '2024-03-01T09:00:00Z',
          evidenceUrl: 'https://person.example/speech',
        },
        {
          sourceId: c.outlet.id,
          kind: 'reports',
          statedAt: '2024-03-01T08:00:00Z',
          evidenceUrl: 'https://outlet.example/story',
        },
      ],
    });
    expect(c.claim.status).toBe('corroborated');
  });

  it('publishes a reviewed claim as schema.org ClaimReview', async () => {
    const given = await reviewOk(c.claim.id, 'mostly_true');
    const res = await call('GET', `/v1/claims/${c.claim.id}/claim-review`, { key: viewer.key });
    expectStatus(res, 200);
    expect(res.headers['content-type']).toMatch(/^application\/ld\+json/);
    const doc = res.body;
    const outletAuthor = {
      '@type': 'Organization',
      name: c.outlet.name,
      url: 'https://outlet.example',
    };
    const outletAppearance = {
      '@type': 'CreativeWork',
      url: 'https://outlet.example/story',
      datePublished: '2024-03-01T08:00:00.000Z',
      author: outletAuthor,
    };
    const personAppearance = {
      '@type': 'CreativeWork',
      url: 'https://person.example/speech',
      datePublished: '2024-03-01T09:00:00.000Z',
      author: { '@type': 'Person', name: c.person.name },
    };
    expect(doc).toEqual({
      '@context': 'https://schema.org',
      '@type': 'ClaimReview',
      url: `${PUBLISHER.PUBLIC_BASE_URL}/v1/claims/${c.claim.id}/claim-review`,
      claimReviewed: c.claim.statement,
      datePublished: given.createdAt.slice(0, 10),
      inLanguage: 'en-GB',
      author: {
        '@type': 'Organization',
        name: PUBLISHER.PUBLISHER_NAME,
        url: PUBLISHER.PUBLISHER_URL,
      },
      reviewRating: {
        '@type': 'Rating',
        ratingValue: 4,
        bestRating: 5,
        worstRating: 1,
        alternateName: 'Mostly true',
      },
      itemReviewed: {
        '@type': 'Claim',
        // Who first asserted it, not the outlet that first reported it.
        author: { '@type': 'Person', name: c.person.name },
        datePublished: '2024-03-01T09:00:00.000Z',
        firstAppearance: outletAppearance,
        appearance: [outletAppearance, personAppearance],
      },
    });
    // The stored stances are what it was built from.
    const urls = await t.db.query(
      'SELECT evidence_url FROM stances WHERE claim_id = $1 AND evidence_url IS NOT NULL ORDER BY stated_at',
      [c.claim.id],
    );
    expect(urls.map((u: any) => u.evidence_url)).toEqual(
      doc.itemReviewed.appearance.map((a: any) => a.url),
    );

    // A new verdict replaces the published one.
    await sleep(5);
    await reviewOk(c.claim.id, 'false');
    const again = await call('GET', `/v1/claims/${c.claim.id}/claim-review`);
    expect(again.body.reviewRating).toEqual({
      '@type': 'Rating',
      ratingValue: 1,
      bestRating: 5,
      worstRating: 1,
      alternateName: 'False',
    });
  });

  it("names as the claim's author the source that first asserted it, not an earlier confirmation", async () => {
    const confirmer = await createSource(t.http, {
      name: unique('Early confirmer'),
      kind: 'organization',
    });
    const originator = await createSource(t.http, { name: unique('Originator'), kind: 'person' });
    const claim = await createClaim(t.http, {
      stances: [
        { sourceId: confirmer.id, kind: 'confirms', statedAt: '2024-05-01T08:00:00Z' },
        { sourceId: originator.id, kind: 'asserts', statedAt: '2024-05-01T09:00:00Z' },
      ],
    });
    await reviewOk(claim.id, 'true');
    const res = await call('GET', `/v1/claims/${claim.id}/claim-review`);
    expectStatus(res, 200);
    expect(res.body.itemReviewed.author).toEqual({ '@type': 'Person', name: originator.name });
    expect(res.body.itemReviewed.datePublished).toBe('2024-05-01T09:00:00.000Z');
  });

  it('leaves ratingValue out for unproven', async () => {
    const claim = await claimWithStatus('unverified');
    await reviewOk(claim.id, 'unproven');
    const res = await call('GET', `/v1/claims/${claim.id}/claim-review`);
    expectStatus(res, 200);
    expect(res.body.reviewRating).toEqual({
      '@type': 'Rating',
      bestRating: 5,
      worstRating: 1,
      alternateName: 'Unproven',
    });
    expect(res.body.reviewRating).not.toHaveProperty('ratingValue');
    expect(res.body.itemReviewed).toMatchObject({ '@type': 'Claim', appearance: [] });
    expect(res.body.itemReviewed).not.toHaveProperty('firstAppearance');
  });

  it('answers 404 CLAIM_NOT_REVIEWED for an unreviewed claim and 404 CLAIM_NOT_FOUND for a missing one', async () => {
    const claim = await claimWithStatus('disputed');
    expectProblem(
      await call('GET', `/v1/claims/${claim.id}/claim-review`),
      404,
      'CLAIM_NOT_REVIEWED',
    );
    expectProblem(
      await call('GET', `/v1/claims/${randomUUID()}/claim-review`),
      404,
      'CLAIM_NOT_FOUND',
    );
  });

  it('feeds every reviewed claim, most recently reviewed first, page by page', async () => {
    const idOf = (doc: any): string =>
      /\/v1\/claims\/([0-9a-f-]{36})\/claim-review$/.exec(doc.url)![1];
    const feed = await walk('/v1/claim-reviews', { limit: 1 }, viewer.key, idOf);
    const ids = feed.items.map(idOf);
    for (const doc of feed.items)
      expect(doc).toMatchObject({ '@context': 'https://schema.org', '@type': 'ClaimReview' });
    const stored = await t.db.query(
      'SELECT id FROM claims WHERE review_verdict IS NOT NULL AND merged_into_id IS NULL ORDER BY reviewed_at DESC, id DESC',
    );
    expect(ids).toEqual(stored.map((r: any) => r.id));
    expect(ids.length).toBeGreaterThan(10);
    const reviewedAt = await Promise.all(
      ids
        .slice(0, 10)
        .map(async (id) => Date.parse((await getClaim(t.http, id)).review.reviewedAt)),
    );
    expect(reviewedAt).toEqual([...reviewedAt].sort((a, b) => b - a));
    const unreviewed = await claimWithStatus('unverified');
    expect(ids).not.toContain(unreviewed.id);
    const page = await call('GET', '/v1/claim-reviews', { query: { limit: 2 } });
    expect(page.body.items.map(idOf)).toEqual(ids.slice(0, 2));
    expect(page.body.nextCursor).toEqual(expect.any(String));
  });
});
