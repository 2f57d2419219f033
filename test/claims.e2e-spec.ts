import { setTimeout as sleep } from 'node:timers/promises';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStance, createClaim, createSource } from './factories.js';
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

const uniqueTag = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

async function countRows(table: 'claims' | 'stances'): Promise<number> {
  const [row] = await t.db.query(`SELECT count(*)::int AS n FROM ${table}`);
  return Number(row.n);
}

async function storedClaim(id: string): Promise<any> {
  const rows = await t.db.query('SELECT * FROM claims WHERE id = $1', [id]);
  return rows[0];
}

async function storedStancesOf(claimId: string): Promise<any[]> {
  return t.db.query(
    'SELECT * FROM stances WHERE claim_id = $1 ORDER BY stated_at, recorded_at, id',
    [claimId],
  );
}

const iso = (value: Date | string | null) =>
  value === null ? null : new Date(value).toISOString();

describe('POST /v1/claims', () => {
  it('answers 201 with Location, ETag and the normalised claim, and stores it', async () => {
    const res = await api()
      .post('/v1/claims')
      .send({
        statement: '   Donald Trump requested a meeting with Hassan Rouhani.  ',
        context: 'Reported by Al-Monitor on 30 October 2017.',
        tags: ['Iran', 'iran', ' UNGA-2017 ', 'United-States'],
        occurredAt: '2017-09-20T00:00:00Z',
      });

    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const id: string = res.body.id;
    expect(res.headers.location).toBe(`/v1/claims/${id}`);
    expect(res.headers.etag).toBe('"1"');
    expect(res.body).toMatchObject({
      statement: 'Donald Trump requested a meeting with Hassan Rouhani.',
      context: 'Reported by Al-Monitor on 30 October 2017.',
      tags: ['iran', 'unga-2017', 'united-states'],
      occurredAt: '2017-09-20T00:00:00.000Z',
      language: 'en',
      status: 'unsourced',
      score: 0.5,
      support: { groups: 0, sources: 0 },
      refute: { groups: 0, sources: 0 },
      version: 1,
      stances: [],
    });

    const row = await storedClaim(id);
    expect(row).toMatchObject({
      statement: 'Donald Trump requested a meeting with Hassan Rouhani.',
      tags: ['iran', 'unga-2017', 'united-states'],
      language: 'en',
      status: 'unsourced',
      support_groups: 0,
      support_sources: 0,
      refute_groups: 0,
      refute_sources: 0,
      version: 1,
    });
    expect(Number(row.score)).toBe(0.5);
    expect(iso(row.occurred_at)).toBe('2017-09-20T00:00:00.000Z');
    expect(iso(row.created_at)).toBe(res.body.createdAt);
  });

  it('canonicalises the language tag', async () => {
    const claim = await createClaim(t.http, { language: 'pt-br' });

    expect(claim.language).toBe('pt-BR');
    expect((await storedClaim(claim.id)).language).toBe('pt-BR');
  });

  it('rejects a language that is not a BCP-47 tag', async () => {
    const res = await api()
      .post('/v1/claims')
      .send({ statement: 'A claim in no language', language: 'not a language!' });

    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'language' }));
  });

  it('validates the statement after trimming it', async () => {
    const before = await countRows('claims');

    const res = await api().post('/v1/claims').send({ statement: '   ab   ' });

    expect(res.status).toBe(400);
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'statement' }));
    expect(await countRows('claims')).toBe(before);
  });
});

describe('POST /v1/claims with inline stances', () => {
  it('stores the claim and its stances together and answers with the derived status', async () => {
    const analyst = await createSource(t.http, { reliability: 'F' });
    const spokesman = await createSource(t.http, { reliability: 'C' });

    const res = await api()
      .post('/v1/claims')
      .send({
        statement: 'Iran rebuffed a request for a meeting.',
        stances: [
          { sourceId: analyst.id, kind: 'asserts', statedAt: '2017-10-29T08:00:00Z' },
          {
            sourceId: spokesman.id,
            kind: 'confirms',
            statedAt: '2017-10-29T12:00:00Z',
            quote: 'We said no.',
          },
        ],
      });

    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.status).toBe('corroborated');
    expect(res.body.support).toEqual({ groups: 2, sources: 2 });
    expect(res.body.score).toBeGreaterThan(0.5);
    expect(res.body.stances).toHaveLength(2);
    expect(res.body.stances).toEqual([
      expect.objectContaining({
        claimId: res.body.id,
        sourceId: analyst.id,
        kind: 'asserts',
        polarity: 'support',
      }),
      expect.objectContaining({
        claimId: res.body.id,
        sourceId: spokesman.id,
        kind: 'confirms',
        quote: 'We said no.',
      }),
    ]);

    const row = await storedClaim(res.body.id);
    expect(row).toMatchObject({ status: 'corroborated', support_groups: 2, support_sources: 2 });
    expect(Number(row.score)).toBeCloseTo(res.body.score, 12);
    const stances = await storedStancesOf(res.body.id);
    expect(stances.map((s) => [s.source_id, s.kind])).toEqual([
      [analyst.id, 'asserts'],
      [spokesman.id, 'confirms'],
    ]);
  });

  describe('one bad stance stores nothing at all', () => {
    let goodSourceId: string;
    let otherSourceId: string;

    beforeAll(async () => {
      goodSourceId = (await createSource(t.http)).id;
      otherSourceId = (await createSource(t.http)).id;
    });

    const badStances: [string, number, string, string, () => Record<string, unknown>][] = [
      [
        'an unknown sourceId',
        422,
        'STANCE_SOURCE_NOT_FOUND',
        'stances[1].sourceId',
        () => ({ sourceId: randomUUID(), kind: 'confirms' }),
      ],
      [
        'an unknown viaSourceId',
        422,
        'VIA_SOURCE_NOT_FOUND',
        'stances[1].viaSourceId',
        () => ({ sourceId: otherSourceId, kind: 'confirms', viaSourceId: randomUUID() }),
      ],
      [
        'an invalid kind',
        400,
        'VALIDATION_FAILED',
        'stances[1].kind',
        () => ({ sourceId: otherSourceId, kind: 'supports' }),
      ],
      [
        'a statedAt an hour in the future',
        400,
        'VALIDATION_FAILED',
        'stances[1].statedAt',
        () => ({
          sourceId: otherSourceId,
          kind: 'confirms',
          statedAt: new Date(Date.now() + 3_600_000).toISOString(),
        }),
      ],
    ];

    it.each(badStances)(
      '%s → %i %s, no claim and no stance stored',
      async (_case, status, code, field, bad) => {
        const statement = `Atomicity check ${randomUUID()}`;
        const claimsBefore = await countRows('claims');
        const stancesBefore = await countRows('stances');

        const res = await api()
          .post('/v1/claims')
          .send({ statement, stances: [{ sourceId: goodSourceId, kind: 'asserts' }, bad()] });

        expect(res.status, JSON.stringify(res.body)).toBe(status);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.body.code).toBe(code);
        expect(res.body.errors).toContainEqual(expect.objectContaining({ field }));
        expect(await countRows('claims')).toBe(claimsBefore);
        expect(await countRows('stances')).toBe(stancesBefore);
        const [row] = await t.db.query(
          'SELECT count(*)::int AS n FROM claims WHERE statement = $1',
          [statement],
        );
        expect(Number(row.n)).toBe(0);
      },
    );
  });
});

describe('GET, PATCH and DELETE /v1/claims/{id}', () => {
  it('reads a claim with its ETag', async () => {
    const claim = await createClaim(t.http, { tags: ['read'] });

    const res = await api().get(`/v1/claims/${claim.id}`);

    expect(res.status).toBe(200);
    // Version 1; once the claim is assessed, also when its assessment was computed.
    expect(res.headers.etag).toMatch(/^"1(-a[0-9a-z]+)?"$/);
    // The learned assessment is computed in the background, and may have come in meanwhile.
    expect({ ...res.body, assessment: undefined }).toEqual({
      ...claim,
      assessment: undefined,
      stances: undefined,
      possibleDuplicates: undefined,
    });
    expect(res.body).not.toHaveProperty('stances');
    expect(res.body).not.toHaveProperty('possibleDuplicates');
  });

  it('answers 404 CLAIM_NOT_FOUND for a claim that does not exist', async () => {
    const res = await api().get(`/v1/claims/${randomUUID()}`);

    expect(res.status).toBe(404);
    expect(res.body.code).toBe('CLAIM_NOT_FOUND');
  });

  it('edits the statement, tags and language, bumping the version', async () => {
    const claim = await createClaim(t.http, { tags: ['old'] });

    const res = await api()
      .patch(`/v1/claims/${claim.id}`)
      .send({
        statement: '  The edited statement.  ',
        tags: ['New', 'new', 'Second'],
        language: 'FA',
      });

    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.headers.etag).toMatch(/^"2(-a[0-9a-z]+)?"$/);
    expect(res.body).toMatchObject({
      statement: 'The edited statement.',
      tags: ['new', 'second'],
      language: 'fa',
      version: 2,
    });
    expect(await storedClaim(claim.id)).toMatchObject({
      statement: 'The edited statement.',
      tags: ['new', 'second'],
      language: 'fa',
      version: 2,
    });
  });

  it('clears occurredAt with null and leaves fields it was not sent alone', async () => {
    const claim = await createClaim(t.http, {
      occurredAt: '2013-09-27T00:00:00Z',
      context: 'keep me',
      tags: ['kept'],
    });

    const res = await api().patch(`/v1/claims/${claim.id}`).send({ occurredAt: null });

    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      occurredAt: null,
      context: 'keep me',
      tags: ['kept'],
      statement: claim.statement,
    });
    const row = await storedClaim(claim.id);
    expect(row.occurred_at).toBeNull();
    expect(row).toMatchObject({ context: 'keep me', tags: ['kept'], statement: claim.statement });
  });

  it('applies a PATCH whose If-Match names the current version', async () => {
    const claim = await createClaim(t.http);

    const res = await api()
      .patch(`/v1/claims/${claim.id}`)
      .set('If-Match', '"1"')
      .send({ context: 'checked' });

    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.version).toBe(2);
    expect(await storedClaim(claim.id)).toMatchObject({ context: 'checked', version: 2 });
  });

  it('refuses a PATCH whose If-Match is stale with 412 VERSION_MISMATCH and changes nothing', async () => {
    const claim = await createClaim(t.http);
    await api().patch(`/v1/claims/${claim.id}`).send({ context: 'first edit' }).expect(200);

    const res = await api()
      .patch(`/v1/claims/${claim.id}`)
      .set('If-Match', '"1"')
      .send({ statement: 'A lost update' });

    expect(res.status).toBe(412);
    expect(res.body.code).toBe('VERSION_MISMATCH');
    expect(await storedClaim(claim.id)).toMatchObject({
      statement: claim.statement,
      context: 'first edit',
      version: 2,
    });
  });

  it('deletes a claim with its stances: 204, rows gone, then 404', async () => {
    const source = await createSource(t.http);
    const claim = await createClaim(t.http, {
      stances: [{ sourceId: source.id, kind: 'asserts' }],
    });
    await addStance(t.http, claim.id, { sourceId: source.id, kind: 'retracts' });
    expect(await storedStancesOf(claim.id)).toHaveLength(2);

    const res = await api().delete(`/v1/claims/${claim.id}`);

    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expect(await storedClaim(claim.id)).toBeUndefined();
    expect(await storedStancesOf(claim.id)).toEqual([]);
    const [src] = await t.db.query('SELECT count(*)::int AS n FROM sources WHERE id = $1', [
      source.id,
    ]);
    expect(Number(src.n)).toBe(1);

    const again = await api().get(`/v1/claims/${claim.id}`);
    expect(again.status).toBe(404);
    expect(again.body.code).toBe('CLAIM_NOT_FOUND');
    expect((await api().delete(`/v1/claims/${claim.id}`)).status).toBe(404);
  });
});

describe('GET /v1/claims', () => {
  /** Every claim here carries this tag, so lists filtered by it see only these seven. */
  const TAG = uniqueTag('listing');
  const c: Record<string, any> = {};
  const src: Record<string, any> = {};
  let c1UpdatedAt: string;

  const SORTS = ['-updatedAt', '-score', 'score', '-statusChangedAt'] as const;

  async function list(query: Record<string, string | number>): Promise<request.Response> {
    return api().get('/v1/claims').query(query);
  }

  async function ids(query: Record<string, string | number>): Promise<string[]> {
    const res = await list({ tag: TAG, ...query });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.items.map((i: { id: string }) => i.id);
  }

  const names = (idList: string[]) =>
    idList.map((id) => Object.keys(c).find((k) => c[k].id === id) ?? id);

  /** The order the database should produce for a sort, computed from the stored rows. */
  async function storedOrder(sort: (typeof SORTS)[number]): Promise<string[]> {
    const rows: any[] = await t.db.query(
      'SELECT id, score, updated_at, status_changed_at FROM claims WHERE $1 = ANY(tags)',
      [TAG],
    );
    const key = (r: any): number =>
      sort === '-updatedAt'
        ? new Date(r.updated_at).getTime()
        : sort === '-statusChangedAt'
          ? new Date(r.status_changed_at).getTime()
          : Number(r.score);
    const desc = sort !== 'score';
    const sign = desc ? -1 : 1;
    return rows
      .sort((a, b) => sign * (key(a) - key(b)) || sign * (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .map((r) => r.id as string);
  }

  beforeAll(async () => {
    src.a = await createSource(t.http, { reliability: 'A' });
    src.b = await createSource(t.http, { reliability: 'B' });
    src.c = await createSource(t.http, { reliability: 'C' });
    src.f = await createSource(t.http, { reliability: 'F' });
    const claim = async (
      key: string,
      statement: string,
      stances: Record<string, unknown>[],
      extraTags: string[] = [],
    ) => {
      c[key] = await createClaim(t.http, { statement, tags: [TAG, ...extraTags], stances });
      await tick();
    };
    await claim(
      'c1',
      'Donald Trump asked to meet Hassan Rouhani at the UN General Assembly.',
      [
        { sourceId: src.a.id, kind: 'asserts' },
        { sourceId: src.b.id, kind: 'confirms' },
      ],
      [`${TAG}-iran`],
    );
    await claim(
      'c2',
      'Emmanuel Macron offered to broker a meeting between Trump and Rouhani.',
      [{ sourceId: src.a.id, kind: 'asserts' }],
      [`${TAG}-iran`],
    );
    await claim('c3', 'The White House denied that Trump requested a meeting.', [
      { sourceId: src.b.id, kind: 'denies' },
    ]);
    await claim('c4', 'Barack Obama and Hassan Rouhani spoke by phone in 2013.', []);
    await claim('c5', 'Iran rebuffed the American request for a meeting.', [
      { sourceId: src.a.id, kind: 'asserts' },
      { sourceId: src.c.id, kind: 'denies' },
    ]);
    await claim('c6', 'Oil prices rose during the General Assembly week.', []);
    await claim('c7', 'Sanctions relief was discussed on the sidelines.', []);
    // c4 changes status (unsourced → unverified); c1 gains support but stays corroborated; c3 is edited.
    await addStance(t.http, c.c4.id, { sourceId: src.f.id, kind: 'asserts' });
    await tick();
    await addStance(t.http, c.c1.id, { sourceId: src.c.id, kind: 'confirms' });
    c1UpdatedAt = (await api().get(`/v1/claims/${c.c1.id}`).expect(200)).body.updatedAt;
    await tick();
    await api()
      .patch(`/v1/claims/${c.c3.id}`)
      .send({ context: 'Edited by the news desk.' })
      .expect(200);
  });

  it('answers a page of items and a null nextCursor when everything fits', async () => {
    const res = await list({ tag: TAG });

    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(7);
    expect(res.body.nextCursor).toBeNull();
    expect(res.body.items[0]).toMatchObject({ id: c.c3.id, tags: [TAG], status: 'denied' });
  });

  it('sorts by -updatedAt by default: the latest change first', async () => {
    expect(names(await ids({}))).toEqual(['c3', 'c1', 'c4', 'c7', 'c6', 'c5', 'c2']);
    expect(await ids({})).toEqual(await storedOrder('-updatedAt'));
  });

  it('sorts by -score: the best-supported claim first, ties broken the same way every time', async () => {
    const order = await ids({ sort: '-score' });

    expect(names(order).slice(0, 4)).toEqual(['c1', 'c2', 'c5', 'c4']);
    expect(names(order).slice(4, 6).sort()).toEqual(['c6', 'c7']);
    expect(names(order)[6]).toBe('c3');
    expect(order).toEqual(await storedOrder('-score'));
    const scores = (await list({ tag: TAG, sort: '-score' })).body.items.map(
      (i: { score: number }) => i.score,
    );
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('sorts by score: the weakest claim first', async () => {
    const order = await ids({ sort: 'score' });

    expect(names(order)[0]).toBe('c3');
    expect(names(order)[6]).toBe('c1');
    expect(order).toEqual(await storedOrder('score'));
  });

  it('sorts by -statusChangedAt: a stance that changes nothing does not move a claim', async () => {
    const order = await ids({ sort: '-statusChangedAt' });

    expect(names(order)).toEqual(['c4', 'c7', 'c6', 'c5', 'c3', 'c2', 'c1']);
    expect(order).toEqual(await storedOrder('-statusChangedAt'));
  });

  it.each(SORTS)('walks every claim exactly once with limit=2 and sort=%s', async (sort) => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: request.Response = await list({
        tag: TAG,
        sort,
        limit: 2,
        ...(cursor ? { cursor } : {}),
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.items.map((i: { id: string }) => i.id));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor && pages < 10);

    expect(pages).toBe(4);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(await storedOrder(sort));
  });

  it.each([
    ['unsourced', ['c7', 'c6']],
    ['unverified', ['c4', 'c2']],
    ['corroborated', ['c1']],
    ['disputed', ['c5']],
    ['denied', ['c3']],
    ['retracted', []],
  ])('filters by status=%s', async (status, expected) => {
    expect(names(await ids({ status }))).toEqual(expected);
    const rows: any[] = await t.db.query(
      'SELECT id FROM claims WHERE $1 = ANY(tags) AND status = $2',
      [TAG, status],
    );
    expect(rows.map((r) => r.id).sort()).toEqual(expected.map((k) => c[k].id).sort());
  });

  it('filters by tag, case-insensitively', async () => {
    const res = await list({ tag: `${TAG}-IRAN` });

    expect(res.status).toBe(200);
    expect(names(res.body.items.map((i: { id: string }) => i.id))).toEqual(['c1', 'c2']);
  });

  it('filters by sourceId: the claims that source took a stance on', async () => {
    expect(names(await ids({ sourceId: src.b.id }))).toEqual(['c3', 'c1']);
    expect(names(await ids({ sourceId: src.c.id }))).toEqual(['c1', 'c5']);
    expect(await ids({ sourceId: randomUUID() })).toEqual([]);
  });

  // Searches sorted by change time here, to check which claims match; ranking is tested in search.e2e-spec.ts.
  it('searches the statement by word, whatever its case', async () => {
    expect(names(await ids({ q: 'Rouhani', sort: '-updatedAt' }))).toEqual(['c1', 'c4', 'c2']);
    expect(names(await ids({ q: 'rouhani', sort: '-updatedAt' }))).toEqual(['c1', 'c4', 'c2']);
  });

  it('searches an exact phrase in double quotes', async () => {
    expect(names(await ids({ q: '"Hassan Rouhani"', sort: '-updatedAt' }))).toEqual(['c1', 'c4']);
    expect(await ids({ q: '"Rouhani Hassan"' })).toEqual([]);
  });

  it('excludes a -word, and matches English words by their stem ("meeting" finds "meet")', async () => {
    expect(names(await ids({ q: 'meeting', sort: '-updatedAt' }))).toEqual([
      'c3',
      'c1',
      'c5',
      'c2',
    ]);
    expect(names(await ids({ q: 'meeting -Trump', sort: '-updatedAt' }))).toEqual(['c5']);
  });

  it('treats search operators and quotes in q as text, never as an error', async () => {
    for (const q of [
      "Rouhani & | ! ( ) :* '",
      "'; DROP TABLE claims; --",
      '"unclosed phrase',
      '-',
    ]) {
      const res = await list({ tag: TAG, q });
      expect(res.status, `${q}: ${JSON.stringify(res.body)}`).toBe(200);
    }
    expect(await countRows('claims')).toBeGreaterThanOrEqual(7);
  });

  it('searches the context too', async () => {
    expect(names(await ids({ q: 'desk' }))).toEqual(['c3']);
    expect(names(await ids({ q: 'edited' }))).toEqual(['c3']);
  });

  it('filters by updatedSince: claims changed at or after that moment', async () => {
    expect(names(await ids({ updatedSince: c1UpdatedAt }))).toEqual(['c3', 'c1']);
    expect(await ids({ updatedSince: '2999-01-01T00:00:00Z' })).toEqual([]);
  });

  it('rejects a cursor made for another sort with 400 INVALID_CURSOR', async () => {
    const first = await list({ tag: TAG, sort: '-score', limit: 2 });
    expect(first.body.nextCursor).toEqual(expect.any(String));

    for (const sort of ['score', '-updatedAt', '-statusChangedAt']) {
      const res = await list({ tag: TAG, sort, limit: 2, cursor: first.body.nextCursor });
      expect(res.status, sort).toBe(400);
      expect(res.body.code).toBe('INVALID_CURSOR');
    }
  });

  it.each([
    ['garbage', 'not-a-cursor'],
    [
      'valid base64 of something else',
      Buffer.from('{"s":"-updatedAt","v":["yesterday",1]}').toString('base64url'),
    ],
  ])('rejects a %s cursor with 400 INVALID_CURSOR', async (_case, cursor) => {
    const res = await list({ cursor });

    expect(res.status).toBe(400);
    expect(res.body.code).toBe('INVALID_CURSOR');
  });

  it.each([
    ['an unknown parameter', { colour: 'red' }, 'colour'],
    ['status=bogus', { status: 'bogus' }, 'status'],
    ['sort=name', { sort: 'name' }, 'sort'],
    ['limit=0', { limit: 0 }, 'limit'],
    ['limit=201', { limit: 201 }, 'limit'],
    ['sourceId that is not a UUID', { sourceId: 'nope' }, 'sourceId'],
    ['updatedSince that is not a date', { updatedSince: 'yesterday' }, 'updatedSince'],
  ])('rejects %s with 400 VALIDATION_FAILED naming the field', async (_case, query, field) => {
    const res = await list(query);

    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field }));
  });
});
