import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { EntityManager } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DashboardAggregates1796256000000 } from '../migrations/1796256000000-dashboard-aggregates.js';
import { CorroborationRepository } from '../src/corroboration/corroboration.repository.js';
import { CorroborationService } from '../src/corroboration/corroboration.service.js';
import { DeltaFoldRepository } from '../src/stats/delta-fold.repository.js';
import { STATS_QUERIES } from '../src/stats/stats.repository.js';
import { StatsService } from '../src/stats/stats.service.js';
import { addStance, createClaim, createSource, loadFoundingArticle } from './factories.js';
import { expectProblem } from './problem.js';
import { createTestApp, type TestApp } from './test-app.js';

/**
 * GET /v1/stats: every section for the worked example, worked out by hand; the aggregates against
 * fresh counts over the base tables after a mixed workload (concurrent writers, merges, deletes,
 * re-affiliations, bulk SQL); the query plans; and bad input.
 */

const STATUSES = [
  'unsourced',
  'disputed',
  'denied',
  'corroborated',
  'retracted',
  'unverified',
] as const;
type Status = (typeof STATUSES)[number];

/** All six statuses, zero unless given. */
const byStatus = (counts: Partial<Record<Status, number>> = {}): Record<Status, number> =>
  Object.fromEntries(STATUSES.map((s) => [s, counts[s] ?? 0])) as Record<Status, number>;

async function getStats(t: TestApp, query = ''): Promise<any> {
  const res = await request(t.http).get(`/v1/stats${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);

// ============================================================================ the worked example

describe('GET /v1/stats on the worked example', () => {
  let t: TestApp;
  let ids: Awaited<ReturnType<typeof loadFoundingArticle>>;

  beforeAll(async () => {
    t = await createTestApp();
    ids = await loadFoundingArticle(t.http);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('counts live claims by status: one disputed, one corroborated, three unverified', async () => {
    const body = await getStats(t, '?include=claims');
    expect(Object.keys(body).sort()).toEqual(['claims', 'generatedAt']);
    expect(body.claims).toEqual({
      total: 5,
      byStatus: byStatus({ disputed: 1, corroborated: 1, unverified: 3 }),
    });
  });

  it('counts claims by tag and status, most claims first, ties by tag', async () => {
    const body = await getStats(t, '?include=tags');
    expect(body.tags).toEqual([
      {
        tag: 'iran',
        claims: 5,
        byStatus: byStatus({ disputed: 1, corroborated: 1, unverified: 3 }),
      },
      {
        tag: 'unga-2017',
        claims: 4,
        byStatus: byStatus({ disputed: 1, corroborated: 1, unverified: 2 }),
      },
      {
        tag: 'united-states',
        claims: 4,
        byStatus: byStatus({ disputed: 1, corroborated: 1, unverified: 2 }),
      },
      { tag: 'france', claims: 2, byStatus: byStatus({ unverified: 2 }) },
    ]);
    expect((await getStats(t, '?include=tags&tagLimit=2')).tags.map((r: any) => r.tag)).toEqual([
      'iran',
      'unga-2017',
    ]);
  });

  it('counts the status changes per UTC day over the last 30 days by default', async () => {
    const body = await getStats(t, '?include=statusChanges');
    const changes = body.statusChanges;
    const today = body.generatedAt.slice(0, 10);
    expect(changes).toMatchObject({ to: today, timeZone: 'UTC' });
    expect(changes.days).toHaveLength(30);
    expect(changes.days[0].day).toBe(changes.from);
    expect(changes.days[29].day).toBe(today);
    expect(
      new Date(`${today}T00:00:00Z`).getTime() - new Date(`${changes.from}T00:00:00Z`).getTime(),
    ).toBe(29 * 86_400_000);
    // trump-request: unsourced → unverified → corroborated → disputed; iran-rebuffed: → unverified →
    // corroborated; the other three: → unverified once. Creations and neutral stances change nothing.
    expect(changes.total).toBe(8);
    const toStatus = byStatus();
    for (const d of changes.days) {
      expect(d.changes).toBe(sum(Object.values(d.toStatus)));
      for (const s of STATUSES) toStatus[s] += d.toStatus[s];
    }
    expect(toStatus).toEqual(byStatus({ unverified: 5, corroborated: 2, disputed: 1 }));
  });

  it('ranks the disputed claims: only trump-request, two groups for and one against', async () => {
    const body = await getStats(t, '?include=mostDisputed');
    expect(body.mostDisputed).toEqual([
      {
        id: ids.claims['trump-request'],
        statement: ids.data.claims.find((c) => c.key === 'trump-request')!.statement,
        tags: ['iran', 'united-states', 'unga-2017'],
        score: expect.any(Number),
        support: { groups: 2, sources: 2 },
        refute: { groups: 1, sources: 1 },
        statusChangedAt: expect.any(String),
      },
    ]);
    const [{ score, status_changed_at }] = await t.db.query(
      'SELECT score, status_changed_at FROM claims WHERE id = $1',
      [ids.claims['trump-request']],
    );
    expect(body.mostDisputed[0].score).toBe(Number(score));
    expect(body.mostDisputed[0].statusChangedAt).toBe(new Date(status_changed_at).toISOString());
  });

  it('says how often each pair of independence groups agreed on the claims they share', async () => {
    const body = await getStats(t, '?include=agreement');
    const iran = ids.sources['iran-government'];
    const fazaeli = ids.sources['fazaeli'];
    const whiteHouse = ids.sources['white-house'];
    const name = (id: string) =>
      ({
        [iran]: 'Government of the Islamic Republic of Iran',
        [fazaeli]: 'Mehdi Fazaeli',
        [whiteHouse]: 'The White House',
      })[id];
    const pair = (a: string, b: string, agree: number, disagree: number, sharedClaims: number) => {
      const [x, y] = [a, b].sort();
      return {
        groupA: { id: x, name: name(x) },
        groupB: { id: y, name: name(y) },
        agree,
        disagree,
        sharedClaims,
      };
    };
    // trump-request: Iran and Fazaeli support, the White House denies; iran-rebuffed: Iran and Fazaeli
    // support. Iran only declines to confirm macron-offer (no position); Al-Monitor shares no claim.
    const expected = [pair(iran, whiteHouse, 0, 1, 1), pair(fazaeli, whiteHouse, 0, 1, 1)].sort(
      (p, q) => (`${p.groupA.id}${p.groupB.id}` < `${q.groupA.id}${q.groupB.id}` ? -1 : 1),
    );
    expect(body.agreement).toEqual([pair(iran, fazaeli, 2, 0, 2), ...expected]);
  });

  it("answers one group's pairs with it as group A; a member source stands for its group", async () => {
    const iran = ids.sources['iran-government'];
    const body = await getStats(
      t,
      `?include=agreement&groupId=${ids.sources['ghassemi'].toUpperCase()}`,
    );
    const iranRef = { id: iran, name: 'Government of the Islamic Republic of Iran' };
    expect(body.agreement).toEqual([
      {
        groupA: iranRef,
        groupB: { id: ids.sources['fazaeli'], name: 'Mehdi Fazaeli' },
        agree: 2,
        disagree: 0,
        sharedClaims: 2,
      },
      {
        groupA: iranRef,
        groupB: { id: ids.sources['white-house'], name: 'The White House' },
        agree: 0,
        disagree: 1,
        sharedClaims: 1,
      },
    ]);
    const one = await getStats(
      t,
      `?include=agreement&groupId=${ids.sources['white-house']}&agreementLimit=1`,
    );
    expect(one.agreement).toHaveLength(1);
    expect(one.agreement[0].groupA.id).toBe(ids.sources['white-house']);
    expect(one.agreement[0]).toMatchObject({ agree: 0, disagree: 1, sharedClaims: 1 });
    expect(
      (await getStats(t, `?include=agreement&groupId=${ids.sources['al-monitor']}`)).agreement,
    ).toEqual([]);
  });

  it('answers every section when include is left out', async () => {
    const body = await getStats(t);
    expect(Object.keys(body).sort()).toEqual([
      'agreement',
      'claims',
      'generatedAt',
      'mostDisputed',
      'statusChanges',
      'tags',
    ]);
  });

  it('buckets status changes by UTC day over an explicit range, counting only changes of status', async () => {
    const history = async (changedAt: string, from: Status | null, to: Status) =>
      t.db.query(
        `INSERT INTO claim_history (claim_id, from_status, to_status, from_score, to_score, support_groups, support_sources,
                                    refute_groups, refute_sources, cause, changed_at)
         VALUES ($1, $2, $3, 0.5, 0.6, 0, 0, 0, 0, 'recompute', $4)`,
        [randomUUID(), from, to, changedAt],
      );
    await history('2017-10-29T23:59:59.999Z', 'unverified', 'disputed');
    await history('2017-10-30T00:30:00+01:00', 'unverified', 'corroborated'); // 23:30 UTC on the 29th
    await history('2017-10-30T00:00:00Z', 'corroborated', 'disputed');
    await history('2017-10-30T12:00:00Z', 'disputed', 'disputed'); // the score moved, the status did not
    await history('2017-10-30T13:00:00Z', null, 'unsourced'); // a creation
    const body = await getStats(t, '?include=statusChanges&from=2017-10-28&to=2017-10-31');
    expect(body.statusChanges).toEqual({
      from: '2017-10-28',
      to: '2017-10-31',
      timeZone: 'UTC',
      total: 3,
      days: [
        { day: '2017-10-28', changes: 0, toStatus: byStatus() },
        { day: '2017-10-29', changes: 2, toStatus: byStatus({ disputed: 1, corroborated: 1 }) },
        { day: '2017-10-30', changes: 1, toStatus: byStatus({ disputed: 1 }) },
        { day: '2017-10-31', changes: 0, toStatus: byStatus() },
      ],
    });
    const single = await getStats(t, '?include=statusChanges&from=2017-10-30&to=2017-10-30');
    expect(single.statusChanges.days).toEqual([
      { day: '2017-10-30', changes: 1, toStatus: byStatus({ disputed: 1 }) },
    ]);
    const year = await getStats(t, '?include=statusChanges&from=2017-01-01&to=2018-01-01');
    expect(year.statusChanges.days).toHaveLength(366);
    expect(year.statusChanges.total).toBe(3);
  });

  describe('refuses bad input with 400 problem+json', () => {
    it.each([
      ['an unknown section', '?include=claims,bogus', 'include'],
      ['an empty include', '?include=', 'include'],
      ['include given twice', '?include=claims&include=tags', 'include'],
      ['a day that does not exist', '?from=2017-02-29', 'from'],
      ['a month that does not exist', '?to=2017-13-01', 'to'],
      ['an instant instead of a day', '?from=2017-10-01T00:00:00Z', 'from'],
      ['a word instead of a day', '?to=yesterday', 'to'],
      ['to before from', '?from=2017-10-31&to=2017-10-30', 'to'],
      ['a range over 366 days', '?from=2017-01-01&to=2018-01-02', 'from'],
      ['from after today, to left out', '?from=9999-12-31', 'to'],
      ['tagLimit 0', '?tagLimit=0', 'tagLimit'],
      ['tagLimit over 200', '?tagLimit=201', 'tagLimit'],
      ['tagLimit not a number', '?tagLimit=ten', 'tagLimit'],
      ['a fractional disputedLimit', '?disputedLimit=1.5', 'disputedLimit'],
      ['disputedLimit over 100', '?disputedLimit=101', 'disputedLimit'],
      ['a negative agreementLimit', '?agreementLimit=-1', 'agreementLimit'],
      ['a groupId that is not a UUID', '?groupId=white-house', 'groupId'],
      ['an unknown parameter', '?tz=Europe/Paris', 'tz'],
    ])('%s', async (_case, query, field) => {
      const res = await request(t.http).get(`/v1/stats${query}`);
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });

    it('answers a groupId no source has with 404 SOURCE_NOT_FOUND', async () => {
      expectProblem(
        await request(t.http).get(`/v1/stats?groupId=${randomUUID()}`),
        404,
        'SOURCE_NOT_FOUND',
      );
    });
  });
});

// ==================================================== aggregates against the base tables, and plans

describe('GET /v1/stats after a mixed workload', () => {
  let t: TestApp;
  let s: Record<string, string>;
  let c: Record<string, string>;

  const stance = async (
    claim: string,
    source: string,
    kind: string,
    statedAt?: string,
  ): Promise<string> =>
    (
      await addStance(t.http, c[claim], {
        sourceId: s[source],
        kind,
        ...(statedAt && { statedAt }),
      })
    ).id;

  beforeAll(async () => {
    t = await createTestApp();
    s = {};
    c = {};
    s.gov = (await createSource(t.http, { kind: 'government', reliability: 'B' })).id;
    s.ministry = (await createSource(t.http, { kind: 'government', affiliatedWithId: s.gov })).id;
    s.spokesman = (
      await createSource(t.http, { affiliatedWithId: s.ministry, reliability: 'C' })
    ).id;
    for (const key of ['outlet1', 'outlet2', 'outlet3', 'person1', 'person2', 'wh'])
      s[key] = (await createSource(t.http)).id;

    const claim = async (
      key: string,
      tags: string[],
      stances: { source: string; kind: string }[] = [],
    ) => {
      c[key] = (
        await createClaim(t.http, {
          tags,
          stances: stances.map((x) => ({ sourceId: s[x.source], kind: x.kind })),
        })
      ).id;
    };
    await claim('c1', ['alpha', 'beta'], [{ source: 'spokesman', kind: 'asserts' }]);
    await claim(
      'c2',
      ['alpha'],
      [
        { source: 'outlet1', kind: 'asserts' },
        { source: 'outlet2', kind: 'asserts' },
      ],
    );
    await claim('c3', ['beta', 'gamma'], [{ source: 'wh', kind: 'denies' }]);
    await claim('c4', ['gamma']);
    await claim('c5', ['alpha', 'delta'], [{ source: 'outlet3', kind: 'questions' }]);
    await claim('c6', []);
    await claim(
      'c7',
      ['delta'],
      [
        { source: 'outlet1', kind: 'asserts' },
        { source: 'outlet3', kind: 'denies' },
      ],
    );
    await claim(
      'c8',
      ['alpha'],
      [
        { source: 'person1', kind: 'asserts' },
        { source: 'person2', kind: 'asserts' },
      ],
    );
    await claim('c9', ['epsilon'], [{ source: 'person1', kind: 'denies' }]);

    // Statuses flip back and forth.
    const outlet1OnC1 = await stance('c1', 'outlet1', 'confirms');
    await stance('c1', 'wh', 'denies');
    await stance('c2', 'outlet2', 'retracts');
    await stance('c4', 'person1', 'asserts');
    await stance('c4', 'gov', 'denies');
    await stance('c4', 'ministry', 'asserts'); // the government's group is now split on c4
    const whOnC3 = (await request(t.http).get(`/v1/claims/${c.c3}/stances`)).body.items[0].id;
    expect(
      (await request(t.http).patch(`/v1/stances/${whOnC3}`).send({ kind: 'confirms' })).status,
    ).toBe(200);
    expect((await request(t.http).delete(`/v1/stances/${outlet1OnC1}`)).status).toBe(204);
    expect(
      (
        await request(t.http)
          .patch(`/v1/claims/${c.c5}`)
          .send({ tags: ['delta', 'zeta'] })
      ).status,
    ).toBe(200);

    // Merges: c7 into c1 for good; c9 into c2 and back.
    expect(
      (await request(t.http).post(`/v1/claims/${c.c7}/merge`).send({ into: c.c1 })).status,
    ).toBe(200);
    expect(
      (await request(t.http).post(`/v1/claims/${c.c9}/merge`).send({ into: c.c2 })).status,
    ).toBe(200);
    expect((await request(t.http).post(`/v1/claims/${c.c9}/unmerge`)).status).toBe(200);
    // A deleted claim, and a deleted stance.
    expect((await request(t.http).delete(`/v1/claims/${c.c8}`)).status).toBe(204);

    // Two groups become one (outlet2 now speaks for outlet1), and a person joins the White House.
    expect(
      (
        await request(t.http)
          .patch(`/v1/sources/${s.outlet2}`)
          .send({ affiliatedWithId: s.outlet1 })
      ).status,
    ).toBe(200);
    expect(
      (await request(t.http).patch(`/v1/sources/${s.person2}`).send({ affiliatedWithId: s.wh }))
        .status,
    ).toBe(200);

    // Thirty stances at once over five claims, from every kind of source.
    const sources = [
      'gov',
      'ministry',
      'spokesman',
      'outlet1',
      'outlet2',
      'outlet3',
      'person1',
      'person2',
      'wh',
    ];
    const kinds = ['asserts', 'denies', 'confirms', 'questions', 'reports', 'retracts', 'denies'];
    const claims = ['c1', 'c2', 'c3', 'c4', 'c5'];
    const responses = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        request(t.http)
          .post(`/v1/claims/${c[claims[i % 5]]}/stances`)
          .send({ sourceId: s[sources[(i * 7) % sources.length]], kind: kinds[i % kinds.length] }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(30).fill(201));

    // An import: stances on stored claims (which have sides already) from stored sources, and new
    // claims with stances, a new source among them; the agreement of its pairs is counted once,
    // after its recompute, rather than statement by statement.
    const lines = [
      { type: 'source', key: 'newOutlet', name: 'Imported outlet', kind: 'outlet' },
      ...['c1', 'c2', 'c3', 'c4'].flatMap((claim, i) => [
        {
          type: 'stance',
          claimId: c[claim],
          sourceId: s.outlet3,
          kind: ['denies', 'asserts', 'questions', 'confirms'][i],
        },
        {
          type: 'stance',
          claimId: c[claim],
          sourceId: 'newOutlet',
          kind: i % 2 ? 'asserts' : 'denies',
        },
      ]),
      ...[1, 2, 3].flatMap((n) => [
        { type: 'claim', key: `imported${n}`, statement: `Imported claim ${n}`, tags: ['alpha'] },
        { type: 'stance', claimId: `imported${n}`, sourceId: s.gov, kind: 'asserts' },
        {
          type: 'stance',
          claimId: `imported${n}`,
          sourceId: s.wh,
          kind: n === 2 ? 'asserts' : 'denies',
        },
        { type: 'stance', claimId: `imported${n}`, sourceId: 'newOutlet', kind: 'questions' },
      ]),
    ];
    const imported = await request(t.http)
      .post('/v1/import')
      .set('Content-Type', 'application/x-ndjson')
      .send(lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    expect(imported.status, JSON.stringify(imported.body)).toBe(200);

    // Writes that bypass the API: a bulk load of 200 claims in one statement, some merged away in
    // another, some deleted in a third.
    await t.db.query(
      `INSERT INTO claims (id, statement, tags, status)
       SELECT gen_random_uuid(), 'Bulk claim ' || i, ARRAY['bulk', 'b' || (i % 3)], (ARRAY['unsourced', 'denied', 'unverified'])[1 + i % 3]
         FROM generate_series(1, 200) AS i`,
    );
    await t.db.query(
      `UPDATE claims SET merged_into_id = $1 WHERE id IN (SELECT id FROM claims WHERE 'b1' = ANY(tags) ORDER BY id LIMIT 20)`,
      [c.c6],
    );
    await t.db.query(
      `DELETE FROM claims WHERE id IN (SELECT id FROM claims WHERE 'b2' = ANY(tags) AND merged_into_id IS NULL ORDER BY id LIMIT 30)`,
    );
  });
  afterAll(async () => {
    await t?.close();
  });

  async function liveClaims(): Promise<
    { id: string; status: Status; tags: string[]; sg: number; rg: number; changed: Date }[]
  > {
    return t.db.query(
      `SELECT id, status, tags, support_groups AS sg, refute_groups AS rg, status_changed_at AS changed
         FROM claims WHERE merged_into_id IS NULL`,
    );
  }

  it('counts claims by status as a fresh count of the live claims does', async () => {
    const live = await liveClaims();
    const fresh = byStatus();
    for (const claim of live) fresh[claim.status]++;
    const body = await getStats(t, '?include=claims');
    expect(body.claims).toEqual({ total: live.length, byStatus: fresh });
    expect(live.length).toBe(7 + 3 + 200 - 20 - 30); // c7 merged away, c8 deleted; 3 imported
  });

  it('counts claims by tag as a fresh count does', async () => {
    const fresh = new Map<string, Record<Status, number>>();
    for (const claim of await liveClaims()) {
      for (const tag of claim.tags) {
        const counts = fresh.get(tag) ?? byStatus();
        counts[claim.status]++;
        fresh.set(tag, counts);
      }
    }
    const expected = [...fresh]
      .map(([tag, counts]) => ({ tag, claims: sum(Object.values(counts)), byStatus: counts }))
      .sort((a, b) => b.claims - a.claims || (a.tag < b.tag ? -1 : 1));
    expect((await getStats(t, '?include=tags&tagLimit=200')).tags).toEqual(expected);
    expect(expected.find((e) => e.tag === 'b1')?.claims).toBe(67 - 20);
  });

  it('counts status changes per day as a fresh count of the history does', async () => {
    const rows: { from: Status | null; to: Status; at: Date }[] = await t.db.query(
      'SELECT from_status AS "from", to_status AS "to", changed_at AS at FROM claim_history',
    );
    const fresh = new Map<string, Record<Status, number>>();
    for (const r of rows) {
      if (r.from === null || r.from === r.to) continue;
      const day = new Date(r.at).toISOString().slice(0, 10);
      const counts = fresh.get(day) ?? byStatus();
      counts[r.to]++;
      fresh.set(day, counts);
    }
    const body = await getStats(t, '?include=statusChanges');
    const answered = new Map<string, Record<Status, number>>(
      body.statusChanges.days
        .filter((d: any) => d.changes > 0)
        .map((d: any) => [d.day, d.toStatus]),
    );
    expect(answered).toEqual(fresh);
    expect(body.statusChanges.total).toBeGreaterThan(10);
  });

  it('ranks the disputed claims by the weaker side, then all groups, then the latest to become disputed', async () => {
    const expected = (await liveClaims())
      .filter((x) => x.status === 'disputed')
      .sort(
        (a, b) =>
          Math.min(b.sg, b.rg) - Math.min(a.sg, a.rg) ||
          b.sg + b.rg - (a.sg + a.rg) ||
          new Date(b.changed).getTime() - new Date(a.changed).getTime() ||
          (a.id < b.id ? 1 : -1),
      )
      .map((x) => x.id);
    expect(expected.length).toBeGreaterThan(0);
    const body = await getStats(t, '?include=mostDisputed&disputedLimit=100');
    expect(body.mostDisputed.map((x: any) => x.id)).toEqual(expected);
    const top = await getStats(t, '?include=mostDisputed&disputedLimit=1');
    expect(top.mostDisputed.map((x: any) => x.id)).toEqual(expected.slice(0, 1));
  });

  /** Pairs of groups worked out from each claim's explanation, as the rules see it now. */
  async function freshAgreement(): Promise<
    Map<string, { agree: number; disagree: number; sharedClaims: number }>
  > {
    const claimIds: { id: string }[] = await t.db.query(
      'SELECT DISTINCT c.id FROM claims c JOIN stances st ON st.claim_id = c.id WHERE c.merged_into_id IS NULL',
    );
    const pairs = new Map<string, { agree: number; disagree: number; sharedClaims: number }>();
    for (const { id } of claimIds) {
      const res = await request(t.http).get(`/v1/claims/${id}/corroboration`);
      expect(res.status).toBe(200);
      const sides = (res.body.groups as { groupId: string; position: string; split: boolean }[])
        .filter((g) => g.split || g.position !== 'neutral')
        .map((g) => ({ id: g.groupId, side: g.split ? 'split' : g.position }));
      for (const a of sides) {
        for (const b of sides) {
          if (a.id >= b.id) continue;
          const key = `${a.id} ${b.id}`;
          const p = pairs.get(key) ?? { agree: 0, disagree: 0, sharedClaims: 0 };
          const sided = (x: string) => x === 'supports' || x === 'refutes';
          p.sharedClaims++;
          if (sided(a.side) && sided(b.side)) p[a.side === b.side ? 'agree' : 'disagree']++;
          pairs.set(key, p);
        }
      }
    }
    return pairs;
  }

  it('keeps the agreement matrix equal to one worked out from the claims’ explanations', async () => {
    const fresh = await freshAgreement();
    expect(fresh.size).toBeGreaterThan(3);
    const body = await getStats(t, '?include=agreement&agreementLimit=200');
    const answered = new Map(
      body.agreement.map((p: any) => [
        `${p.groupA.id} ${p.groupB.id}`,
        { agree: p.agree, disagree: p.disagree, sharedClaims: p.sharedClaims },
      ]),
    );
    expect(answered).toEqual(fresh);
    const shared = body.agreement.map((p: any) => p.sharedClaims);
    expect(shared).toEqual([...shared].sort((a, b) => b - a));
    // A group that joined another is no group of its own any more.
    const groups = new Set(body.agreement.flatMap((p: any) => [p.groupA.id, p.groupB.id]));
    expect(groups.has(s.outlet2)).toBe(false);
    expect(groups.has(s.person2)).toBe(false);
    for (const p of body.agreement) {
      expect(p.groupA.name).toEqual(expect.any(String));
      expect(p.groupB.name).toEqual(expect.any(String));
    }
  });

  it("answers one group's pairs as the full matrix has them", async () => {
    const fresh = await freshAgreement();
    const mine = [...fresh]
      .filter(([key]) => key.split(' ').includes(s.wh))
      .map(([key, v]) => ({ other: key.split(' ').find((g) => g !== s.wh)!, ...v }))
      .sort((a, b) => b.sharedClaims - a.sharedClaims || (a.other < b.other ? -1 : 1));
    expect(mine.length).toBeGreaterThan(0);
    const body = await getStats(t, `?include=agreement&groupId=${s.person2}`);
    expect(
      body.agreement.map((p: any) => ({
        other: p.groupB.id,
        agree: p.agree,
        disagree: p.disagree,
        sharedClaims: p.sharedClaims,
      })),
    ).toEqual(mine);
    expect(new Set(body.agreement.map((p: any) => p.groupA.id))).toEqual(new Set([s.wh]));
  });

  it('keeps no sides for claims merged away or deleted', async () => {
    const rows = await t.db.query(
      'SELECT claim_id FROM claim_group_sides WHERE claim_id = ANY($1::uuid[])',
      [[c.c7, c.c8]],
    );
    expect(rows).toEqual([]);
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM claim_group_sides g JOIN claims c ON c.id = g.claim_id WHERE c.merged_into_id IS NOT NULL`,
    );
    expect(n).toBe(0);
  });

  it('keeps the aggregates right through a full recompute, which rewrites what the bulk load got wrong', async () => {
    const corroboration = new CorroborationService(t.db, new CorroborationRepository());
    // The bulk load stored `denied` and `unverified` on claims without stances: the rules say unsourced.
    expect(await corroboration.recomputeAll()).toEqual({ checked: 160, stale: 47 + 37 });
    expect(await corroboration.recomputeAll()).toMatchObject({ stale: 0 });
    const stats = t.app.get(StatsService);
    expect(await stats.checkAggregates(false)).toEqual({
      claims: 0,
      tags: 0,
      statusChanges: 0,
      agreement: 0,
    });
    const body = await getStats(t, '?include=tags&tagLimit=200');
    expect(body.tags.find((x: any) => x.tag === 'b1')).toEqual({
      tag: 'b1',
      claims: 47,
      byStatus: byStatus({ unsourced: 47 }),
    });
  });

  it('folds a backlog in chunks, each in its own transaction, stopping where it began', async () => {
    // A fresh backlog of every kind: new tagged claims (counts, a status change a day) and sides.
    const a = await createSource(t.http, { reliability: 'B' });
    const b = await createSource(t.http, { reliability: 'B' });
    for (let i = 0; i < 4; i++) {
      await createClaim(t.http, {
        tags: ['chunked', `chunked-${i}`],
        stances: [
          { sourceId: a.id, kind: 'asserts' },
          { sourceId: b.id, kind: i % 2 ? 'denies' : 'confirms' },
        ],
      });
    }
    const repo = t.app.get(DeltaFoldRepository);
    const ceiling = await repo.deltaCeiling(t.db.manager);
    // One delta of each kind per transaction: the loop ends, having folded everything up to the ceiling.
    let rounds = 0;
    while (await t.db.transaction((db) => repo.fold(db, { size: 1, ceiling }))) rounds++;
    expect(rounds).toBeLessThan(1000);
    const [left] = await t.db.query(
      `SELECT (SELECT count(*) FROM claim_count_deltas WHERE id <= $1)::int
            + (SELECT count(*) FROM status_change_deltas WHERE id <= $2)::int
            + (SELECT count(*) FROM group_agreement_deltas WHERE id <= $3)::int AS n`,
      [ceiling.counts, ceiling.changes, ceiling.pairs],
    );
    expect(left.n).toBe(0);
    expect(await t.app.get(StatsService).checkAggregates(false)).toEqual({
      claims: 0,
      tags: 0,
      statusChanges: 0,
      agreement: 0,
    });
    const body = await getStats(t, '?include=tags&tagLimit=200');
    expect(body.tags.find((x: any) => x.tag === 'chunked')).toMatchObject({
      tag: 'chunked',
      claims: 4,
    });
  });

  it('finds and rebuilds aggregates that were tampered with', async () => {
    const stats = t.app.get(StatsService);
    const before = await getStats(t, '?agreementLimit=200&tagLimit=200&disputedLimit=100');
    await t.db.query(
      `UPDATE claim_status_counts SET claims = claims + 3 WHERE status = 'disputed'`,
    );
    await t.db.query(`UPDATE claim_tag_counts SET denied = denied + 1 WHERE tag = 'alpha'`);
    await t.db.query(`DELETE FROM status_changes_daily`);
    await t.db.query(`UPDATE group_agreement SET agree = agree + 1`);
    const [{ pairs }] = await t.db.query('SELECT count(*)::int AS pairs FROM group_agreement');
    expect(await stats.checkAggregates(true)).toEqual({
      claims: 1,
      tags: 1,
      statusChanges: expect.any(Number),
      agreement: pairs,
    });
    expect(await stats.checkAggregates(false)).toEqual({
      claims: 0,
      tags: 0,
      statusChanges: 0,
      agreement: 0,
    });
    const after = await getStats(t, '?agreementLimit=200&tagLimit=200&disputedLimit=100');
    expect({ ...after, generatedAt: null }).toEqual({ ...before, generatedAt: null });
  });

  it('refuses, while an import defers the agreement, a change of sides on a claim it does not recompute', async () => {
    const sides = () =>
      t.db.query(
        `SELECT group_id, side FROM claim_group_sides WHERE claim_id = $1 ORDER BY group_id`,
        [c.c1],
      );
    const before = await sides();
    expect(before.length).toBeGreaterThan(0);
    await expect(
      t.db.transaction(async (m) => {
        await m.query(`SET LOCAL claimgraph.agreement = 'deferred'`);
        await m.query(
          `CREATE TEMPORARY TABLE bulk_touched_claims (id uuid PRIMARY KEY) ON COMMIT DROP`,
        );
        await m.query(`DELETE FROM claim_group_sides WHERE claim_id = $1`, [c.c1]);
      }),
    ).rejects.toThrow(/group sides changed outside the claims whose agreement is deferred/);
    expect(await sides()).toEqual(before);
  });

  it('seeds the same aggregates when its migration runs again on the populated database', async () => {
    await t.app.get(StatsService).fold();
    const snapshot = async () => {
      const tables = {
        claim_status_counts: 'status',
        claim_tag_counts: 'tag',
        status_changes_daily: 'day, to_status',
        claim_group_sides: 'claim_id, group_id',
        group_agreement: 'group_a, group_b',
      };
      const out: Record<string, unknown> = {};
      for (const [table, order] of Object.entries(tables)) {
        out[table] = await t.db.query(
          `SELECT to_jsonb(x) AS row FROM ${table} x ORDER BY ${order}`,
        );
      }
      return out;
    };
    const before = await snapshot();
    expect((before.claim_group_sides as unknown[]).length).toBeGreaterThan(10);
    const runner = t.db.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      const migration = new DashboardAggregates1796256000000();
      await migration.down(runner);
      await migration.up(runner);
      await runner.commitTransaction();
    } catch (error) {
      await runner.rollbackTransaction();
      throw error;
    } finally {
      await runner.release();
    }
    expect(await snapshot()).toEqual(before);
  });

  describe('query plans', () => {
    // Fresh statistics, so the plans do not depend on whether autovacuum has analysed the tables
    // the workload filled yet (with stale ones, the planner may take another index in order).
    beforeAll(async () => {
      await t.db.query('ANALYZE claims, claim_group_sides');
    });

    /** The plan of one stats query with sequential scans priced out, as nodes with their relation and index. */
    async function plan(
      sql: string,
      params: unknown[],
    ): Promise<{ type: string; relation?: string; index?: string }[]> {
      return t.db.transaction(async (db: EntityManager) => {
        // On a few rows the planner may prefer a scan and a sort whatever the indexes; discouraging
        // both asks whether an index *can* serve the query in order, which is what these tests mean.
        await db.query('SET LOCAL enable_seqscan = off');
        await db.query('SET LOCAL enable_sort = off');
        await db.query('SET LOCAL enable_bitmapscan = off');
        const [row] = await db.query(`EXPLAIN (FORMAT JSON) ${sql}`, params);
        const raw = row['QUERY PLAN'];
        const root = (typeof raw === 'string' ? JSON.parse(raw) : raw)[0].Plan;
        const nodes: { type: string; relation?: string; index?: string }[] = [];
        const walk = (n: any) => {
          nodes.push({
            type: n['Node Type'],
            relation: n['Relation Name'],
            index: n['Index Name'],
          });
          for (const child of n.Plans ?? []) walk(child);
        };
        walk(root);
        return nodes;
      });
    }

    const BASE_TABLES = ['claims', 'stances', 'claim_history'];
    const expectNoBaseTableScan = (nodes: { type: string; relation?: string }[]) => {
      expect(
        nodes.filter((n) => n.type === 'Seq Scan' && BASE_TABLES.includes(n.relation!)),
      ).toEqual([]);
    };

    it('reads counts, tags and days from the aggregates alone', async () => {
      for (const [sql, params] of [
        [STATS_QUERIES.statusCounts, []],
        [STATS_QUERIES.topTags, [20]],
        [STATS_QUERIES.statusChanges, ['2017-10-01', '2017-10-31']],
      ] as const) {
        const nodes = await plan(sql, [...params]);
        expectNoBaseTableScan(nodes);
        expect(
          nodes.filter((n) => n.relation).every((n) => !BASE_TABLES.includes(n.relation!)),
        ).toBe(true);
      }
      const tags = await plan(STATS_QUERIES.topTags, [20]);
      expect(tags.map((n) => n.index)).toContain('idx_claim_tag_counts_claims');
      expect(tags.map((n) => n.type)).not.toContain('Sort');
      const days = await plan(STATS_QUERIES.statusChanges, ['2017-10-01', '2017-10-31']);
      expect(days.map((n) => n.index)).toContain('pk_status_changes_daily');
    });

    it('walks the partial index for the most disputed claims, without sorting', async () => {
      const nodes = await plan(STATS_QUERIES.mostDisputed, [10]);
      expectNoBaseTableScan(nodes);
      expect(nodes.filter((n) => n.relation === 'claims').map((n) => n.index)).toEqual([
        'idx_claim_most_disputed',
      ]);
      expect(nodes.map((n) => n.type)).not.toContain('Sort');
    });

    it('walks the agreement indexes for the matrix and for one group', async () => {
      const all = await plan(STATS_QUERIES.agreement, [50]);
      expectNoBaseTableScan(all);
      expect(all.filter((n) => n.relation === 'group_agreement').map((n) => n.index)).toEqual([
        'idx_group_agreement_shared',
      ]);
      const one = await plan(STATS_QUERIES.groupAgreement, [s.wh, 50]);
      expectNoBaseTableScan(one);
      const indexes = new Set(one.map((n) => n.index));
      expect(indexes.has('idx_group_agreement_a') && indexes.has('idx_group_agreement_b')).toBe(
        true,
      );
      // Group names are looked up by key, never by walking the sources.
      for (const p of [all, one]) {
        expect(p.filter((n) => n.relation === 'sources').map((n) => n.index)).toEqual([
          'pk_source',
          'pk_source',
        ]);
      }
    });
  });
});
