import { randomUUID } from 'node:crypto';
import request, { type Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClaim } from './factories.js';
import { createTestApp, type TestApp } from './test-app.js';
import { expectProblem } from './problem.js';

/** Claim links through the HTTP API (docs/design.md §2.5 Claim links, §4 HTTP conventions), checked against the stored rows. */
describe('claim links', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  // ---------------------------------------------------------------- helpers

  interface StoredLink {
    id: string;
    from_claim_id: string;
    to_claim_id: string;
    kind: string;
    note: string | null;
  }

  const claimIds = async (n: number): Promise<string[]> => {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) ids.push((await createClaim(t.http)).id);
    return ids;
  };

  const postLink = (fromId: string, body: Record<string, unknown>) =>
    request(t.http).post(`/v1/claims/${fromId}/links`).send(body);

  /** Creates a link and insists on 201; returns the body. */
  async function link(
    fromId: string,
    toClaimId: string,
    kind: string,
    note?: string,
  ): Promise<any> {
    const res = await postLink(fromId, { toClaimId, kind, ...(note !== undefined && { note }) });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  }

  const listLinks = (claimId: string, query: Record<string, string | number> = {}) =>
    request(t.http).get(`/v1/claims/${claimId}/links`).query(query);

  async function stored(id: string): Promise<StoredLink | undefined> {
    const rows: StoredLink[] = await t.db.query(
      'SELECT id, from_claim_id, to_claim_id, kind, note FROM claim_links WHERE id = $1',
      [id],
    );
    return rows[0];
  }

  async function linkCount(): Promise<number> {
    const [row] = await t.db.query('SELECT count(*)::int AS n FROM claim_links');
    return row.n;
  }

  async function linksTouching(claimId: string): Promise<number> {
    const [row] = await t.db.query(
      'SELECT count(*)::int AS n FROM claim_links WHERE from_claim_id = $1 OR to_claim_id = $1',
      [claimId],
    );
    return row.n;
  }

  /** Sends a request that must be rejected, and checks that claim_links did not change. */
  async function rejected(
    send: () => Promise<Response>,
    status: number,
    code: string,
    fields?: string[],
  ): Promise<Response> {
    const before = await linkCount();
    const res = await send();
    expectProblem(res, status, code, fields);
    expect(await linkCount()).toBe(before);
    return res;
  }

  /** Walks every page of a claim's links. */
  async function walk(
    claimId: string,
    query: Record<string, string | number>,
  ): Promise<{ items: any[]; pages: number }> {
    const items: any[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await listLinks(claimId, { ...query, ...(cursor ? { cursor } : {}) });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      items.push(...res.body.items);
      cursor = res.body.nextCursor;
      pages++;
      expect(pages).toBeLessThan(50);
    } while (cursor !== null);
    return { items, pages };
  }

  const ids = (items: { id: string }[]): string[] => items.map((l) => l.id);

  /** The list order the API promises: oldest first, ties (same millisecond) by id. */
  const inListOrder = <T extends { id: string; createdAt: string }>(links: T[]): T[] =>
    [...links].sort(
      (x, y) => x.createdAt.localeCompare(y.createdAt) || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0),
    );

  // ---------------------------------------------------------------- create and read

  describe('create', () => {
    it('creates a link: 201 with Location, the link in the body, and the stored row', async () => {
      const [a, b] = await claimIds(2);

      const res = await postLink(a, { toClaimId: b, kind: 'part_of', note: 'a sub-claim' });

      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.headers['location']).toBe(`/v1/links/${res.body.id}`);
      expect(res.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        fromClaimId: a,
        toClaimId: b,
        kind: 'part_of',
        note: 'a sub-claim',
        createdAt: expect.any(String),
        createdByKeyId: t.adminKeyId,
        updatedByKeyId: t.adminKeyId,
      });
      expect(new Date(res.body.createdAt).toISOString()).toBe(res.body.createdAt);
      expect(await stored(res.body.id)).toEqual({
        id: res.body.id,
        from_claim_id: a,
        to_claim_id: b,
        kind: 'part_of',
        note: 'a sub-claim',
      });
    });

    it('stores a missing note as null', async () => {
      const [a, b] = await claimIds(2);
      const created = await link(a, b, 'related');
      expect(created.note).toBeNull();
      expect((await stored(created.id))?.note).toBeNull();
    });

    it('accepts the same pair of claims under different kinds', async () => {
      const [a, b] = await claimIds(2);
      await link(a, b, 'related');
      await link(a, b, 'depends_on');
      await link(a, b, 'part_of');
      expect(await linksTouching(a)).toBe(3);
    });

    it('normalises an upper-case toClaimId to the stored claim id', async () => {
      const [a, b] = await claimIds(2);
      const created = await link(a, b.toUpperCase(), 'related');
      expect(created.toClaimId).toBe(b);
      expect((await stored(created.id))?.to_claim_id).toBe(b);
    });
  });

  describe('GET /v1/links/{id}', () => {
    it('reads a link back', async () => {
      const [a, b] = await claimIds(2);
      const created = await link(a, b, 'contradicts', 'both cannot be true');

      const res = await request(t.http).get(`/v1/links/${created.id}`);

      expect(res.status).toBe(200);
      expect(res.body).toEqual(created);
    });

    it('answers 404 LINK_NOT_FOUND for an unknown link', async () => {
      expectProblem(await request(t.http).get(`/v1/links/${randomUUID()}`), 404, 'LINK_NOT_FOUND');
    });

    it('answers 400 INVALID_ID for an id that is not a UUID', async () => {
      expectProblem(await request(t.http).get('/v1/links/not-a-uuid'), 400, 'INVALID_ID');
    });
  });

  // ---------------------------------------------------------------- list

  describe('GET /v1/claims/{id}/links', () => {
    /** A hub claim with two outgoing links (part_of, related) and two incoming (depends_on, contradicts). */
    async function hub() {
      const [x, a, b, c, d] = await claimIds(5);
      const outPart = await link(x, a, 'part_of');
      const outRelated = await link(x, b, 'related');
      const inDepends = await link(c, x, 'depends_on');
      const inContradicts = await link(d, x, 'contradicts');
      const unrelated = await link(a, b, 'related');
      return { x, outPart, outRelated, inDepends, inContradicts, unrelated };
    }

    it('lists outgoing and incoming links by default, oldest first', async () => {
      const h = await hub();

      const res = await listLinks(h.x);

      expect(res.status).toBe(200);
      const expected = inListOrder([h.outPart, h.outRelated, h.inDepends, h.inContradicts]);
      expect(ids(res.body.items)).toEqual(ids(expected));
      expect(res.body.items[0]).toEqual(expected[0]);
      expect(res.body.nextCursor).toBeNull();
    });

    it.each([
      ['out', ['outPart', 'outRelated']],
      ['in', ['inDepends', 'inContradicts']],
      ['both', ['outPart', 'outRelated', 'inDepends', 'inContradicts']],
    ] as const)('filters direction=%s', async (direction, expected) => {
      const h = await hub();

      const res = await listLinks(h.x, { direction });

      expect(res.status).toBe(200);
      expect(ids(res.body.items)).toEqual(ids(inListOrder(expected.map((k) => h[k]))));
    });

    it.each([
      [{ kind: 'related' }, ['outRelated']],
      [{ kind: 'depends_on' }, ['inDepends']],
      [{ kind: 'contradicts', direction: 'out' }, []],
      [{ kind: 'contradicts', direction: 'in' }, ['inContradicts']],
    ] as const)('filters by kind: %o', async (query, expected) => {
      const h = await hub();

      const res = await listLinks(h.x, query);

      expect(res.status).toBe(200);
      expect(ids(res.body.items)).toEqual(expected.map((k) => h[k].id));
    });

    it('answers an empty page for a claim without links', async () => {
      const [lonely] = await claimIds(1);
      const res = await listLinks(lonely);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ items: [], nextCursor: null });
    });

    it('walks every page with limit=2: no duplicates, nothing missed, last nextCursor null', async () => {
      const [x, ...others] = await claimIds(6);
      const created: any[] = [];
      for (const [i, other] of others.entries()) {
        created.push(
          i % 2 === 0 ? await link(x, other, 'related') : await link(other, x, 'depends_on'),
        );
      }

      const first = await listLinks(x, { limit: 2 });
      expect(first.body.items).toHaveLength(2);
      expect(first.body.nextCursor).toEqual(expect.any(String));

      const { items, pages } = await walk(x, { limit: 2 });

      expect(pages).toBe(3);
      expect(new Set(ids(items)).size).toBe(5);
      expect(ids(items)).toEqual(ids(inListOrder(created)));
    });

    it('does not repeat a link created between page fetches, and shows it on a later page', async () => {
      const [x, a, b, c, d] = await claimIds(5);
      const early = [
        await link(x, a, 'related'),
        await link(x, b, 'related'),
        await link(x, c, 'related'),
      ];

      const page1 = await listLinks(x, { limit: 2 });
      const late = await link(x, d, 'related');
      const rest = await walk(x, { limit: 2, cursor: page1.body.nextCursor });

      const seen = [...ids(page1.body.items), ...ids(rest.items)];
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).toEqual(ids(inListOrder([...early, late])));
    });

    it('answers 404 CLAIM_NOT_FOUND for an unknown claim', async () => {
      expectProblem(await listLinks(randomUUID()), 404, 'CLAIM_NOT_FOUND');
    });

    it('answers 400 INVALID_ID for a claim id that is not a UUID', async () => {
      expectProblem(await listLinks('claim-1'), 400, 'INVALID_ID');
    });

    it('answers 400 INVALID_CURSOR for a garbage cursor', async () => {
      const [x] = await claimIds(1);
      expectProblem(await listLinks(x, { cursor: 'garbage' }), 400, 'INVALID_CURSOR');
    });

    it('answers 400 INVALID_CURSOR for a cursor from another direction', async () => {
      const [x, a, b] = await claimIds(3);
      await link(x, a, 'related');
      await link(x, b, 'related');
      const page1 = await listLinks(x, { direction: 'out', limit: 1 });
      expect(page1.body.nextCursor).toEqual(expect.any(String));

      expectProblem(
        await listLinks(x, { direction: 'in', limit: 1, cursor: page1.body.nextCursor }),
        400,
        'INVALID_CURSOR',
      );
    });

    it.each([
      [{ direction: 'sideways' }, 'direction'],
      [{ kind: 'causes' }, 'kind'],
      [{ limit: 0 }, 'limit'],
      [{ limit: 201 }, 'limit'],
      [{ limit: 'abc' }, 'limit'],
    ])('answers 400 VALIDATION_FAILED for %o', async (query, field) => {
      const [x] = await claimIds(1);
      expectProblem(await listLinks(x, query), 400, 'VALIDATION_FAILED', [field]);
    });
  });

  // ---------------------------------------------------------------- rules

  describe('rules', () => {
    it('rejects a self-link with 422 LINK_TO_SELF', async () => {
      const [a] = await claimIds(1);
      await rejected(() => postLink(a, { toClaimId: a, kind: 'related' }), 422, 'LINK_TO_SELF', [
        'toClaimId',
      ]);
    });

    it('rejects a self-link written in upper case with 422 LINK_TO_SELF', async () => {
      const [a] = await claimIds(1);
      await rejected(
        () => postLink(a, { toClaimId: a.toUpperCase(), kind: 'depends_on' }),
        422,
        'LINK_TO_SELF',
        ['toClaimId'],
      );
    });

    it('rejects a missing target claim with 422 LINK_TARGET_NOT_FOUND', async () => {
      const [a] = await claimIds(1);
      await rejected(
        () => postLink(a, { toClaimId: randomUUID(), kind: 'related' }),
        422,
        'LINK_TARGET_NOT_FOUND',
        ['toClaimId'],
      );
    });

    it('rejects a missing claim in the path with 404 CLAIM_NOT_FOUND', async () => {
      const [b] = await claimIds(1);
      await rejected(
        () => postLink(randomUUID(), { toClaimId: b, kind: 'related' }),
        404,
        'CLAIM_NOT_FOUND',
      );
    });

    it('rejects a claim id in the path that is not a UUID with 400 INVALID_ID', async () => {
      const [b] = await claimIds(1);
      await rejected(
        () => postLink('claim-1', { toClaimId: b, kind: 'related' }),
        400,
        'INVALID_ID',
      );
    });

    it.each(['part_of', 'depends_on', 'contradicts', 'related'])(
      'rejects a duplicate %s link with 409 LINK_EXISTS',
      async (kind) => {
        const [a, b] = await claimIds(2);
        await link(a, b, kind);
        await rejected(() => postLink(a, { toClaimId: b, kind }), 409, 'LINK_EXISTS');
      },
    );

    it('rejects a duplicate given with an upper-case toClaimId with 409 LINK_EXISTS', async () => {
      const [a, b] = await claimIds(2);
      await link(a, b, 'depends_on');
      await rejected(
        () => postLink(a, { toClaimId: b.toUpperCase(), kind: 'depends_on' }),
        409,
        'LINK_EXISTS',
      );
    });

    it.each(['related', 'contradicts'])(
      'treats %s B→A after A→B as a duplicate: 409 LINK_EXISTS',
      async (kind) => {
        const [a, b] = await claimIds(2);
        await link(a, b, kind);
        await rejected(() => postLink(b, { toClaimId: a, kind }), 409, 'LINK_EXISTS');
      },
    );

    it.each(['depends_on', 'part_of'])(
      'treats %s B→A after A→B as a cycle: 422 LINK_CYCLE',
      async (kind) => {
        const [a, b] = await claimIds(2);
        await link(a, b, kind);
        await rejected(() => postLink(b, { toClaimId: a, kind }), 422, 'LINK_CYCLE');
      },
    );

    it.each(['depends_on', 'part_of'])(
      'rejects a three-step %s cycle (A→B→C, then C→A) with 422 LINK_CYCLE',
      async (kind) => {
        const [a, b, c] = await claimIds(3);
        await link(a, b, kind);
        await link(b, c, kind);
        await rejected(() => postLink(c, { toClaimId: a, kind }), 422, 'LINK_CYCLE');
      },
    );

    it('rejects a cycle closed through a branch (A→B, A→C, C→D, then D→A) with 422 LINK_CYCLE', async () => {
      const [a, b, c, d] = await claimIds(4);
      await link(a, b, 'depends_on');
      await link(a, c, 'depends_on');
      await link(c, d, 'depends_on');
      await rejected(() => postLink(d, { toClaimId: a, kind: 'depends_on' }), 422, 'LINK_CYCLE');
    });

    it('accepts a diamond, which is not a cycle (A→B, A→C, B→D, then C→D)', async () => {
      const [a, b, c, d] = await claimIds(4);
      await link(a, b, 'depends_on');
      await link(a, c, 'depends_on');
      await link(b, d, 'depends_on');
      await link(c, d, 'depends_on');
      expect(await linksTouching(d)).toBe(2);
    });

    it('does not let a part_of chain block a depends_on edge the other way: cycles are per kind', async () => {
      const [a, b, c] = await claimIds(3);
      await link(a, b, 'part_of');
      await link(b, c, 'part_of');

      const res = await postLink(c, { toClaimId: a, kind: 'depends_on' });

      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(await stored(res.body.id)).toMatchObject({
        from_claim_id: c,
        to_claim_id: a,
        kind: 'depends_on',
      });
    });

    it('does not let a related or contradicts link block a depends_on edge the other way', async () => {
      const [a, b] = await claimIds(2);
      await link(a, b, 'related');
      await link(a, b, 'contradicts');
      const created = await link(b, a, 'depends_on');
      expect(await stored(created.id)).toMatchObject({
        from_claim_id: b,
        to_claim_id: a,
        kind: 'depends_on',
      });
    });

    it.each(['related', 'contradicts'])(
      'stores only one of two concurrent %s links A→B and B→A: the other is 409 LINK_EXISTS',
      async (kind) => {
        for (let round = 0; round < 5; round++) {
          const [a, b] = await claimIds(2);

          const [ab, ba] = await Promise.all([
            postLink(a, { toClaimId: b, kind }),
            postLink(b, { toClaimId: a, kind }),
          ]);

          expect([ab.status, ba.status].sort()).toEqual([201, 409]);
          expectProblem(ab.status === 409 ? ab : ba, 409, 'LINK_EXISTS');
          expect(await linksTouching(a)).toBe(1);
        }
      },
    );

    it('stores only one of two concurrent depends_on links A→B and B→A: the other is 422 LINK_CYCLE', async () => {
      for (let round = 0; round < 5; round++) {
        const [a, b] = await claimIds(2);

        const [ab, ba] = await Promise.all([
          postLink(a, { toClaimId: b, kind: 'depends_on' }),
          postLink(b, { toClaimId: a, kind: 'depends_on' }),
        ]);

        expect([ab.status, ba.status].sort()).toEqual([201, 422]);
        expectProblem(ab.status === 422 ? ab : ba, 422, 'LINK_CYCLE');
        expect(await linksTouching(a)).toBe(1);
      }
    });

    it.each([
      ['an unknown kind', { kind: 'causes' }, 'kind'],
      ['a missing kind', { kind: undefined }, 'kind'],
      ['a toClaimId that is not a UUID', { toClaimId: 'claim-2' }, 'toClaimId'],
      ['a missing toClaimId', { toClaimId: undefined }, 'toClaimId'],
      ['a 2001-character note', { note: 'n'.repeat(2001) }, 'note'],
      ['a note that is a number', { note: 5 }, 'note'],
      ['an unknown field', { weight: 3 }, 'weight'],
      ['a fromClaimId in the body', { fromClaimId: randomUUID() }, 'fromClaimId'],
    ])('rejects %s with 400 VALIDATION_FAILED', async (_label, change, field) => {
      const [a, b] = await claimIds(2);
      await rejected(
        () => postLink(a, { toClaimId: b, kind: 'related', ...change }),
        400,
        'VALIDATION_FAILED',
        [field],
      );
    });

    it('rejects malformed JSON with 400 MALFORMED_JSON', async () => {
      const [a] = await claimIds(1);
      await rejected(
        () =>
          request(t.http)
            .post(`/v1/claims/${a}/links`)
            .set('Content-Type', 'application/json')
            .send('{"kind": '),
        400,
        'MALFORMED_JSON',
      );
    });

    it('puts the caller’s X-Request-Id in the problem body', async () => {
      const [a] = await claimIds(1);
      const res = await rejected(
        () => postLink(a, { toClaimId: a, kind: 'related' }).set('X-Request-Id', 'links-e2e-7'),
        422,
        'LINK_TO_SELF',
      );
      expect(res.headers['x-request-id']).toBe('links-e2e-7');
      expect(res.body.requestId).toBe('links-e2e-7');
    });
  });

  // ---------------------------------------------------------------- delete

  describe('DELETE /v1/links/{id}', () => {
    it('deletes a link: 204, the row is gone, then GET and DELETE answer 404 LINK_NOT_FOUND', async () => {
      const [a, b] = await claimIds(2);
      const created = await link(a, b, 'depends_on');

      const res = await request(t.http).delete(`/v1/links/${created.id}`);

      expect(res.status).toBe(204);
      expect(res.text).toBe('');
      expect(await stored(created.id)).toBeUndefined();
      expectProblem(await request(t.http).get(`/v1/links/${created.id}`), 404, 'LINK_NOT_FOUND');
      await rejected(
        () => request(t.http).delete(`/v1/links/${created.id}`),
        404,
        'LINK_NOT_FOUND',
      );
    });

    it('answers 400 INVALID_ID for an id that is not a UUID', async () => {
      await rejected(() => request(t.http).delete('/v1/links/42'), 400, 'INVALID_ID');
    });

    it('allows the same link again once it is deleted, and the reverse of a deleted depends_on', async () => {
      const [a, b] = await claimIds(2);
      const first = await link(a, b, 'depends_on');
      expect((await request(t.http).delete(`/v1/links/${first.id}`)).status).toBe(204);

      const reverse = await link(b, a, 'depends_on');

      expect(await stored(reverse.id)).toMatchObject({ from_claim_id: b, to_claim_id: a });
    });

    it('removes a claim’s links, outgoing and incoming, when the claim is deleted', async () => {
      const [x, a, b] = await claimIds(3);
      const outgoing = await link(x, a, 'part_of');
      const incoming = await link(b, x, 'depends_on');
      const bystander = await link(a, b, 'related');
      expect(await linksTouching(x)).toBe(2);

      const res = await request(t.http).delete(`/v1/claims/${x}`);

      expect(res.status).toBe(204);
      expect(await linksTouching(x)).toBe(0);
      expect(await stored(outgoing.id)).toBeUndefined();
      expect(await stored(incoming.id)).toBeUndefined();
      expect(await stored(bystander.id)).toBeDefined();
      expectProblem(await request(t.http).get(`/v1/links/${incoming.id}`), 404, 'LINK_NOT_FOUND');
    });
  });
});
