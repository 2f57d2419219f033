import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from './factories.js';
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
    analyst = await createApiKey(t.http, 'Ana Lyst (research desk)', 'analyst');
    editor = await createApiKey(t.http, 'Ed Itor (standards)', 'editor');
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

  it('a claim’s whole audit trail in one list: itself, its stances, links, verdicts and merges, by name', async () => {
    const other = await request(t.raw)
      .post('/v1/claims')
      .set(as(analyst.key))
      .send({ statement: 'The bridge reopened on Friday.' });
    const duplicate = await request(t.raw)
      .post('/v1/claims')
      .set(as(analyst.key))
      .send({ statement: 'Bridge shut Monday.' });
    const link = await request(t.raw)
      .post(`/v1/claims/${other.body.id}/links`)
      .set(as(analyst.key))
      .send({ toClaimId: claimId, kind: 'related' });
    expect(link.status).toBe(201);
    const merge = await request(t.raw)
      .post(`/v1/claims/${duplicate.body.id}/merge`)
      .set(as(editor.key))
      .send({ into: claimId });
    expect(merge.status).toBe(200);

    const trail = async (query: string) => {
      const res = await request(t.raw).get(`/v1/audit?${query}`).set(as(editor.key));
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body as { items: Record<string, any>[]; nextCursor: string | null };
    };
    const { items } = await trail(`claimId=${claimId}&limit=100`);
    const stored: { id: string }[] = await t.db.query(
      `SELECT a.id::text AS id FROM audit_log a
        WHERE (entity_type = 'claim' AND entity_id = $1::uuid)
           OR (entity_type = 'claim' AND entity_id = $2::uuid AND action = 'merge')
           OR (entity_type = 'stance' AND $1::text IN (after->>'claimId', before->>'claimId'))
           OR (entity_type = 'link' AND entity_id = $3::uuid)
           OR (entity_type = 'review' AND after->'review'->>'claimId' = $1::text)
        ORDER BY a.id DESC`,
      [claimId, duplicate.body.id, link.body.id],
    );
    expect(items.map((e) => String(e.id))).toEqual(stored.map((r) => r.id));
    const summary = items.map((e) => [e.action, e.entityType, e.actor?.name]);
    expect(summary).toEqual(
      expect.arrayContaining([
        ['create', 'claim', 'Ana Lyst (research desk)'],
        ['create', 'stance', 'Ana Lyst (research desk)'],
        ['review', 'review', 'Ed Itor (standards)'],
        ['create', 'link', 'Ana Lyst (research desk)'],
        ['merge', 'claim', 'Ed Itor (standards)'],
      ]),
    );
    // The other claims' own creation is not this claim's, though the link and the merge are.
    expect(items.some((e) => e.entityId === other.body.id)).toBe(false);
    expect(items.filter((e) => e.entityId === duplicate.body.id).map((e) => e.action)).toEqual([
      'merge',
    ]);
    for (const e of items) expect(e.actor).toEqual({ keyId: e.keyId, name: expect.any(String) });

    // Paged like any list, newest first, and combined with the other filters.
    const first = await trail(`claimId=${claimId}&limit=2`);
    const next = await trail(`claimId=${claimId}&limit=100&cursor=${first.nextCursor}`);
    expect([...first.items, ...next.items].map((e) => e.id)).toEqual(items.map((e) => e.id));
    const verdicts = await trail(`claimId=${claimId}&entityType=review`);
    expect(verdicts.items.map((e) => e.action)).toEqual(['review']);
    expect((await trail(`claimId=${randomUUID()}`)).items).toEqual([]);
  });

  it('refuses a claimId that is not a UUID, as a problem', async () => {
    const res = await request(t.raw).get('/v1/audit?claimId=bridge').set(as(editor.key));
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
  });
});
