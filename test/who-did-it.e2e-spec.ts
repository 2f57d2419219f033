import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './test-app.js';

/**
 * Answers say who did something by the key's name (never its secret): the status history, the
 * verdicts, and the review queue's reason for each claim — the change that put it there.
 */
describe('who did it, by name', () => {
  let t: TestApp;
  let analyst: { id: string; key: string };
  let editor: { id: string; key: string };
  let claimId: string;

  const as = (key: string) => ({ Authorization: `Bearer ${key}` });

  beforeAll(async () => {
    t = await createTestApp();
    const make = async (name: string, role: string) => {
      const res = await request(t.http).post('/v1/api-keys').send({ name, role });
      expect(res.status).toBe(201);
      return { id: res.body.id as string, key: res.body.key as string };
    };
    analyst = await make('Ana Lyst (research desk)', 'analyst');
    editor = await make('Ed Itor (standards)', 'editor');
    const source = async (name: string) => {
      const res = await request(t.raw)
        .post('/v1/sources')
        .set(as(analyst.key))
        .send({ name, kind: 'outlet' });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    const [a, b] = [await source('Outlet One'), await source('Outlet Two')];
    const claim = await request(t.raw)
      .post('/v1/claims')
      .set(as(analyst.key))
      .send({
        statement: 'The bridge closed on Monday.',
        stances: [{ sourceId: a, kind: 'asserts' }],
      });
    expect(claim.status).toBe(201);
    claimId = claim.body.id;
    const second = await request(t.raw)
      .post(`/v1/claims/${claimId}/stances`)
      .set(as(analyst.key))
      .send({ sourceId: b, kind: 'confirms' });
    expect(second.status).toBe(201);
  });
  afterAll(() => t?.close());

  it('the review queue says which change put each claim there, and who made it', async () => {
    const res = await request(t.raw).get('/v1/reviews/queue').set(as(editor.key));
    expect(res.status).toBe(200);
    const item = res.body.items.find((c: { id: string }) => c.id === claimId);
    expect(item.status).toBe('corroborated');
    expect(item.lastChange).toEqual({
      fromStatus: 'unverified',
      toStatus: 'corroborated',
      fromScore: expect.any(Number),
      toScore: item.score,
      cause: 'stance_added',
      causeId: expect.any(String),
      actor: { keyId: analyst.id, name: 'Ana Lyst (research desk)' },
      changedAt: item.statusChangedAt,
    });
    const [stored] = await t.db.query(
      `SELECT key_id, cause FROM claim_history WHERE claim_id = $1 ORDER BY id DESC LIMIT 1`,
      [claimId],
    );
    expect(stored).toEqual({ key_id: analyst.id, cause: 'stance_added' });
  });

  it('the status history names the key of every change', async () => {
    const res = await request(t.raw).get(`/v1/claims/${claimId}/history`).set(as(editor.key));
    expect(res.status).toBe(200);
    expect(
      res.body.items.map((h: { cause: string; actor: unknown }) => [h.cause, h.actor]),
    ).toEqual([
      ['claim_created', { keyId: analyst.id, name: 'Ana Lyst (research desk)' }],
      ['stance_added', { keyId: analyst.id, name: 'Ana Lyst (research desk)' }],
      ['stance_added', { keyId: analyst.id, name: 'Ana Lyst (research desk)' }],
    ]);
  });

  it('verdicts name their editor; the audit trail keeps the verdict as it was', async () => {
    const given = await request(t.raw)
      .post(`/v1/claims/${claimId}/reviews`)
      .set(as(editor.key))
      .send({ verdict: 'true', rationale: 'Two independent outlets saw it.' });
    expect(given.status).toBe(201);
    expect(given.body.actor).toEqual({ keyId: editor.id, name: 'Ed Itor (standards)' });
    const list = await request(t.raw).get(`/v1/claims/${claimId}/reviews`).set(as(analyst.key));
    expect(list.body.items[0].actor).toEqual({ keyId: editor.id, name: 'Ed Itor (standards)' });
    const [audit] = await t.db.query(
      `SELECT after FROM audit_log WHERE action = 'review' AND entity_id = $1`,
      [given.body.id],
    );
    expect(audit.after.review.reviewerKeyId).toBe(editor.id);
    expect(audit.after.review).not.toHaveProperty('actor');
    // Reviewed and consistent: out of the queue.
    const queue = await request(t.raw).get('/v1/reviews/queue').set(as(editor.key));
    expect(queue.body.items.map((c: { id: string }) => c.id)).not.toContain(claimId);
  });
});
