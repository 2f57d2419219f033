import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStance, createClaim, loadFoundingArticle } from './factories.js';
import { expectProblem } from './problem.js';
import { createTestApp, type TestApp } from './test-app.js';

/**
 * GET /v1/claims/{id}?include=…: a claim's page in one request, each included list the same as its
 * own route's first page, so nothing drifts between the two.
 */
describe('a claim with what its page shows', () => {
  let t: TestApp;
  let ids: { sources: Record<string, string>; claims: Record<string, string> };

  beforeAll(async () => {
    t = await createTestApp();
    ids = await loadFoundingArticle(t.http);
    const review = await request(t.http)
      .post(`/v1/claims/${ids.claims['trump-request']}/reviews`)
      .send({ verdict: 'mixed', rationale: 'Tehran says so, Washington denies it.' });
    expect(review.status).toBe(201);
  });
  afterAll(() => t?.close());

  const get = (path: string) => request(t.http).get(path);

  it('brings stances, sources, links, verdicts and history, each as its own route answers it', async () => {
    const id = ids.claims['trump-request'];
    const res = await get(`/v1/claims/${id}?include=stances,sources,links,reviews,history`);
    expect(res.status).toBe(200);

    const { stances, sources, links, reviews, history, ...claim } = res.body;
    // The learned assessment is refreshed in the background (the verdict above asked for it), so
    // the claims are compared without it.
    const withoutAssessment = (c: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(c).filter(([k]) => k !== 'assessment'));
    expect(withoutAssessment(claim)).toEqual(
      withoutAssessment((await get(`/v1/claims/${id}`)).body),
    );
    const limit = '?limit=200';
    expect(stances).toEqual((await get(`/v1/claims/${id}/stances${limit}`)).body);
    expect(links).toEqual((await get(`/v1/claims/${id}/links${limit}`)).body);
    expect(reviews).toEqual((await get(`/v1/claims/${id}/reviews${limit}`)).body);
    expect(history).toEqual((await get(`/v1/claims/${id}/history${limit}`)).body);
    expect(reviews.items.map((r: { verdict: string }) => r.verdict)).toEqual(['mixed']);
    expect(links.items.length).toBeGreaterThan(0);

    // Every source a stance names, as source or relay, and the root of each one's group.
    const stored: { id: string }[] = await t.db.query(
      `SELECT DISTINCT x.id FROM stances st
         CROSS JOIN LATERAL (VALUES (st.source_id), (st.via_source_id)) AS named(id)
         JOIN sources s ON s.id = named.id
         CROSS JOIN LATERAL (VALUES (s.id), (s.independence_group_id)) AS x(id)
        WHERE st.claim_id = $1`,
      [id],
    );
    expect(sources.map((s: { id: string }) => s.id).sort()).toEqual(stored.map((r) => r.id).sort());
    // Ghassemi's stance counts for the government: the group's root comes along, named.
    expect(sources.map((s: { id: string }) => s.id)).toEqual(
      expect.arrayContaining([ids.sources['ghassemi'], ids.sources['iran-government']]),
    );
    expect(sources[0]).toEqual((await get(`/v1/sources/${sources[0].id}`)).body);
  });

  it('brings only what was asked for, with include repeated or comma-separated', async () => {
    const id = ids.claims['trump-request'];
    const one = await get(`/v1/claims/${id}?include=reviews`);
    expect(Object.keys(one.body)).toContain('reviews');
    for (const key of ['stances', 'sources', 'links', 'history']) {
      expect(one.body).not.toHaveProperty(key);
    }
    const repeated = await get(`/v1/claims/${id}?include=links&include=history`);
    expect(repeated.body).toHaveProperty('links');
    expect(repeated.body).toHaveProperty('history');
    expect(repeated.body).not.toHaveProperty('stances');
    const plain = await get(`/v1/claims/${id}`);
    for (const key of ['stances', 'sources', 'links', 'reviews', 'history']) {
      expect(plain.body).not.toHaveProperty(key);
    }
  });

  it('answers 304 while nothing it shows has changed, and a new ETag once a stance is added', async () => {
    const claim = await createClaim(t.http);
    const path = `/v1/claims/${claim.id}?include=stances,sources`;
    // Once its assessment, refreshed in the background, stops moving: the same ETag, then 304.
    let tag: string;
    for (let tries = 0; ; tries++) {
      const first = await get(path);
      expect(first.status).toBe(200);
      tag = first.headers.etag;
      if ((await get(path).set('If-None-Match', tag)).status === 304) break;
      expect(tries, 'the answer kept changing').toBeLessThan(50);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(tag).toMatch(/^"p-/);
    expect(tag).not.toBe((await get(`/v1/claims/${claim.id}`)).headers.etag);

    await addStance(t.http, claim.id, {
      sourceId: ids.sources['white-house'],
      kind: 'denies',
      statedAt: '2017-10-30T16:00:00Z',
    });
    const after = await get(path).set('If-None-Match', tag);
    expect(after.status).toBe(200);
    expect(after.headers.etag).not.toBe(tag);
    expect(after.body.stances.items).toHaveLength(1);
    expect(after.body.sources.map((s: { id: string }) => s.id)).toEqual([
      ids.sources['white-house'],
    ]);
  });

  it.each([['include=everything'], ['include='], ['include=stances,stances,votes']])(
    '?%s → 400 VALIDATION_FAILED, naming include',
    async (query) => {
      expectProblem(
        await get(`/v1/claims/${ids.claims['trump-request']}?${query}`),
        400,
        'VALIDATION_FAILED',
        ['include'],
      );
    },
  );

  it('a claim that is not there is 404, whatever is included', async () => {
    expectProblem(
      await get('/v1/claims/00000000-0000-4000-8000-000000000000?include=stances,history'),
      404,
      'CLAIM_NOT_FOUND',
    );
  });
});
