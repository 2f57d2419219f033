import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from './factories.js';
import { expectProblem } from './problem.js';
import { clearOfWindowEdge } from './rate-limit.shared.js';
import { createTestApp, type TestApp } from './test-app.js';

interface Change {
  at: string;
  actor: { keyId: string; name: string } | null;
  action: string;
  summary: string;
  entityType: string;
  entityId: string;
  auditId: number | null;
  historyId: number | null;
  relatedClaimId: string | null;
  sourceId: string | null;
  effect: {
    fromStatus: string | null;
    toStatus: string;
    fromScore: number | null;
    toScore: number;
  } | null;
}
interface ClaimActivity {
  claimId: string;
  statement: string | null;
  status: string | null;
  deleted: boolean;
  mergedIntoId: string | null;
  statusAtSince: string | null;
  lastChangedAt: string;
  changes: Change[];
  more: boolean;
}

/**
 * GET /v1/activity: what changed since a moment, grouped by claim, each change told in a sentence
 * with who made it and what it did to the claim's status — read back against the audit trail and
 * the status history it is made from.
 */
describe('activity since a moment', () => {
  let t: TestApp;
  let analyst: { id: string; key: string };
  let editor: { id: string; key: string };
  let viewer: { id: string; key: string };
  const as = (key: string) => ({ Authorization: `Bearer ${key}` });
  const ids: Record<string, string> = {};
  let start: string;
  let afterVerdict: string;

  const activity = (query: Record<string, string | number>, key = viewer.key) =>
    request(t.raw).get('/v1/activity').query(query).set(as(key));
  const post = async (path: string, body: unknown, key: string) => {
    const res = await request(t.raw)
      .post(path)
      .set(as(key))
      .send(body as object);
    expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
    return res.body;
  };
  /** The database's clock, so moments taken here order with the rows it stamps. */
  const dbNow = async (): Promise<string> => {
    const [row] = await t.db.query(`SELECT clock_timestamp() AS now`);
    return new Date(row.now).toISOString();
  };

  beforeAll(async () => {
    t = await createTestApp();
    analyst = await createApiKey(t.http, 'Ana Lyst (research desk)', 'analyst');
    editor = await createApiKey(t.http, 'Ed Itor (standards)', 'editor');
    viewer = await createApiKey(t.http, 'Vi Ewer (wall screen)', 'viewer');
    start = await dbNow();
    for (const name of ['Outlet North', 'Outlet South', 'Ministry West']) {
      ids[name] = (
        await post(
          '/v1/sources',
          { name, kind: name.startsWith('Ministry') ? 'government' : 'outlet' },
          analyst.key,
        )
      ).id;
    }
    ids.bridge = (
      await post(
        '/v1/claims',
        {
          statement: 'The harbour bridge closed on Monday.',
          stances: [
            { sourceId: ids['Outlet North'], kind: 'asserts', statedAt: '2026-11-01T08:00:00Z' },
          ],
        },
        analyst.key,
      )
    ).id;
    await post(
      `/v1/claims/${ids.bridge}/stances`,
      { sourceId: ids['Outlet South'], kind: 'confirms', statedAt: '2026-11-01T09:00:00Z' },
      analyst.key,
    );
    ids.review = (
      await post(
        `/v1/claims/${ids.bridge}/reviews`,
        { verdict: 'true', rationale: 'Two desks saw it.' },
        editor.key,
      )
    ).id;
    afterVerdict = await dbNow();
    ids.denial = (
      await post(
        `/v1/claims/${ids.bridge}/stances`,
        { sourceId: ids['Ministry West'], kind: 'denies', statedAt: '2026-11-01T10:00:00Z' },
        analyst.key,
      )
    ).id;
    ids.ferry = (
      await post('/v1/claims', { statement: 'The ferry ran all week.' }, analyst.key)
    ).id;
    await post(
      `/v1/claims/${ids.ferry}/links`,
      { toClaimId: ids.bridge, kind: 'contradicts' },
      analyst.key,
    );
    ids.duplicate = (
      await post('/v1/claims', { statement: 'Harbour bridge shut Monday.' }, analyst.key)
    ).id;
    await post(`/v1/claims/${ids.duplicate}/merge`, { into: ids.bridge }, editor.key);
    ids.gone = (
      await post('/v1/claims', { statement: 'A claim logged by mistake.' }, analyst.key)
    ).id;
    const del = await request(t.raw).delete(`/v1/claims/${ids.gone}`).set(as(editor.key));
    expect(del.status).toBe(204);
  });
  afterAll(() => t?.close());

  /** The order the claims changed in, newest first; the bridge and the duplicate tie on the merge. */
  let newestFirst: string[];
  beforeAll(() => {
    const tied = [ids.bridge, ids.duplicate].sort().reverse();
    newestFirst = [ids.gone, ...tied, ids.ferry];
  });

  it('groups the changes by claim, newest first, each told with who made it and what it did', async () => {
    const res = await activity({ since: start });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ since: start, until: null, complete: true, nextCursor: null });
    const items: ClaimActivity[] = res.body.items;
    // Newest change first: the deleted claim; then the bridge and the duplicate, whose newest change
    // is the same merge (a tie, broken by claim id, descending); then the ferry.
    expect(items.map((i) => i.claimId)).toEqual(newestFirst);
    const [bridgeLast, duplicateLast] = [ids.bridge, ids.duplicate].map(
      (id) => items.find((i) => i.claimId === id)!.lastChangedAt,
    );
    expect(bridgeLast).toBe(duplicateLast);

    const bridge = items.find((i) => i.claimId === ids.bridge)!;
    expect(bridge).toMatchObject({
      statement: 'The harbour bridge closed on Monday.',
      status: 'disputed',
      deleted: false,
      mergedIntoId: null,
      statusAtSince: null,
      more: false,
    });
    const ana = { keyId: analyst.id, name: 'Ana Lyst (research desk)' };
    const ed = { keyId: editor.id, name: 'Ed Itor (standards)' };
    expect(bridge.changes.map((c) => [c.action, c.summary, c.actor])).toEqual([
      [
        'claim.duplicate_merged',
        'merged the duplicate “Harbour bridge shut Monday.” into this claim',
        ed,
      ],
      ['link.added', 'linked: “The ferry ran all week.” contradicts this claim', ana],
      ['stance.added', 'added a stance: Ministry West denies', ana],
      ['verdict.recorded', 'recorded the verdict true', ed],
      ['stance.added', 'added a stance: Outlet South confirms', ana],
      ['claim.created', 'created the claim', ana],
      ['stance.added', 'added a stance: Outlet North asserts', ana],
    ]);
    // What each write did to the status, from the history written with it.
    const effects = bridge.changes.map((c) => c.effect && [c.effect.fromStatus, c.effect.toStatus]);
    expect(effects[2]).toEqual(['corroborated', 'disputed']);
    expect(effects[4]).toEqual(['unverified', 'corroborated']);
    expect(effects[5]).toEqual([null, 'unsourced']);
    expect(effects[6]).toEqual(['unsourced', 'unverified']);
    expect(effects[3]).toBeNull();
    expect(bridge.changes[2]).toMatchObject({
      entityType: 'stance',
      entityId: ids.denial,
      sourceId: ids['Ministry West'],
    });
    expect(bridge.changes[0].relatedClaimId).toBe(ids.duplicate);
    expect(bridge.changes[1].relatedClaimId).toBe(ids.ferry);

    // Read back against what is stored: every audit and history id is the claim's own.
    const audit = await t.db.query(
      `SELECT id::int AS id FROM audit_log
        WHERE audit_claim_ids(entity_type, entity_id, before, after) @> ARRAY[$1::uuid] AND at >= $2
        ORDER BY id DESC`,
      [ids.bridge, start],
    );
    expect(bridge.changes.map((c) => c.auditId)).toEqual(audit.map((r: { id: number }) => r.id));
    const history = await t.db.query(
      `SELECT id::int AS id, to_status FROM claim_history WHERE claim_id = $1 ORDER BY id DESC`,
      [ids.bridge],
    );
    const told = bridge.changes.flatMap((c) => (c.historyId === null ? [] : [c.historyId]));
    expect(new Set(told)).toEqual(new Set(history.map((h: { id: number }) => h.id)));
  });

  it('tells the other side of a link and a merge, and keeps a deleted claim with its words', async () => {
    const items: ClaimActivity[] = (await activity({ since: start })).body.items;
    const ferry = items.find((i) => i.claimId === ids.ferry)!;
    expect(ferry.changes.map((c) => c.summary)).toEqual([
      'linked: this claim contradicts “The harbour bridge closed on Monday.”',
      'created the claim',
    ]);
    const duplicate = items.find((i) => i.claimId === ids.duplicate)!;
    expect(duplicate).toMatchObject({ mergedIntoId: ids.bridge, deleted: false });
    expect(duplicate.changes[0]).toMatchObject({
      action: 'claim.merged_into',
      summary: 'merged this claim into “The harbour bridge closed on Monday.”',
      relatedClaimId: ids.bridge,
    });
    const gone = items.find((i) => i.claimId === ids.gone)!;
    expect(gone).toMatchObject({
      deleted: true,
      status: null,
      statement: 'A claim logged by mistake.',
    });
    expect(gone.changes.map((c) => c.action)).toEqual(['claim.deleted', 'claim.created']);
  });

  it('from a later moment: only the changes since, and the status the claim had then', async () => {
    const res = await activity({ since: afterVerdict });
    expect(res.status).toBe(200);
    const bridge = (res.body.items as ClaimActivity[]).find((i) => i.claimId === ids.bridge)!;
    expect(bridge.statusAtSince).toBe('corroborated');
    expect(bridge.changes.map((c) => c.action)).toEqual([
      'claim.duplicate_merged',
      'link.added',
      'stance.added',
    ]);
    // Up to a moment: `until` leaves the later changes out.
    const early = await activity({ since: start, until: afterVerdict });
    expect((early.body.items as ClaimActivity[]).map((i) => i.claimId)).toEqual([ids.bridge]);
    expect(early.body.items[0].changes.map((c: Change) => c.action)).toEqual([
      'verdict.recorded',
      'stance.added',
      'claim.created',
      'stance.added',
    ]);
  });

  it("one person's changes only, with keyId", async () => {
    const res = await activity({ since: start, keyId: editor.id });
    expect(res.status).toBe(200);
    const items: ClaimActivity[] = res.body.items;
    expect(new Set(items.flatMap((i) => i.changes.map((c) => c.actor?.keyId)))).toEqual(
      new Set([editor.id]),
    );
    expect(items.map((i) => i.claimId).sort()).toEqual(
      [ids.gone, ids.bridge, ids.duplicate].sort(),
    );
  });

  it('pages through the claims with the cursor, each once', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const res = await activity({ since: start, limit: 1, ...(cursor ? { cursor } : {}) });
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(1);
      seen.push(...res.body.items.map((i: ClaimActivity) => i.claimId));
      cursor = res.body.nextCursor ?? undefined;
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toEqual(newestFirst);
  });

  it('tells a status change no write on the claim explains: a source regraded', async () => {
    const since = await dbNow();
    const res = await request(t.raw)
      .patch(`/v1/sources/${ids['Outlet South']}`)
      .set(as(analyst.key))
      .send({ reliability: 'E' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const [stored] = await t.db.query(
      `SELECT id::int AS id, cause, from_score, to_score FROM claim_history
        WHERE claim_id = $1 AND changed_at >= $2 ORDER BY id DESC LIMIT 1`,
      [ids.bridge, since],
    );
    expect(stored.cause).toBe('source_changed');
    const after = await activity({ since });
    const bridge = (after.body.items as ClaimActivity[]).find((i) => i.claimId === ids.bridge)!;
    expect(bridge.changes).toHaveLength(1);
    expect(bridge.changes[0]).toMatchObject({
      action: 'status.changed',
      auditId: null,
      historyId: stored.id,
      actor: { keyId: analyst.id, name: 'Ana Lyst (research desk)' },
      effect: { fromScore: Number(stored.from_score), toScore: Number(stored.to_score) },
    });
    expect(bridge.changes[0].summary).toMatch(/^a source's grade or affiliation changed: /);
  });

  it('weighs at most the newest 5,000 entries of a busy span, and says the answer is not complete', async () => {
    const since = await dbNow();
    // 5,001 edits of one claim's record, written straight into the trail (as a busy desk would).
    await t.db.query(
      `INSERT INTO audit_log (key_id, action, entity_type, entity_id, before, after)
       SELECT $1::uuid, 'update', 'claim', $2::uuid, '{"tags": []}'::jsonb, jsonb_build_object('tags', jsonb_build_array('t' || i))
         FROM generate_series(1, 5001) AS i`,
      [analyst.id, ids.ferry],
    );
    const res = await activity({ since });
    expect(res.status).toBe(200);
    expect(res.body.complete).toBe(false);
    const ferry = (res.body.items as ClaimActivity[]).find((i) => i.claimId === ids.ferry)!;
    expect(ferry.changes).toHaveLength(20);
    expect(ferry.more).toBe(true);
    expect(ferry.changes[0]).toMatchObject({
      action: 'claim.edited',
      summary: "edited the claim's tags",
    });
    // A key filter looks among those same newest entries.
    const mine = await activity({ since, keyId: editor.id });
    expect(mine.body).toMatchObject({ items: [], complete: false });
  });

  it('costs a heavy read of the caller’s rate budget, like the graph and a search', async () => {
    await clearOfWindowEdge(t.config.RATE_LIMIT_WINDOW_MS, 5_000);
    const remaining = async (path: string) => {
      const res = await request(t.raw).get(path).set(as(viewer.key));
      expect(res.status).toBe(200);
      return Number(res.headers['x-ratelimit-remaining']);
    };
    const before = await remaining(`/v1/claims/${ids.bridge}`);
    const after = await remaining(`/v1/activity?since=${encodeURIComponent(start)}`);
    expect(before - after).toBe(5);
    expect(after - (await remaining(`/v1/claims/${ids.bridge}`))).toBe(1);
  });

  it('refuses what it cannot answer, with a problem', async () => {
    expectProblem(await activity({ since: 'yesterday' }), 400, 'VALIDATION_FAILED', ['since']);
    expectProblem(await activity({ since: start, until: start }), 400, 'INVALID_VALUE');
    expectProblem(await activity({ limit: 51 }), 400, 'VALIDATION_FAILED', ['limit']);
    expectProblem(await activity({ keyId: 'nobody' }), 400, 'VALIDATION_FAILED', ['keyId']);
    expectProblem(await activity({ cursor: 'not-a-cursor' }), 400, 'INVALID_CURSOR');
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expectProblem(await activity({ since: future }), 400, 'VALIDATION_FAILED', ['since']);
    const anonymous = await request(t.raw).get('/v1/activity');
    expectProblem(anonymous, 401);
  });
});
