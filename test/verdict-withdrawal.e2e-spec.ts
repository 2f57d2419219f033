import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStance, createApiKey, createClaim, createSource } from './factories.js';
import { expectProblem } from './problem.js';
import { createTestApp, type TestApp } from './test-app.js';

/**
 * POST /v1/reviews/{id}/withdraw: an editor takes a verdict back. It leaves the claim's verdicts;
 * the one before it stands again for an editor to look at, or the claim is unreviewed; the claim is
 * back in the queue; the audit trail keeps the verdict and the reason; live clients hear of it.
 */
describe('withdrawing a verdict', () => {
  let t: TestApp;
  let editor: { id: string; key: string };
  let analyst: { id: string; key: string };
  const as = (key: string) => ({ Authorization: `Bearer ${key}` });

  beforeAll(async () => {
    t = await createTestApp();
    editor = await createApiKey(t.http, 'Ed Itor (standards)', 'editor');
    analyst = await createApiKey(t.http, 'Ana Lyst', 'analyst');
  });
  afterAll(() => t?.close());

  /** A claim two independent outlets confirm (corroborated), with these verdicts in order. */
  async function reviewedClaim(
    ...verdicts: string[]
  ): Promise<{ claimId: string; reviewIds: string[] }> {
    const claim = await createClaim(t.http);
    for (const at of ['2026-11-01T08:00:00Z', '2026-11-01T09:00:00Z']) {
      const source = await createSource(t.http, { kind: 'outlet', reliability: 'B' });
      await addStance(t.http, claim.id, { sourceId: source.id, kind: 'confirms', statedAt: at });
    }
    const reviewIds: string[] = [];
    for (const verdict of verdicts) {
      const res = await request(t.raw)
        .post(`/v1/claims/${claim.id}/reviews`)
        .set(as(editor.key))
        .send({ verdict, rationale: `Called ${verdict}.` });
      expect(res.status).toBe(201);
      reviewIds.push(res.body.id);
    }
    return { claimId: claim.id, reviewIds };
  }

  const withdraw = (id: string, key = editor.key, body: object = { reason: 'Called too early.' }) =>
    request(t.raw).post(`/v1/reviews/${id}/withdraw`).set(as(key)).send(body);

  const inQueue = async (claimId: string) => {
    const res = await request(t.raw).get('/v1/reviews/queue?limit=200').set(as(editor.key));
    return (res.body.items as { id: string }[]).some((c) => c.id === claimId);
  };

  it('of the standing verdict, puts the one before it back for an editor to look at, and the claim in the queue', async () => {
    const { claimId, reviewIds } = await reviewedClaim('mostly_true', 'false');
    // "false" on a corroborated claim diverges: it sits at the top of the queue.
    const res = await withdraw(reviewIds[1]);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.withdrawn).toMatchObject({ id: reviewIds[1], verdict: 'false' });
    expect(res.body.withdrawn.actor).toEqual({ keyId: editor.id, name: 'Ed Itor (standards)' });
    expect(res.body.reason).toBe('Called too early.');
    expect(res.body.standing).toMatchObject({ id: reviewIds[0], verdict: 'mostly_true' });
    expect(res.body.claim.review).toMatchObject({
      state: 'needs_review',
      verdict: 'mostly_true',
      divergent: false,
    });

    const [stored] = await t.db.query(
      `SELECT review_state, review_verdict, review_divergent FROM claims WHERE id = $1`,
      [claimId],
    );
    expect(stored).toEqual({
      review_state: 'needs_review',
      review_verdict: 'mostly_true',
      review_divergent: false,
    });
    const verdicts = await request(t.raw).get(`/v1/claims/${claimId}/reviews`).set(as(editor.key));
    expect(verdicts.body.items.map((r: { id: string }) => r.id)).toEqual([reviewIds[0]]);
    expect(await inQueue(claimId)).toBe(true);
    const published = await request(t.http).get(`/v1/claims/${claimId}/claim-review`);
    expect(published.body.reviewRating.alternateName).toBe('Mostly true');

    // The trail keeps the verdict as it was, the reason and who withdrew it.
    const trail = await request(t.raw)
      .get(`/v1/audit?claimId=${claimId}&action=withdraw`)
      .set(as(editor.key));
    expect(trail.body.items).toHaveLength(1);
    expect(trail.body.items[0]).toMatchObject({
      entityType: 'review',
      entityId: reviewIds[1],
      actor: { keyId: editor.id, name: 'Ed Itor (standards)' },
      before: { review: { id: reviewIds[1], verdict: 'false' } },
      after: { reason: 'Called too early.', standing: { id: reviewIds[0] } },
    });
    const [event] = await t.db.query(
      `SELECT payload FROM events WHERE type = 'review.withdrawn' AND claim_id = $1`,
      [claimId],
    );
    expect(event.payload).toEqual({ reviewId: reviewIds[1], verdict: 'false' });
  });

  it('of the only verdict, leaves the claim unreviewed, with nothing to publish', async () => {
    const { claimId, reviewIds } = await reviewedClaim('true');
    expect(await inQueue(claimId)).toBe(false);
    const res = await withdraw(reviewIds[0]);
    expect(res.status).toBe(200);
    expect(res.body.standing).toBeNull();
    expect(res.body.claim.review).toMatchObject({ state: 'unreviewed', verdict: null });
    expect(await inQueue(claimId)).toBe(true);
    expectProblem(
      await request(t.http).get(`/v1/claims/${claimId}/claim-review`),
      404,
      'CLAIM_NOT_REVIEWED',
    );
    // Gone: a second withdrawal has nothing to withdraw.
    expectProblem(await withdraw(reviewIds[0]), 404, 'REVIEW_NOT_FOUND');
  });

  it('of an earlier verdict, leaves the standing one as it is', async () => {
    const { claimId, reviewIds } = await reviewedClaim('mixed', 'true');
    const before = await request(t.http).get(`/v1/claims/${claimId}`);
    const res = await withdraw(reviewIds[0]);
    expect(res.status).toBe(200);
    expect(res.body.standing).toMatchObject({ id: reviewIds[1], verdict: 'true' });
    expect(res.body.claim.review).toEqual(before.body.review);
    expect(res.body.claim.version).toBe(before.body.version);
  });

  it('is an editor’s call: an analyst is refused, and nothing changes', async () => {
    const { claimId, reviewIds } = await reviewedClaim('true');
    const count = async () =>
      (
        await t.db.query(`SELECT count(*)::int AS n FROM claim_reviews WHERE claim_id = $1`, [
          claimId,
        ])
      )[0].n as number;
    expectProblem(await withdraw(reviewIds[0], analyst.key), 403, 'FORBIDDEN');
    expectProblem(await withdraw(reviewIds[0], editor.key, {}), 400, 'VALIDATION_FAILED', [
      'reason',
    ]);
    expectProblem(
      await withdraw(reviewIds[0], editor.key, { reason: '   ' }),
      400,
      'VALIDATION_FAILED',
      ['reason'],
    );
    expect(await count()).toBe(1);
    expectProblem(await withdraw('00000000-0000-4000-8000-000000000000'), 404, 'REVIEW_NOT_FOUND');
    expectProblem(await withdraw('not-a-uuid'), 400, 'INVALID_ID');
  });
});
