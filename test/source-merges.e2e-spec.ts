import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClaim, createSource } from './factories.js';
import { createTestApp, type TestApp } from './test-app.js';

/** Merging a duplicate source into the one that survives, and undoing it. */
describe('source merges', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  const merge = (id: string, into: string) =>
    request(t.http).post(`/v1/sources/${id}/merge`).send({ into });
  const stored = async (claimId: string) =>
    (
      await t.db.query(
        `SELECT status, support_groups AS "supportGroups" FROM claims WHERE id = $1`,
        [claimId],
      )
    )[0];
  const explained = async (claimId: string) =>
    (await request(t.http).get(`/v1/claims/${claimId}/corroboration`)).body;

  it('moves stances, relays, affiliates and names to the survivor, re-evaluates, and undoes it all', async () => {
    const reuters = await createSource(t.http, { name: 'Reuters', kind: 'outlet' });
    const reuter = await createSource(t.http, {
      name: 'Reuter',
      kind: 'outlet',
      aliases: ['Reuters News Agency'],
    });
    const reporter = await createSource(t.http, {
      name: 'A Reuter Reporter',
      affiliatedWithId: reuter.id,
    });
    const witness = await createSource(t.http, { name: 'A Witness' });
    // Reuters and its misspelt twin count as two voices: corroborated.
    const claim = await createClaim(t.http, {
      stances: [
        { sourceId: reuters.id, kind: 'asserts' },
        { sourceId: reuter.id, kind: 'confirms' },
      ],
    });
    const relayed = await createClaim(t.http, {
      stances: [{ sourceId: witness.id, kind: 'asserts', viaSourceId: reuter.id }],
    });
    expect(await stored(claim.id)).toEqual({ status: 'corroborated', supportGroups: 2 });

    const res = await merge(reuter.id, reuters.id);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      mergedId: reuter.id,
      movedAffiliateIds: [reporter.id],
      addedAliases: ['Reuter', 'Reuters News Agency'],
      claimsRecomputed: expect.any(Number),
    });
    expect(res.body.movedStanceIds).toHaveLength(1);
    expect(res.body.movedRelayIds).toHaveLength(1);
    expect(res.body.survivor.aliases).toEqual(['Reuter', 'Reuters News Agency']);

    // Stored: the stances, the relay and the affiliate are the survivor's; one voice now.
    const [stance] = await t.db.query('SELECT source_id AS "sourceId" FROM stances WHERE id = $1', [
      res.body.movedStanceIds[0],
    ]);
    expect(stance.sourceId).toBe(reuters.id);
    const [relay] = await t.db.query(
      'SELECT via_source_id AS "via" FROM stances WHERE claim_id = $1',
      [relayed.id],
    );
    expect(relay.via).toBe(reuters.id);
    const [affiliate] = await t.db.query(
      `SELECT affiliated_with_id AS "parent", independence_group_id AS "group" FROM sources WHERE id = $1`,
      [reporter.id],
    );
    expect(affiliate).toEqual({ parent: reuters.id, group: reuters.id });
    expect(await stored(claim.id)).toEqual({ status: 'unverified', supportGroups: 1 });
    const [history] = await t.db.query(
      `SELECT cause, cause_id AS "causeId", to_status AS "to" FROM claim_history WHERE claim_id = $1 ORDER BY id DESC LIMIT 1`,
      [claim.id],
    );
    expect(history).toEqual({ cause: 'source_merged', causeId: reuter.id, to: 'unverified' });

    // The duplicate answers 410 naming the survivor; its names now lead to the survivor.
    const gone = await request(t.http).get(`/v1/sources/${reuter.id}`);
    expect(gone.status).toBe(410);
    expect(gone.body).toMatchObject({ code: 'SOURCE_MERGED', mergedIntoId: reuters.id });
    const again = await request(t.http)
      .post('/v1/sources')
      .send({ name: 'reuter', kind: 'outlet' });
    expect(again.status).toBe(409);
    expect(again.body.existingSourceId).toBe(reuters.id);
    const listed = await request(t.http).get('/v1/sources').query({ q: 'Reuter', limit: 200 });
    expect(listed.body.items.map((s: { id: string }) => s.id)).not.toContain(reuter.id);
    const onMerged = await request(t.http)
      .post(`/v1/claims/${claim.id}/stances`)
      .send({ sourceId: reuter.id, kind: 'denies' });
    expect(onMerged.status).toBe(422);
    const [audit] = await t.db.query(
      `SELECT after->>'into' AS into FROM audit_log WHERE entity_type = 'source' AND entity_id = $1 AND action = 'merge'`,
      [reuter.id],
    );
    expect(audit.into).toBe(reuters.id);

    const undone = await request(t.http).post(`/v1/sources/${reuter.id}/unmerge`);
    expect(undone.status, JSON.stringify(undone.body)).toBe(200);
    expect(undone.body.id).toBe(reuter.id);
    expect(await stored(claim.id)).toEqual({ status: 'corroborated', supportGroups: 2 });
    const [back] = await t.db.query('SELECT source_id AS "sourceId" FROM stances WHERE id = $1', [
      res.body.movedStanceIds[0],
    ]);
    expect(back.sourceId).toBe(reuter.id);
    const [relayBack] = await t.db.query(
      'SELECT via_source_id AS "via" FROM stances WHERE claim_id = $1',
      [relayed.id],
    );
    expect(relayBack.via).toBe(reuter.id);
    const [affiliateBack] = await t.db.query(
      `SELECT affiliated_with_id AS "parent", independence_group_id AS "group" FROM sources WHERE id = $1`,
      [reporter.id],
    );
    expect(affiliateBack).toEqual({ parent: reuter.id, group: reuter.id });
    expect((await request(t.http).get(`/v1/sources/${reuters.id}`)).body.aliases).toEqual([]);
    expect((await request(t.http).get(`/v1/sources/${reuter.id}`)).status).toBe(200);
    const [lastHistory] = await t.db.query(
      `SELECT cause FROM claim_history WHERE claim_id = $1 ORDER BY id DESC LIMIT 1`,
      [claim.id],
    );
    expect(lastHistory.cause).toBe('source_unmerged');
  });

  it('refuses what cannot be merged, changing nothing', async () => {
    const a = await createSource(t.http, { name: 'Merge Refusal Parent' });
    const child = await createSource(t.http, {
      name: 'Merge Refusal Child',
      affiliatedWithId: a.id,
    });
    const self = await merge(a.id, a.id);
    expect(self.status).toBe(422);
    expect(self.body.code).toBe('SOURCE_MERGE_INTO_SELF');
    const missing = await merge(a.id, '00000000-0000-4000-8000-000000000000');
    expect(missing.status).toBe(422);
    expect(missing.body.code).toBe('SOURCE_MERGE_TARGET_NOT_FOUND');
    const beneath = await merge(a.id, child.id);
    expect(beneath.status).toBe(422);
    expect(beneath.body.code).toBe('SOURCE_MERGE_WOULD_CYCLE');
    const unknown = await merge('00000000-0000-4000-8000-000000000000', a.id);
    expect(unknown.status).toBe(404);
    const notMerged = await request(t.http).post(`/v1/sources/${a.id}/unmerge`);
    expect(notMerged.status).toBe(409);
    expect(notMerged.body.code).toBe('SOURCE_NOT_MERGED');
    const rows = await t.db.query(
      `SELECT id, merged_into_id AS "mergedIntoId", version FROM sources WHERE id = ANY($1::uuid[]) ORDER BY name`,
      [[a.id, child.id]],
    );
    expect(rows).toEqual([
      { id: child.id, mergedIntoId: null, version: 1 },
      { id: a.id, mergedIntoId: null, version: 1 },
    ]);
    // Merging into the child's parent the other way round is fine.
    const ok = await merge(child.id, a.id);
    expect(ok.status).toBe(200);
    const twice = await merge(child.id, a.id);
    expect(twice.status).toBe(410);
  });

  it('needs an editor', async () => {
    const key = (
      await request(t.http).post('/v1/api-keys').send({ name: 'an analyst', role: 'analyst' })
    ).body.key;
    const a = await createSource(t.http);
    const b = await createSource(t.http);
    const res = await request(t.raw)
      .post(`/v1/sources/${a.id}/merge`)
      .set('Authorization', `Bearer ${key}`)
      .send({ into: b.id });
    expect(res.status).toBe(403);
  });

  it('leaves every claim right when stances race a merge', async () => {
    const survivor = await createSource(t.http, { name: 'Race Survivor' });
    const duplicate = await createSource(t.http, { name: 'Race Duplicate' });
    const other = await createSource(t.http, { name: 'Race Other' });
    const claims = await Promise.all(
      [0, 1, 2].map(() =>
        createClaim(t.http, { stances: [{ sourceId: other.id, kind: 'asserts' }] }),
      ),
    );
    const writes = claims.flatMap((c) =>
      [survivor.id, duplicate.id].map((sourceId) =>
        request(t.http).post(`/v1/claims/${c.id}/stances`).send({ sourceId, kind: 'confirms' }),
      ),
    );
    const [merged, ...answers] = await Promise.all([merge(duplicate.id, survivor.id), ...writes]);
    expect(merged.status).toBe(200);
    for (const a of answers) expect([201, 422]).toContain(a.status);
    const onDuplicate = await t.db.query('SELECT 1 FROM stances WHERE source_id = $1', [
      duplicate.id,
    ]);
    expect(onDuplicate).toEqual([]);
    for (const c of claims) {
      const e = await explained(c.id);
      expect(await stored(c.id)).toEqual({ status: e.status, supportGroups: e.support.groups });
    }
  });
});
