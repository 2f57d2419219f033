import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFoundingArticle, type FoundingArticle } from './factories.js';
import { createTestApp, type TestApp } from './test-app.js';

/** The founding article (docs/design.md §9 The worked example), loaded through the API exactly as an analyst would. */
describe('worked example: the Trump–Rouhani meeting story', () => {
  let t: TestApp;
  let ids: {
    sources: Record<string, string>;
    claims: Record<string, string>;
    data: FoundingArticle;
  };

  beforeAll(async () => {
    t = await createTestApp();
    ids = await loadFoundingArticle(t.http);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('puts the spokesman, his ministry and Rouhani in the Iranian government’s independence group', async () => {
    const rows: { id: string; group: string }[] = await t.db.query(
      'SELECT id, independence_group_id AS "group" FROM sources',
    );
    const groupOf = new Map(rows.map((r) => [r.id, r.group]));
    const iran = ids.sources['iran-government'];
    for (const key of ['iran-government', 'iran-mfa', 'ghassemi', 'rouhani']) {
      expect(groupOf.get(ids.sources[key]), key).toBe(iran);
    }
    for (const key of ['fazaeli', 'white-house', 'al-monitor']) {
      expect(groupOf.get(ids.sources[key]), key).toBe(ids.sources[key]);
    }
  });

  it('reaches every expected status and count, in the API and in the stored rows', async () => {
    for (const [key, expected] of Object.entries(ids.data.expected)) {
      const res = await request(t.http).get(`/v1/claims/${ids.claims[key]}`);
      expect(res.status).toBe(200);
      expect(
        { status: res.body.status, support: res.body.support, refute: res.body.refute },
        key,
      ).toEqual(expected);

      const [row] = await t.db.query(
        `SELECT status, support_groups, support_sources, refute_groups, refute_sources FROM claims WHERE id = $1`,
        [ids.claims[key]],
      );
      expect(row, key).toEqual({
        status: expected.status,
        support_groups: expected.support.groups,
        support_sources: expected.support.sources,
        refute_groups: expected.refute.groups,
        refute_sources: expected.refute.sources,
      });
    }
  });

  it('explains trump-request: two supporting groups against the White House', async () => {
    const res = await request(t.http).get(
      `/v1/claims/${ids.claims['trump-request']}/corroboration`,
    );
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('disputed');
    expect(res.body.asOf).toBeNull();
    expect(res.body.summary).toMatch(
      /^Disputed: 2 independent groups support the claim and 1 independent group denies it\.$/,
    );

    const positions = Object.fromEntries(
      res.body.groups.map((g: { groupId: string; position: string }) => [g.groupId, g.position]),
    );
    expect(positions).toEqual({
      [ids.sources['fazaeli']]: 'supports',
      [ids.sources['iran-government']]: 'supports',
      [ids.sources['white-house']]: 'refutes',
    });

    const iran = res.body.groups.find(
      (g: { groupId: string }) => g.groupId === ids.sources['iran-government'],
    );
    expect(iran.groupName).toBe('Government of the Islamic Republic of Iran');
    expect(iran.members).toEqual([
      expect.objectContaining({
        sourceId: ids.sources['ghassemi'],
        sourceName: 'Bahram Ghassemi',
        kind: 'confirms',
        statedAt: '2017-10-29T12:00:00.000Z',
      }),
    ]);
    expect(iran.summary).toContain('Bahram Ghassemi confirms it');

    const stanceIds: string[] = res.body.groups.flatMap((g: { members: { stanceId: string }[] }) =>
      g.members.map((m) => m.stanceId),
    );
    const stored: { id: string }[] = await t.db.query(
      'SELECT id FROM stances WHERE claim_id = $1',
      [ids.claims['trump-request']],
    );
    expect(new Set(stanceIds)).toEqual(new Set(stored.map((s) => s.id)));

    const [claim] = await t.db.query('SELECT score FROM claims WHERE id = $1', [
      ids.claims['trump-request'],
    ]);
    expect(res.body.score).toBeCloseTo(Number(claim.score), 12);
  });

  it('as of 2017-10-30T00:00Z, before the denial, trump-request was corroborated', async () => {
    const res = await request(t.http)
      .get(`/v1/claims/${ids.claims['trump-request']}/corroboration`)
      .query({ asOf: '2017-10-30T00:00:00Z' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      asOf: '2017-10-30T00:00:00.000Z',
      status: 'corroborated',
      support: { groups: 2, sources: 2 },
      refute: { groups: 0, sources: 0 },
    });
    expect(res.body.groups.map((g: { position: string }) => g.position)).toEqual([
      'supports',
      'supports',
    ]);
    expect(res.body.summary).toMatch(/^As of 2017-10-30T00:00:00.000Z: Corroborated:/);
  });

  it('as of the morning of 29 October, only Fazaeli had spoken: unverified', async () => {
    const res = await request(t.http)
      .get(`/v1/claims/${ids.claims['trump-request']}/corroboration`)
      .query({ asOf: '2017-10-29T09:00:00Z' });
    expect(res.body).toMatchObject({ status: 'unverified', support: { groups: 1, sources: 1 } });
  });

  it('before anyone spoke, the claim was unsourced', async () => {
    const res = await request(t.http)
      .get(`/v1/claims/${ids.claims['trump-request']}/corroboration`)
      .query({ asOf: '2017-10-01T00:00:00Z' });
    expect(res.body).toMatchObject({ status: 'unsourced', score: 0.5, groups: [] });
  });

  it('keeps the links between the claims', async () => {
    const res = await request(t.http).get(`/v1/claims/${ids.claims['trump-request']}/links`);
    expect(res.status).toBe(200);
    const seen = res.body.items.map((l: { fromClaimId: string; kind: string }) => [
      l.fromClaimId,
      l.kind,
    ]);
    expect(seen).toEqual(
      expect.arrayContaining([
        [ids.claims['iran-rebuffed'], 'depends_on'],
        [ids.claims['macron-offer'], 'related'],
      ]),
    );
    expect(seen).toHaveLength(2);
  });
});
