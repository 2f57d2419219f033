import { setTimeout as sleep } from 'node:timers/promises';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStance, createClaim, createSource, getClaim } from './factories.js';
import { createTestApp, type TestApp } from './test-app.js';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});

afterAll(async () => {
  await t?.close();
});

const api = () => request(t.http);

/** A few milliseconds, so that timestamps written by consecutive requests differ. */
const tick = () => sleep(5);

/** A moment of the worked example's story: `hours` after 2017-10-29T00:00Z. */
const story = (hours: number) => new Date(Date.UTC(2017, 9, 29) + hours * 3_600_000).toISOString();

const ms = (value: Date | string) => new Date(value).getTime();

async function countStances(): Promise<number> {
  const [row] = await t.db.query('SELECT count(*)::int AS n FROM stances');
  return Number(row.n);
}

async function storedClaim(id: string): Promise<any> {
  const [row] = await t.db.query('SELECT * FROM claims WHERE id = $1', [id]);
  return row;
}

async function storedStance(id: string): Promise<any> {
  const [row] = await t.db.query('SELECT * FROM stances WHERE id = $1', [id]);
  return row;
}

/** The claim's derived fields, as the API answers them and as they are stored. */
async function derived(claimId: string): Promise<{ api: any; stored: any }> {
  const body = await getClaim(t.http, claimId);
  const row = await storedClaim(claimId);
  return {
    api: { status: body.status, support: body.support, refute: body.refute, score: body.score },
    stored: {
      status: row.status,
      support: { groups: row.support_groups, sources: row.support_sources },
      refute: { groups: row.refute_groups, sources: row.refute_sources },
      score: Number(row.score),
    },
  };
}

/** Asserts the claim's status through the API and in the stored row, and that both agree. */
async function expectStatus(claimId: string, status: string): Promise<void> {
  const { api: fromApi, stored } = await derived(claimId);
  expect(fromApi.status).toBe(status);
  expect(stored).toEqual(fromApi);
}

const sigma = (x: number) => 1 / (1 + Math.exp(-x));
const weight = (p: number) => Math.log(p / (1 - p));

describe('POST /v1/claims/{id}/stances', () => {
  it('answers 201 with Location and the stance, and stores it', async () => {
    const source = await createSource(t.http, { reliability: 'B' });
    const outlet = await createSource(t.http, { kind: 'outlet' });
    const claim = await createClaim(t.http);

    const res = await api().post(`/v1/claims/${claim.id}/stances`).send({
      sourceId: source.id,
      kind: 'asserts',
      statedAt: '2017-10-29T08:00:00Z',
      quote: 'Trump asked for a meeting.',
      evidenceUrl: 'https://www.al-monitor.com/article',
      viaSourceId: outlet.id,
      note: 'First report.',
    });

    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.headers.location).toBe(`/v1/stances/${res.body.id}`);
    expect(res.body).toMatchObject({
      claimId: claim.id,
      sourceId: source.id,
      kind: 'asserts',
      polarity: 'support',
      statedAt: '2017-10-29T08:00:00.000Z',
      quote: 'Trump asked for a meeting.',
      evidenceUrl: 'https://www.al-monitor.com/article',
      viaSourceId: outlet.id,
      note: 'First report.',
    });
    expect(Math.abs(ms(res.body.recordedAt) - Date.now())).toBeLessThan(10_000);

    const row = await storedStance(res.body.id);
    expect(row).toMatchObject({
      claim_id: claim.id,
      source_id: source.id,
      kind: 'asserts',
      quote: 'Trump asked for a meeting.',
      evidence_url: 'https://www.al-monitor.com/article',
      via_source_id: outlet.id,
      note: 'First report.',
    });
    expect(new Date(row.stated_at).toISOString()).toBe('2017-10-29T08:00:00.000Z');
    expect(new Date(row.recorded_at).toISOString()).toBe(res.body.recordedAt);
  });

  it('stores a statedAt given with a UTC offset as the same instant', async () => {
    const source = await createSource(t.http);
    const claim = await createClaim(t.http);

    const stance = await addStance(t.http, claim.id, {
      sourceId: source.id,
      kind: 'asserts',
      statedAt: '2017-10-29T11:30:00+03:30',
    });

    expect(stance.statedAt).toBe('2017-10-29T08:00:00.000Z');
    expect(new Date((await storedStance(stance.id)).stated_at).toISOString()).toBe(
      '2017-10-29T08:00:00.000Z',
    );
  });

  it('keeps every stance and a correct status when many sources speak at once', async () => {
    const sources = await Promise.all(Array.from({ length: 8 }, () => createSource(t.http)));
    const claim = await createClaim(t.http);

    const responses = await Promise.all(
      sources.map((s) =>
        api().post(`/v1/claims/${claim.id}/stances`).send({ sourceId: s.id, kind: 'confirms' }),
      ),
    );

    expect(responses.map((r) => r.status)).toEqual(Array(8).fill(201));
    const row = await storedClaim(claim.id);
    expect(row).toMatchObject({ status: 'corroborated', support_groups: 8, support_sources: 8 });
    const explained = await api().get(`/v1/claims/${claim.id}/corroboration`).expect(200);
    expect(Number(row.score)).toBeCloseTo(explained.body.score, 12);
  });

  it('defaults statedAt to now', async () => {
    const source = await createSource(t.http);
    const claim = await createClaim(t.http);
    const before = Date.now();

    const stance = await addStance(t.http, claim.id, { sourceId: source.id, kind: 'questions' });

    expect(ms(stance.statedAt)).toBeGreaterThanOrEqual(before - 2_000);
    expect(ms(stance.statedAt)).toBeLessThanOrEqual(Date.now() + 2_000);
    expect(Math.abs(ms(stance.statedAt) - ms(stance.recordedAt))).toBeLessThan(1_000);
    expect(new Date((await storedStance(stance.id)).stated_at).toISOString()).toBe(stance.statedAt);
  });

  it.each([
    ['asserts', 'support'],
    ['confirms', 'support'],
    ['denies', 'refute'],
    ['questions', 'doubt'],
    ['reports', 'neutral'],
    ['declines_to_confirm', 'neutral'],
    ['retracts', 'withdrawn'],
  ])('gives a %s stance the polarity %s', async (kind, polarity) => {
    const source = await createSource(t.http);
    const claim = await createClaim(t.http);

    const stance = await addStance(t.http, claim.id, { sourceId: source.id, kind });

    expect(stance.polarity).toBe(polarity);
    expect((await api().get(`/v1/stances/${stance.id}`).expect(200)).body.polarity).toBe(polarity);
  });

  it("updates the claim's stored status, score, counts and statusChangedAt in the same request", async () => {
    const source = await createSource(t.http, { reliability: 'B' });
    const claim = await createClaim(t.http);
    const before = await storedClaim(claim.id);
    expect(before).toMatchObject({ status: 'unsourced', support_groups: 0, support_sources: 0 });
    await tick();

    await addStance(t.http, claim.id, { sourceId: source.id, kind: 'asserts' });

    const after = await storedClaim(claim.id);
    expect(after).toMatchObject({
      status: 'unverified',
      support_groups: 1,
      support_sources: 1,
      refute_groups: 0,
      refute_sources: 0,
    });
    expect(Number(after.score)).toBeCloseTo(sigma(weight(0.8)), 12);
    expect(ms(after.status_changed_at)).toBeGreaterThan(ms(before.status_changed_at));
    expect(ms(after.updated_at)).toBeGreaterThan(ms(before.updated_at));
    expect(after.version).toBe(before.version + 1);
  });
});

describe('status transitions through the API', () => {
  it('asserts → independent confirms → denial from a third group → both supporters retract', async () => {
    const analyst = await createSource(t.http);
    const spokesman = await createSource(t.http);
    const whiteHouse = await createSource(t.http, { kind: 'government' });
    const claim = await createClaim(t.http);
    await expectStatus(claim.id, 'unsourced');

    await addStance(t.http, claim.id, {
      sourceId: analyst.id,
      kind: 'asserts',
      statedAt: story(8),
    });
    await expectStatus(claim.id, 'unverified');

    await addStance(t.http, claim.id, {
      sourceId: spokesman.id,
      kind: 'confirms',
      statedAt: story(12),
    });
    await expectStatus(claim.id, 'corroborated');
    expect((await derived(claim.id)).stored.support).toEqual({ groups: 2, sources: 2 });

    await addStance(t.http, claim.id, {
      sourceId: whiteHouse.id,
      kind: 'denies',
      statedAt: story(40),
    });
    await expectStatus(claim.id, 'disputed');
    expect((await derived(claim.id)).stored.refute).toEqual({ groups: 1, sources: 1 });

    await addStance(t.http, claim.id, {
      sourceId: analyst.id,
      kind: 'retracts',
      statedAt: story(50),
    });
    await expectStatus(claim.id, 'disputed');
    await addStance(t.http, claim.id, {
      sourceId: spokesman.id,
      kind: 'retracts',
      statedAt: story(51),
    });
    await expectStatus(claim.id, 'denied');
    expect((await derived(claim.id)).stored.support).toEqual({ groups: 0, sources: 0 });
  });

  it('does not corroborate a claim with two voices of one independence group', async () => {
    const ministry = await createSource(t.http, { kind: 'government' });
    const spokesman = await createSource(t.http, { affiliatedWithId: ministry.id });
    const claim = await createClaim(t.http);

    await addStance(t.http, claim.id, {
      sourceId: ministry.id,
      kind: 'asserts',
      statedAt: story(1),
    });
    await addStance(t.http, claim.id, {
      sourceId: spokesman.id,
      kind: 'confirms',
      statedAt: story(2),
    });

    await expectStatus(claim.id, 'unverified');
    expect((await derived(claim.id)).stored.support).toEqual({ groups: 1, sources: 2 });
  });

  it('marks a claim retracted when its only supporter retracts', async () => {
    const source = await createSource(t.http);
    const claim = await createClaim(t.http);
    await addStance(t.http, claim.id, { sourceId: source.id, kind: 'asserts', statedAt: story(1) });

    await addStance(t.http, claim.id, {
      sourceId: source.id,
      kind: 'retracts',
      statedAt: story(2),
    });

    await expectStatus(claim.id, 'retracted');
    expect((await derived(claim.id)).stored).toMatchObject({
      support: { groups: 0, sources: 0 },
      refute: { groups: 0, sources: 0 },
    });
  });

  it("counts only a source's latest stance: a later denial replaces its assertion", async () => {
    const source = await createSource(t.http);
    const claim = await createClaim(t.http);
    await addStance(t.http, claim.id, { sourceId: source.id, kind: 'asserts', statedAt: story(1) });
    await expectStatus(claim.id, 'unverified');

    await addStance(t.http, claim.id, { sourceId: source.id, kind: 'denies', statedAt: story(2) });

    await expectStatus(claim.id, 'denied');
    expect((await derived(claim.id)).stored).toMatchObject({
      support: { groups: 0, sources: 0 },
      refute: { groups: 1, sources: 1 },
    });
  });

  it('does not let an older stance, recorded later, replace a newer one', async () => {
    const source = await createSource(t.http);
    const claim = await createClaim(t.http);
    await addStance(t.http, claim.id, {
      sourceId: source.id,
      kind: 'asserts',
      statedAt: story(20),
    });

    await addStance(t.http, claim.id, { sourceId: source.id, kind: 'denies', statedAt: story(10) });

    await expectStatus(claim.id, 'unverified');
    expect((await derived(claim.id)).stored).toMatchObject({
      support: { groups: 1, sources: 1 },
      refute: { groups: 0, sources: 0 },
    });
  });

  it('takes the later of two inline stances by one source, stated at the same default moment, as its effective stance', async () => {
    // Both stances get the same default statedAt and recordedAt; the order they were sent in is
    // the only thing that tells them apart. Several claims, so that a coin toss cannot pass.
    const source = await createSource(t.http);
    const statuses: string[] = [];
    for (let i = 0; i < 8; i++) {
      const claim = await createClaim(t.http, {
        stances: [
          { sourceId: source.id, kind: 'asserts' },
          { sourceId: source.id, kind: 'retracts' },
        ],
      });
      statuses.push((await storedClaim(claim.id)).status);
    }

    expect(statuses).toEqual(Array(8).fill('retracted'));
  });
});

describe('GET /v1/claims/{id}/stances and /v1/sources/{id}/stances', () => {
  let claimId: string;
  const src: Record<string, any> = {};
  /** Stance ids in statedAt order. */
  const history: string[] = [];

  beforeAll(async () => {
    src.a = await createSource(t.http);
    src.b = await createSource(t.http);
    src.c = await createSource(t.http);
    claimId = (await createClaim(t.http)).id;
    // Posted out of order; statedAt hours: a 30, b 10, a 20, c 40, b 50.
    const posted: [string, string, number][] = [
      ['a', 'asserts', 30],
      ['b', 'confirms', 10],
      ['a', 'questions', 20],
      ['c', 'denies', 40],
      ['b', 'retracts', 50],
    ];
    const byHour = new Map<number, string>();
    for (const [key, kind, hours] of posted) {
      byHour.set(
        hours,
        (await addStance(t.http, claimId, { sourceId: src[key].id, kind, statedAt: story(hours) }))
          .id,
      );
    }
    history.push(...[10, 20, 30, 40, 50].map((h) => byHour.get(h)!));
  });

  it('lists the full history in the order stated', async () => {
    const res = await api().get(`/v1/claims/${claimId}/stances`);

    expect(res.status).toBe(200);
    expect(res.body.nextCursor).toBeNull();
    expect(res.body.items.map((s: any) => s.id)).toEqual(history);
    expect(res.body.items.map((s: any) => s.statedAt)).toEqual([10, 20, 30, 40, 50].map(story));
    expect(res.body.items[0]).toMatchObject({
      claimId,
      sourceId: src.b.id,
      kind: 'confirms',
      polarity: 'support',
    });
  });

  it('lists only the latest stance of each source with effective=true', async () => {
    const res = await api().get(`/v1/claims/${claimId}/stances`).query({ effective: 'true' });

    expect(res.status).toBe(200);
    expect(res.body.items.map((s: any) => [s.sourceId, s.kind])).toEqual([
      [src.a.id, 'asserts'],
      [src.c.id, 'denies'],
      [src.b.id, 'retracts'],
    ]);
    expect(res.body.items.map((s: any) => s.id)).toEqual([history[2], history[3], history[4]]);
  });

  it('lists the whole history with effective=false', async () => {
    const res = await api().get(`/v1/claims/${claimId}/stances`).query({ effective: 'false' });

    expect(res.status).toBe(200);
    expect(res.body.items.map((s: any) => s.id)).toEqual(history);
  });

  it.each([
    ['history', {}, 5, 3],
    ['effective', { effective: 'true' }, 3, 2],
  ])(
    'pages through the %s with limit=2, each stance once',
    async (_case, query, total, expectedPages) => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res: request.Response = await api()
          .get(`/v1/claims/${claimId}/stances`)
          .query({ ...query, limit: 2, ...(cursor ? { cursor } : {}) });
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        seen.push(...res.body.items.map((s: any) => s.id));
        cursor = res.body.nextCursor;
        pages++;
      } while (cursor && pages < 10);

      expect(pages).toBe(expectedPages);
      expect(seen).toHaveLength(total);
      expect(new Set(seen).size).toBe(total);
    },
  );

  it('rejects a history cursor on the effective list with 400 INVALID_CURSOR', async () => {
    const first = await api().get(`/v1/claims/${claimId}/stances`).query({ limit: 2 });

    const res = await api()
      .get(`/v1/claims/${claimId}/stances`)
      .query({ effective: 'true', limit: 2, cursor: first.body.nextCursor });

    expect(res.status).toBe(400);
    expect(res.body.code).toBe('INVALID_CURSOR');
  });

  it('answers 404 CLAIM_NOT_FOUND for the stances of a missing claim', async () => {
    const res = await api().get(`/v1/claims/${randomUUID()}/stances`);

    expect(res.status).toBe(404);
    expect(res.body.code).toBe('CLAIM_NOT_FOUND');
  });

  it('lists everything one source has said, across claims, in the order stated', async () => {
    const other = await createClaim(t.http);
    const elsewhere = await addStance(t.http, other.id, {
      sourceId: src.a.id,
      kind: 'reports',
      statedAt: story(25),
    });

    const res = await api().get(`/v1/sources/${src.a.id}/stances`);

    expect(res.status).toBe(200);
    expect(res.body.items.map((s: any) => s.id)).toEqual([history[1], elsewhere.id, history[2]]);
    expect(res.body.items.every((s: any) => s.sourceId === src.a.id)).toBe(true);
    const stored: any[] = await t.db.query(
      'SELECT id FROM stances WHERE source_id = $1 ORDER BY stated_at',
      [src.a.id],
    );
    expect(stored.map((r) => r.id)).toEqual(res.body.items.map((s: any) => s.id));
  });

  it('pages through a source’s stances', async () => {
    const first = await api().get(`/v1/sources/${src.b.id}/stances`).query({ limit: 1 });
    expect(first.status).toBe(200);
    expect(first.body.items.map((s: any) => s.id)).toEqual([history[0]]);

    const second = await api()
      .get(`/v1/sources/${src.b.id}/stances`)
      .query({ limit: 1, cursor: first.body.nextCursor });

    expect(second.body.items.map((s: any) => s.id)).toEqual([history[4]]);
    expect(second.body.nextCursor).toBeNull();
  });

  it('answers 404 SOURCE_NOT_FOUND for the stances of a missing source', async () => {
    const res = await api().get(`/v1/sources/${randomUUID()}/stances`);

    expect(res.status).toBe(404);
    expect(res.body.code).toBe('SOURCE_NOT_FOUND');
  });
});

describe('PATCH and DELETE /v1/stances/{id}', () => {
  it("moves a stance's statedAt and the effective stance, and the status, follow", async () => {
    const source = await createSource(t.http);
    const claim = await createClaim(t.http);
    await addStance(t.http, claim.id, {
      sourceId: source.id,
      kind: 'asserts',
      statedAt: story(10),
    });
    const denial = await addStance(t.http, claim.id, {
      sourceId: source.id,
      kind: 'denies',
      statedAt: story(20),
    });
    await expectStatus(claim.id, 'denied');

    const res = await api()
      .patch(`/v1/stances/${denial.id}`)
      .send({ statedAt: story(5) });

    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.statedAt).toBe(story(5));
    expect(new Date((await storedStance(denial.id)).stated_at).toISOString()).toBe(story(5));
    await expectStatus(claim.id, 'unverified');
  });

  it("changes a stance's kind and the claim's status follows", async () => {
    const source = await createSource(t.http);
    const claim = await createClaim(t.http);
    const stance = await addStance(t.http, claim.id, { sourceId: source.id, kind: 'asserts' });
    await expectStatus(claim.id, 'unverified');

    const res = await api()
      .patch(`/v1/stances/${stance.id}`)
      .send({ kind: 'denies', note: 'Logged the wrong way round.' });

    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      id: stance.id,
      kind: 'denies',
      polarity: 'refute',
      note: 'Logged the wrong way round.',
    });
    expect(await storedStance(stance.id)).toMatchObject({
      kind: 'denies',
      note: 'Logged the wrong way round.',
    });
    await expectStatus(claim.id, 'denied');
    expect((await storedClaim(claim.id)).refute_sources).toBe(1);
  });

  it('reads a stance, and answers 404 STANCE_NOT_FOUND for a missing one', async () => {
    const source = await createSource(t.http);
    const claim = await createClaim(t.http);
    const stance = await addStance(t.http, claim.id, { sourceId: source.id, kind: 'reports' });

    const res = await api().get(`/v1/stances/${stance.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(stance);

    const missing = await api().get(`/v1/stances/${randomUUID()}`);
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('STANCE_NOT_FOUND');
  });

  it("deletes a stance: 204, the row is gone and the claim's status follows", async () => {
    const source = await createSource(t.http, { reliability: 'A' });
    const claim = await createClaim(t.http);
    const stance = await addStance(t.http, claim.id, { sourceId: source.id, kind: 'asserts' });
    expect(Number((await storedClaim(claim.id)).score)).toBeGreaterThan(0.9);

    const res = await api().delete(`/v1/stances/${stance.id}`);

    expect(res.status).toBe(204);
    expect(await storedStance(stance.id)).toBeUndefined();
    await expectStatus(claim.id, 'unsourced');
    expect(await storedClaim(claim.id)).toMatchObject({ support_groups: 0, support_sources: 0 });
    expect(Number((await storedClaim(claim.id)).score)).toBe(0.5);
    expect((await api().get(`/v1/stances/${stance.id}`)).status).toBe(404);
    expect((await api().delete(`/v1/stances/${stance.id}`)).status).toBe(404);
  });

  it("moves a claim's status back when the stance that changed it is deleted", async () => {
    const a = await createSource(t.http);
    const b = await createSource(t.http);
    const claim = await createClaim(t.http);
    await addStance(t.http, claim.id, { sourceId: a.id, kind: 'asserts', statedAt: story(1) });
    const confirmation = await addStance(t.http, claim.id, {
      sourceId: b.id,
      kind: 'confirms',
      statedAt: story(2),
    });
    await expectStatus(claim.id, 'corroborated');

    await api().delete(`/v1/stances/${confirmation.id}`).expect(204);

    await expectStatus(claim.id, 'unverified');
  });
});

describe('GET /v1/claims/{id}/corroboration', () => {
  let claimId: string;
  const src: Record<string, any> = {};

  beforeAll(async () => {
    src.government = await createSource(t.http, {
      name: 'Government of Iran',
      kind: 'government',
      reliability: 'F',
    });
    src.ministry = await createSource(t.http, {
      name: 'Iranian Foreign Ministry',
      kind: 'government',
      affiliatedWithId: src.government.id,
      reliability: 'C',
    });
    src.spokesman = await createSource(t.http, {
      name: 'Bahram Ghassemi',
      affiliatedWithId: src.ministry.id,
      reliability: 'C',
    });
    src.analyst = await createSource(t.http, { name: 'Mehdi Fazaeli', reliability: 'F' });
    src.whiteHouse = await createSource(t.http, {
      name: 'The White House',
      kind: 'government',
      reliability: 'C',
    });
    claimId = (
      await createClaim(t.http, {
        statement: 'Donald Trump requested a meeting with Hassan Rouhani.',
        stances: [
          { sourceId: src.analyst.id, kind: 'asserts', statedAt: '2017-10-29T08:00:00Z' },
          { sourceId: src.spokesman.id, kind: 'confirms', statedAt: '2017-10-29T12:00:00Z' },
          { sourceId: src.ministry.id, kind: 'confirms', statedAt: '2017-10-29T13:00:00Z' },
          { sourceId: src.whiteHouse.id, kind: 'denies', statedAt: '2017-10-30T16:00:00Z' },
        ],
      })
    ).id;
  });

  it('explains the status by independence group, with members and summaries', async () => {
    const res = await api().get(`/v1/claims/${claimId}/corroboration`);

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      claimId,
      asOf: null,
      status: 'disputed',
      support: { groups: 2, sources: 3 },
      refute: { groups: 1, sources: 1 },
    });
    expect(res.body.summary).toEqual(expect.stringMatching(/\S/));
    expect(res.body.groups).toHaveLength(3);

    const iran = res.body.groups.find((g: any) => g.groupId === src.government.id);
    expect(iran).toMatchObject({ groupName: 'Government of Iran', position: 'supports' });
    expect(iran.members.map((m: any) => [m.sourceId, m.sourceName, m.kind])).toEqual([
      [src.spokesman.id, 'Bahram Ghassemi', 'confirms'],
      [src.ministry.id, 'Iranian Foreign Ministry', 'confirms'],
    ]);
    expect(iran.members[0]).toMatchObject({
      statedAt: '2017-10-29T12:00:00.000Z',
      stanceId: expect.any(String),
    });
    expect(iran.summary).toContain('Government of Iran');

    const whiteHouse = res.body.groups.find((g: any) => g.groupId === src.whiteHouse.id);
    expect(whiteHouse).toMatchObject({
      position: 'refutes',
      members: [expect.objectContaining({ sourceId: src.whiteHouse.id, kind: 'denies' })],
    });
    expect(whiteHouse.summary).toContain('The White House');

    const stored = await storedClaim(claimId);
    expect(stored.status).toBe(res.body.status);
    expect(Number(stored.score)).toBeCloseTo(res.body.score, 12);
  });

  it('names the stances that are members by their stored ids', async () => {
    const res = await api().get(`/v1/claims/${claimId}/corroboration`);
    const memberIds = res.body.groups
      .flatMap((g: any) => g.members.map((m: any) => m.stanceId))
      .sort();

    const stored: any[] = await t.db.query('SELECT id FROM stances WHERE claim_id = $1', [claimId]);
    expect(memberIds).toEqual(stored.map((r) => r.id).sort());
  });

  it('answers for a past moment with asOf: corroborated before the denial', async () => {
    const res = await api()
      .get(`/v1/claims/${claimId}/corroboration`)
      .query({ asOf: '2017-10-30T00:00:00Z' });

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      asOf: '2017-10-30T00:00:00.000Z',
      status: 'corroborated',
      refute: { groups: 0, sources: 0 },
    });
    expect(res.body.groups.map((g: any) => g.position)).toEqual(['supports', 'supports']);
    expect((await storedClaim(claimId)).status).toBe('disputed');
  });

  it('is unsourced with score 0.5 as of a moment before any stance', async () => {
    const res = await api()
      .get(`/v1/claims/${claimId}/corroboration`)
      .query({ asOf: '2017-10-01T00:00:00Z' });

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'unsourced',
      score: 0.5,
      groups: [],
      support: { groups: 0, sources: 0 },
    });
  });

  it.each(['yesterday', '2017-13-01T00:00:00Z', '2017-10-30T00:00:00'])(
    'rejects asOf=%s with 400',
    async (asOf) => {
      const res = await api().get(`/v1/claims/${claimId}/corroboration`).query({ asOf });

      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'asOf' }));
    },
  );

  it('answers 404 CLAIM_NOT_FOUND for a missing claim', async () => {
    const res = await api().get(`/v1/claims/${randomUUID()}/corroboration`);

    expect(res.status).toBe(404);
    expect(res.body.code).toBe('CLAIM_NOT_FOUND');
  });
});

describe('invalid stances', () => {
  let claimId: string;
  let sourceId: string;

  beforeAll(async () => {
    claimId = (await createClaim(t.http)).id;
    sourceId = (await createSource(t.http)).id;
  });

  const minutesAhead = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

  const cases: [
    string,
    number,
    string,
    string | null,
    () => { claim?: string; body: Record<string, unknown> },
  ][] = [
    [
      'on a missing claim',
      404,
      'CLAIM_NOT_FOUND',
      null,
      () => ({ claim: randomUUID(), body: { sourceId, kind: 'asserts' } }),
    ],
    [
      'from a missing source',
      422,
      'STANCE_SOURCE_NOT_FOUND',
      'sourceId',
      () => ({ body: { sourceId: randomUUID(), kind: 'asserts' } }),
    ],
    [
      'relayed by a missing source',
      422,
      'VIA_SOURCE_NOT_FOUND',
      'viaSourceId',
      () => ({ body: { sourceId, kind: 'asserts', viaSourceId: randomUUID() } }),
    ],
    [
      'stated 10 minutes in the future',
      400,
      'VALIDATION_FAILED',
      'statedAt',
      () => ({ body: { sourceId, kind: 'asserts', statedAt: minutesAhead(10) } }),
    ],
    [
      'of kind supports',
      400,
      'VALIDATION_FAILED',
      'kind',
      () => ({ body: { sourceId, kind: 'supports' } }),
    ],
    [
      'with a quote of 5001 characters',
      400,
      'VALIDATION_FAILED',
      'quote',
      () => ({ body: { sourceId, kind: 'asserts', quote: 'q'.repeat(5001) } }),
    ],
    [
      'with a javascript: evidenceUrl',
      400,
      'VALIDATION_FAILED',
      'evidenceUrl',
      () => ({ body: { sourceId, kind: 'asserts', evidenceUrl: 'javascript:alert(1)' } }),
    ],
    ['without a kind', 400, 'VALIDATION_FAILED', 'kind', () => ({ body: { sourceId } })],
    [
      'with a sourceId that is not a UUID',
      400,
      'VALIDATION_FAILED',
      'sourceId',
      () => ({ body: { sourceId: 'ghassemi', kind: 'asserts' } }),
    ],
  ];

  it.each(cases)(
    'rejects a stance %s with %i %s and stores nothing',
    async (_case, status, code, field, make) => {
      const { claim, body } = make();
      const before = await countStances();
      const claimBefore = await storedClaim(claimId);

      const res = await api()
        .post(`/v1/claims/${claim ?? claimId}/stances`)
        .send(body);

      expect(res.status, JSON.stringify(res.body)).toBe(status);
      expect(res.body.code).toBe(code);
      if (field) expect(res.body.errors).toContainEqual(expect.objectContaining({ field }));
      expect(await countStances()).toBe(before);
      expect(await storedClaim(claimId)).toEqual(claimBefore);
    },
  );

  it('accepts a statedAt 1 minute ahead (clock skew)', async () => {
    const statedAt = minutesAhead(1);

    const stance = await addStance(t.http, claimId, { sourceId, kind: 'reports', statedAt });

    expect(stance.statedAt).toBe(statedAt);
    expect(new Date((await storedStance(stance.id)).stated_at).toISOString()).toBe(statedAt);
  });

  it('accepts a quote of exactly 5000 characters', async () => {
    const stance = await addStance(t.http, claimId, {
      sourceId,
      kind: 'reports',
      quote: 'q'.repeat(5000),
    });

    expect((await storedStance(stance.id)).quote).toHaveLength(5000);
  });

  it('rejects a correction that moves statedAt 10 minutes ahead, leaving the stance as it was', async () => {
    const stance = await addStance(t.http, claimId, {
      sourceId,
      kind: 'reports',
      statedAt: story(1),
    });

    const res = await api()
      .patch(`/v1/stances/${stance.id}`)
      .send({ statedAt: minutesAhead(10) });

    expect(res.status).toBe(400);
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'statedAt' }));
    expect(new Date((await storedStance(stance.id)).stated_at).toISOString()).toBe(story(1));
  });

  it('rejects a correction relayed by a missing source with 422 VIA_SOURCE_NOT_FOUND', async () => {
    const stance = await addStance(t.http, claimId, { sourceId, kind: 'reports' });

    const res = await api().patch(`/v1/stances/${stance.id}`).send({ viaSourceId: randomUUID() });

    expect(res.status).toBe(422);
    expect(res.body.code).toBe('VIA_SOURCE_NOT_FOUND');
    expect((await storedStance(stance.id)).via_source_id).toBeNull();
  });

  it('rejects changing the source of a stance (claim and source stay)', async () => {
    const stance = await addStance(t.http, claimId, { sourceId, kind: 'reports' });
    const other = await createSource(t.http);

    const res = await api().patch(`/v1/stances/${stance.id}`).send({ sourceId: other.id });

    expect(res.status).toBe(400);
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'sourceId' }));
    expect((await storedStance(stance.id)).source_id).toBe(sourceId);
  });
});
