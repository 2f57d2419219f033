import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStance, createClaim, createSource } from './factories.js';
import { createTestApp, type TestApp } from './test-app.js';
import { expectProblem } from './problem.js';

/** Sources through the HTTP API (docs/design.md §2.1 Sources, §2.2 Independence groups, §4 HTTP conventions), checked against the stored rows. */
describe('sources', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  // ---------------------------------------------------------------- helpers

  /** A token unique to one test, so list queries only see that test's sources. */
  const token = (): string => `tok${randomUUID().replace(/-/g, '').slice(0, 12)}`;

  interface StoredSource {
    id: string;
    name: string;
    kind: string;
    description: string | null;
    aliases: string[];
    url: string | null;
    affiliated_with_id: string | null;
    reliability: string;
    independence_group_id: string;
    version: number;
  }

  async function stored(id: string): Promise<StoredSource | undefined> {
    const rows: StoredSource[] = await t.db.query(
      `SELECT id, name, kind, description, aliases, url, affiliated_with_id, reliability, independence_group_id, version
         FROM sources WHERE id = $1`,
      [id],
    );
    return rows[0];
  }

  async function groupOf(id: string): Promise<string | undefined> {
    return (await stored(id))?.independence_group_id;
  }

  /**
   * Sources whose stored independence group is not the root of their affiliation chain, computed
   * from affiliated_with_id alone. Empty when the derived column is right for every source.
   */
  async function misgrouped(): Promise<{ id: string; stored: string; root: string }[]> {
    return t.db.query(
      `WITH RECURSIVE up(id, ancestor, depth) AS (
         SELECT id, id, 0 FROM sources
         UNION ALL
         SELECT u.id, s.affiliated_with_id, u.depth + 1
           FROM up u JOIN sources s ON s.id = u.ancestor
          WHERE s.affiliated_with_id IS NOT NULL AND u.depth < 1000
       )
       SELECT s.id, s.independence_group_id AS stored, r.ancestor AS root
         FROM sources s
         JOIN LATERAL (SELECT ancestor FROM up WHERE up.id = s.id ORDER BY depth DESC LIMIT 1) r ON true
        WHERE s.independence_group_id <> r.ancestor`,
    );
  }

  async function sourceCount(): Promise<number> {
    const [row] = await t.db.query('SELECT count(*)::int AS n FROM sources');
    return row.n;
  }

  interface StoredClaimStatus {
    status: string;
    score: number;
    support_groups: number;
    support_sources: number;
  }

  async function storedClaim(id: string): Promise<StoredClaimStatus> {
    const [row] = await t.db.query(
      'SELECT status, score, support_groups, support_sources FROM claims WHERE id = $1',
      [id],
    );
    return { ...row, score: Number(row.score) };
  }

  const patch = (id: string, body: Record<string, unknown>, ifMatch?: string) => {
    const req = request(t.http).patch(`/v1/sources/${id}`);
    return (ifMatch === undefined ? req : req.set('If-Match', ifMatch)).send(body);
  };

  const list = (query: Record<string, string | number>) =>
    request(t.http).get('/v1/sources').query(query);

  /** Walks every page of a list query; returns the pages' items in order and how many pages it took. */
  async function walk(
    query: Record<string, string | number>,
  ): Promise<{ items: any[]; pages: number }> {
    const items: any[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await list({ ...query, ...(cursor ? { cursor } : {}) });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      items.push(...res.body.items);
      cursor = res.body.nextCursor;
      pages++;
      expect(pages).toBeLessThan(50);
    } while (cursor !== null);
    return { items, pages };
  }

  /** government ← ministry ← spokesman ← deputy: a chain of four. */
  async function chain(): Promise<{ government: any; ministry: any; spokesman: any; deputy: any }> {
    const government = await createSource(t.http, { kind: 'government' });
    const ministry = await createSource(t.http, {
      kind: 'government',
      affiliatedWithId: government.id,
    });
    const spokesman = await createSource(t.http, { kind: 'person', affiliatedWithId: ministry.id });
    const deputy = await createSource(t.http, { kind: 'person', affiliatedWithId: spokesman.id });
    return { government, ministry, spokesman, deputy };
  }

  // ---------------------------------------------------------------- create and read

  describe('create and read', () => {
    it('creates a source: 201, Location, ETag "1", trimmed name, defaults, and the stored row matches', async () => {
      const res = await request(t.http)
        .post('/v1/sources')
        .send({ name: '  Bahram Ghassemi  ', kind: 'person' });

      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.headers['location']).toBe(`/v1/sources/${res.body.id}`);
      expect(res.headers['etag']).toBe('"1"');
      expect(res.body).toMatchObject({
        name: 'Bahram Ghassemi',
        kind: 'person',
        description: null,
        aliases: [],
        url: null,
        affiliatedWithId: null,
        reliability: 'F',
        independenceGroupId: res.body.id,
        version: 1,
      });
      expect(res.body.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(new Date(res.body.createdAt).toISOString()).toBe(res.body.createdAt);

      expect(await stored(res.body.id)).toEqual({
        id: res.body.id,
        name: 'Bahram Ghassemi',
        kind: 'person',
        description: null,
        aliases: [],
        url: null,
        affiliated_with_id: null,
        reliability: 'F',
        independence_group_id: res.body.id,
        version: 1,
      });
    });

    it('stores every optional field given, with aliases trimmed', async () => {
      const res = await request(t.http)
        .post('/v1/sources')
        .send({
          name: 'Al-Monitor',
          kind: 'outlet',
          description: 'News site on the Middle East',
          aliases: [' AlMonitor ', 'Al Monitor'],
          url: 'https://www.al-monitor.com',
          reliability: 'B',
        });

      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.body).toMatchObject({
        aliases: ['AlMonitor', 'Al Monitor'],
        reliability: 'B',
        url: 'https://www.al-monitor.com',
      });
      expect(await stored(res.body.id)).toMatchObject({
        description: 'News site on the Middle East',
        aliases: ['AlMonitor', 'Al Monitor'],
        url: 'https://www.al-monitor.com',
        reliability: 'B',
      });
    });

    it('accepts a 200-character name once its surrounding spaces are trimmed', async () => {
      const name = 'n'.repeat(200);
      const res = await request(t.http)
        .post('/v1/sources')
        .send({ name: `   ${name}   `, kind: 'document' });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect((await stored(res.body.id))?.name).toBe(name);
    });

    it('answers with the stored (lower-case) affiliatedWithId when it was sent in upper case', async () => {
      const parent = await createSource(t.http, { kind: 'government' });

      const res = await request(t.http).post('/v1/sources').send({
        name: 'Upper-case parent id',
        kind: 'person',
        affiliatedWithId: parent.id.toUpperCase(),
      });

      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect((await stored(res.body.id))?.affiliated_with_id).toBe(parent.id);
      expect(res.body.affiliatedWithId).toBe(parent.id);
      const { possibleDuplicates, ...source } = res.body;
      expect(possibleDuplicates).toEqual([]);
      expect(source).toEqual((await request(t.http).get(`/v1/sources/${res.body.id}`)).body);
    });

    it('reads a source back with GET and its ETag', async () => {
      const created = await createSource(t.http, { reliability: 'C' });
      const res = await request(t.http).get(`/v1/sources/${created.id}`);
      expect(res.status).toBe(200);
      expect(res.headers['etag']).toBe('"1"');
      const { possibleDuplicates, ...source } = created;
      expect(possibleDuplicates).toEqual([]);
      expect(res.body).toEqual(source);
    });

    it('answers 400 INVALID_ID for a path id that is not a UUID', async () => {
      const res = await request(t.http).get('/v1/sources/not-a-uuid');
      expectProblem(res, 400, 'INVALID_ID');
    });

    it('answers 404 SOURCE_NOT_FOUND for an unknown UUID', async () => {
      const res = await request(t.http).get(`/v1/sources/${randomUUID()}`);
      expectProblem(res, 404, 'SOURCE_NOT_FOUND');
    });

    it('echoes the caller’s X-Request-Id in the header and the problem body', async () => {
      const res = await request(t.http)
        .get(`/v1/sources/${randomUUID()}`)
        .set('X-Request-Id', 'sources-e2e-42');
      expect(res.headers['x-request-id']).toBe('sources-e2e-42');
      expect(res.body.requestId).toBe('sources-e2e-42');
    });
  });

  // ---------------------------------------------------------------- affiliation and independence groups

  describe('affiliation', () => {
    it('puts every member of a three-level chain in the root’s independence group', async () => {
      const government = await createSource(t.http, { kind: 'government' });
      const ministry = await createSource(t.http, {
        kind: 'government',
        affiliatedWithId: government.id,
      });
      const spokesman = await createSource(t.http, {
        kind: 'person',
        affiliatedWithId: ministry.id,
      });

      expect(ministry.independenceGroupId).toBe(government.id);
      expect(spokesman.independenceGroupId).toBe(government.id);
      expect(spokesman.affiliatedWithId).toBe(ministry.id);
      expect(await stored(spokesman.id)).toMatchObject({
        affiliated_with_id: ministry.id,
        independence_group_id: government.id,
      });
      expect(await groupOf(ministry.id)).toBe(government.id);
      expect(await groupOf(government.id)).toBe(government.id);
    });

    it('moves a re-affiliated middle node and its whole subtree to the new group', async () => {
      const { government, ministry, spokesman, deputy } = await chain();
      const other = await createSource(t.http, { kind: 'government' });

      const res = await patch(ministry.id, { affiliatedWithId: other.id });

      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body).toMatchObject({
        affiliatedWithId: other.id,
        independenceGroupId: other.id,
        version: 2,
      });
      expect(await stored(ministry.id)).toMatchObject({
        affiliated_with_id: other.id,
        independence_group_id: other.id,
      });
      expect(await groupOf(spokesman.id)).toBe(other.id);
      expect(await groupOf(deputy.id)).toBe(other.id);
      expect(await groupOf(government.id)).toBe(government.id);
      expect((await request(t.http).get(`/v1/sources/${deputy.id}`)).body.independenceGroupId).toBe(
        other.id,
      );
    });

    it('moves a re-affiliated root and its subtree under a new parent’s root', async () => {
      const { government, ministry, spokesman, deputy } = await chain();
      const federation = await createSource(t.http, { kind: 'organization' });
      const member = await createSource(t.http, {
        kind: 'organization',
        affiliatedWithId: federation.id,
      });

      const res = await patch(government.id, { affiliatedWithId: member.id });

      expect(res.status, JSON.stringify(res.body)).toBe(200);
      for (const s of [government, ministry, spokesman, deputy]) {
        expect(await groupOf(s.id), s.name).toBe(federation.id);
      }
    });

    it('makes a source its own root when its affiliation is cleared, and its subtree follows', async () => {
      const { government, ministry, spokesman, deputy } = await chain();

      const res = await patch(ministry.id, { affiliatedWithId: null });

      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body).toMatchObject({ affiliatedWithId: null, independenceGroupId: ministry.id });
      expect(await stored(ministry.id)).toMatchObject({
        affiliated_with_id: null,
        independence_group_id: ministry.id,
      });
      expect(await groupOf(spokesman.id)).toBe(ministry.id);
      expect(await groupOf(deputy.id)).toBe(ministry.id);
      expect(await groupOf(government.id)).toBe(government.id);
    });

    it('moves within one group without changing anyone’s group', async () => {
      const { government, ministry, spokesman, deputy } = await chain();

      const res = await patch(spokesman.id, { affiliatedWithId: government.id });

      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(await stored(spokesman.id)).toMatchObject({
        affiliated_with_id: government.id,
        independence_group_id: government.id,
      });
      expect(await groupOf(deputy.id)).toBe(government.id);
      expect(await groupOf(ministry.id)).toBe(government.id);
    });

    it('keeps every stored independence group equal to the root of its chain after all these moves', async () => {
      const { ministry, spokesman } = await chain();
      const other = await chain();
      expect((await patch(ministry.id, { affiliatedWithId: other.deputy.id })).status).toBe(200);
      expect((await patch(other.ministry.id, { affiliatedWithId: null })).status).toBe(200);
      expect((await patch(spokesman.id, { affiliatedWithId: other.government.id })).status).toBe(
        200,
      );

      expect(await misgrouped()).toEqual([]);
    });

    it('lets only one of two concurrent opposite affiliations win (A→B and B→A at once)', async () => {
      for (let round = 0; round < 5; round++) {
        const a = await createSource(t.http);
        const b = await createSource(t.http);

        const [ab, ba] = await Promise.all([
          patch(a.id, { affiliatedWithId: b.id }),
          patch(b.id, { affiliatedWithId: a.id }),
        ]);

        expect([ab.status, ba.status].sort()).toEqual([200, 422]);
        expectProblem(ab.status === 422 ? ab : ba, 422, 'AFFILIATION_CYCLE');
        const rows = [await stored(a.id), await stored(b.id)];
        expect(rows.filter((r) => r?.affiliated_with_id !== null)).toHaveLength(1);
      }
      expect(await misgrouped()).toEqual([]);
    });

    it('puts a source created under a subtree that is moving at the same time in the right group', async () => {
      for (let round = 0; round < 5; round++) {
        const { ministry, spokesman } = await chain();
        const other = await createSource(t.http, { kind: 'government' });

        const [created, moved] = await Promise.all([
          request(t.http)
            .post('/v1/sources')
            .send({ name: `Aide ${round}`, kind: 'person', affiliatedWithId: spokesman.id }),
          patch(ministry.id, { affiliatedWithId: other.id }),
        ]);

        expect(created.status, JSON.stringify(created.body)).toBe(201);
        expect(moved.status, JSON.stringify(moved.body)).toBe(200);
        expect(await groupOf(created.body.id)).toBe(other.id);
      }
      expect(await misgrouped()).toEqual([]);
    });

    it('rejects a two-step cycle (A←B, then A→B) with 422 AFFILIATION_CYCLE and changes nothing', async () => {
      const a = await createSource(t.http);
      const b = await createSource(t.http, { affiliatedWithId: a.id });
      const before = [await stored(a.id), await stored(b.id)];

      const res = await patch(a.id, { affiliatedWithId: b.id });

      expectProblem(res, 422, 'AFFILIATION_CYCLE');
      expect([await stored(a.id), await stored(b.id)]).toEqual(before);
    });

    it('rejects affiliating a root with its grandchild (A←B←C, then A→C) with 422 AFFILIATION_CYCLE and changes nothing', async () => {
      const a = await createSource(t.http);
      const b = await createSource(t.http, { affiliatedWithId: a.id });
      const c = await createSource(t.http, { affiliatedWithId: b.id });
      const before = [await stored(a.id), await stored(b.id), await stored(c.id)];

      const res = await patch(a.id, { affiliatedWithId: c.id });

      expectProblem(res, 422, 'AFFILIATION_CYCLE');
      expect([await stored(a.id), await stored(b.id), await stored(c.id)]).toEqual(before);
    });

    it('rejects a self-affiliation with 422 AFFILIATION_CYCLE and changes nothing', async () => {
      const a = await createSource(t.http);
      const before = await stored(a.id);

      const res = await patch(a.id, { affiliatedWithId: a.id });

      expectProblem(res, 422, 'AFFILIATION_CYCLE');
      expect(await stored(a.id)).toEqual(before);
    });

    it('rejects a self-affiliation written in upper case too', async () => {
      const a = await createSource(t.http);
      const before = await stored(a.id);

      const res = await patch(a.id, { affiliatedWithId: a.id.toUpperCase() });

      expectProblem(res, 422, 'AFFILIATION_CYCLE');
      expect(await stored(a.id)).toEqual(before);
    });

    it('rejects an unknown affiliatedWithId on create with 422 AFFILIATE_NOT_FOUND and stores nothing', async () => {
      const count = await sourceCount();

      const res = await request(t.http)
        .post('/v1/sources')
        .send({ name: 'Orphan', kind: 'person', affiliatedWithId: randomUUID() });

      expectProblem(res, 422, 'AFFILIATE_NOT_FOUND', ['affiliatedWithId']);
      expect(await sourceCount()).toBe(count);
    });

    it('rejects an unknown affiliatedWithId on PATCH with 422 AFFILIATE_NOT_FOUND and changes nothing', async () => {
      const a = await createSource(t.http);
      const before = await stored(a.id);

      const res = await patch(a.id, { affiliatedWithId: randomUUID() });

      expectProblem(res, 422, 'AFFILIATE_NOT_FOUND', ['affiliatedWithId']);
      expect(await stored(a.id)).toEqual(before);
    });
  });

  // ---------------------------------------------------------------- claims follow their sources

  describe('claim status follows source changes', () => {
    /** Two independent supporters of one claim: corroborated. */
    async function corroboratedClaim(): Promise<{ claimId: string; first: any; second: any }> {
      const first = await createSource(t.http);
      const second = await createSource(t.http);
      const claim = await createClaim(t.http, {
        stances: [
          { sourceId: first.id, kind: 'asserts' },
          { sourceId: second.id, kind: 'confirms' },
        ],
      });
      expect(await storedClaim(claim.id)).toMatchObject({
        status: 'corroborated',
        support_groups: 2,
        support_sources: 2,
      });
      return { claimId: claim.id, first, second };
    }

    it('makes a corroborated claim unverified when one supporter is affiliated under the other', async () => {
      const { claimId, first, second } = await corroboratedClaim();

      const res = await patch(second.id, { affiliatedWithId: first.id });

      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(await storedClaim(claimId)).toMatchObject({
        status: 'unverified',
        support_groups: 1,
        support_sources: 2,
      });
      const claim = await request(t.http).get(`/v1/claims/${claimId}`);
      expect(claim.body).toMatchObject({
        status: 'unverified',
        support: { groups: 1, sources: 2 },
      });
    });

    it('restores corroborated when the supporter is un-affiliated again', async () => {
      const { claimId, first, second } = await corroboratedClaim();
      expect((await patch(second.id, { affiliatedWithId: first.id })).status).toBe(200);
      expect((await storedClaim(claimId)).status).toBe('unverified');

      const res = await patch(second.id, { affiliatedWithId: null });

      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(await storedClaim(claimId)).toMatchObject({
        status: 'corroborated',
        support_groups: 2,
        support_sources: 2,
      });
    });

    it('re-evaluates the claims of a moved subtree even when the moved source itself said nothing', async () => {
      const outlet = await createSource(t.http, { kind: 'outlet' });
      const ministry = await createSource(t.http, { kind: 'government' });
      const spokesman = await createSource(t.http, { affiliatedWithId: ministry.id });
      const claim = await createClaim(t.http, {
        stances: [
          { sourceId: outlet.id, kind: 'asserts' },
          { sourceId: spokesman.id, kind: 'confirms' },
        ],
      });
      expect((await storedClaim(claim.id)).status).toBe('corroborated');

      const res = await patch(ministry.id, { affiliatedWithId: outlet.id });

      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(await groupOf(spokesman.id)).toBe(outlet.id);
      expect(await storedClaim(claim.id)).toMatchObject({
        status: 'unverified',
        support_groups: 1,
        support_sources: 2,
      });
    });

    it('keeps the stored status right when a stance and a re-affiliation of its source race', async () => {
      const claims: string[] = [];
      for (let round = 0; round < 5; round++) {
        const outlet = await createSource(t.http, { kind: 'outlet' });
        const ministry = await createSource(t.http, { kind: 'government' });
        const spokesman = await createSource(t.http, { affiliatedWithId: ministry.id });
        const claim = await createClaim(t.http, {
          stances: [{ sourceId: outlet.id, kind: 'asserts' }],
        });
        claims.push(claim.id);

        const [stance, moved] = await Promise.all([
          request(t.http)
            .post(`/v1/claims/${claim.id}/stances`)
            .send({ sourceId: spokesman.id, kind: 'confirms' }),
          patch(ministry.id, { affiliatedWithId: outlet.id }),
        ]);

        expect(stance.status, JSON.stringify(stance.body)).toBe(201);
        expect(moved.status, JSON.stringify(moved.body)).toBe(200);
      }
      for (const id of claims) {
        const fresh = await request(t.http).get(`/v1/claims/${id}/corroboration`);
        expect(fresh.status).toBe(200);
        expect(fresh.body).toMatchObject({
          status: 'unverified',
          support: { groups: 1, sources: 2 },
        });
        expect(await storedClaim(id)).toMatchObject({
          status: 'unverified',
          support_groups: 1,
          support_sources: 2,
        });
      }
    });

    it('raises the stored score when a supporter’s reliability goes from F to A', async () => {
      const supporter = await createSource(t.http, { reliability: 'F' });
      const claim = await createClaim(t.http);
      await addStance(t.http, claim.id, { sourceId: supporter.id, kind: 'asserts' });
      const before = await storedClaim(claim.id);
      expect(before.score).toBeCloseTo(0.6, 6);

      const res = await patch(supporter.id, { reliability: 'A' });

      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.reliability).toBe('A');
      expect((await stored(supporter.id))?.reliability).toBe('A');
      const after = await storedClaim(claim.id);
      expect(after.score).toBeGreaterThan(before.score);
      expect(after.score).toBeCloseTo(0.95, 6);
      expect((await request(t.http).get(`/v1/claims/${claim.id}`)).body.score).toBeCloseTo(
        after.score,
        10,
      );
    });

    it('lowers the stored score of a denied claim when the denier’s reliability rises', async () => {
      const denier = await createSource(t.http, { reliability: 'F' });
      const claim = await createClaim(t.http);
      await addStance(t.http, claim.id, { sourceId: denier.id, kind: 'denies' });
      const before = await storedClaim(claim.id);

      expect((await patch(denier.id, { reliability: 'A' })).status).toBe(200);

      expect((await storedClaim(claim.id)).score).toBeLessThan(before.score);
    });
  });

  // ---------------------------------------------------------------- PATCH and If-Match

  describe('PATCH /v1/sources/{id} with If-Match', () => {
    it('applies a change when If-Match names the current version: 200, version 2, ETag "2"', async () => {
      const s = await createSource(t.http);

      const res = await patch(s.id, { name: '  Renamed  ' }, '"1"');

      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.headers['etag']).toBe('"2"');
      expect(res.body).toMatchObject({ name: 'Renamed', version: 2 });
      expect(await stored(s.id)).toMatchObject({ name: 'Renamed', version: 2 });
    });

    it('answers 412 VERSION_MISMATCH for a stale If-Match and changes nothing', async () => {
      const s = await createSource(t.http);
      expect((await patch(s.id, { description: 'first edit' }, '"1"')).status).toBe(200);
      const before = await stored(s.id);

      const res = await patch(s.id, { description: 'lost update' }, '"1"');

      expectProblem(res, 412, 'VERSION_MISMATCH');
      expect(await stored(s.id)).toEqual(before);
      expect(before).toMatchObject({ description: 'first edit', version: 2 });
    });

    it('answers 400 INVALID_IF_MATCH for a garbage If-Match and changes nothing', async () => {
      const s = await createSource(t.http);
      const before = await stored(s.id);

      const res = await patch(s.id, { description: 'never stored' }, 'banana');

      expectProblem(res, 400, 'INVALID_IF_MATCH');
      expect(await stored(s.id)).toEqual(before);
    });

    it('applies a change without If-Match and bumps the version', async () => {
      const s = await createSource(t.http);

      const res = await patch(s.id, { kind: 'organization', aliases: ['Alias'] });

      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.headers['etag']).toBe('"2"');
      expect(await stored(s.id)).toMatchObject({
        kind: 'organization',
        aliases: ['Alias'],
        version: 2,
      });
    });

    it('applies a change with If-Match: * (no version check)', async () => {
      const s = await createSource(t.http);
      expect((await patch(s.id, { description: 'v2' })).status).toBe(200);

      const res = await patch(s.id, { description: 'v3' }, '*');

      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(await stored(s.id)).toMatchObject({ description: 'v3', version: 3 });
    });

    it('clears nullable fields with null', async () => {
      const s = await createSource(t.http, {
        description: 'To be cleared',
        url: 'https://example.org',
      });

      const res = await patch(s.id, { description: null, url: null });

      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(await stored(s.id)).toMatchObject({ description: null, url: null });
    });

    it('answers 404 SOURCE_NOT_FOUND for an unknown source', async () => {
      const res = await patch(randomUUID(), { name: 'Nobody' });
      expectProblem(res, 404, 'SOURCE_NOT_FOUND');
    });
  });

  // ---------------------------------------------------------------- list

  describe('GET /v1/sources', () => {
    it('filters by kind', async () => {
      const tok = token();
      const outlet = await createSource(t.http, { name: `${tok} outlet`, kind: 'outlet' });
      await createSource(t.http, { name: `${tok} person`, kind: 'person' });

      const res = await list({ q: tok, kind: 'outlet' });

      expect(res.status).toBe(200);
      expect(res.body.items.map((s: any) => s.id)).toEqual([outlet.id]);
      expect(res.body.nextCursor).toBeNull();
    });

    it('finds sources by a case-insensitive name substring', async () => {
      const tok = token();
      const s = await createSource(t.http, { name: `Iranian ${tok} Foreign Ministry` });
      await createSource(t.http, { name: `Unrelated ${token()}` });

      const res = await list({ q: `${tok.toUpperCase()} foreign` });

      expect(res.status).toBe(200);
      expect(res.body.items.map((x: any) => x.id)).toEqual([s.id]);
    });

    it('finds sources by a case-insensitive alias', async () => {
      const tok = token();
      const s = await createSource(t.http, {
        name: `Bahram Ghassemi ${tok}`,
        aliases: [`Bahram Qasemi ${tok}`],
      });

      const res = await list({ q: `qasemi ${tok.toUpperCase()}` });

      expect(res.status).toBe(200);
      expect(res.body.items.map((x: any) => x.id)).toEqual([s.id]);
    });

    it('treats % in q as a literal character, not a wildcard', async () => {
      const tok = token();
      const percent = await createSource(t.http, { name: `100% ${tok}` });
      const plain = await createSource(t.http, { name: `Plain ${tok}` });

      const res = await list({ q: '%', limit: 200 });

      expect(res.status).toBe(200);
      const ids = res.body.items.map((x: any) => x.id);
      expect(ids).toContain(percent.id);
      expect(ids).not.toContain(plain.id);
      for (const item of res.body.items) {
        expect(
          [item.name, ...item.aliases].some((n: string) => n.includes('%')),
          item.name,
        ).toBe(true);
      }
    });

    it('treats _ and \\ in q as literal characters: the literal match comes first', async () => {
      const tok = token();
      const underscore = await createSource(t.http, { name: `a_b ${tok}` });
      // "a_b" and "a\b" fold to one name key: a second source of that name must say so.
      const backslash = await createSource(t.http, { name: `a\\b ${tok}`, allowDuplicate: true });
      await createSource(t.http, { name: `axb ${tok}` });

      // The others are near misses (same token), so they follow; but only the literal one contains q.
      expect((await list({ q: `a_b ${tok}` })).body.items[0].id).toBe(underscore.id);
      expect((await list({ q: `a\\b ${tok}` })).body.items[0].id).toBe(backslash.id);
    });

    it('walks every page with limit=2: no duplicates, nothing missed, sorted by name, last nextCursor null', async () => {
      const tok = token();
      const created: any[] = [];
      for (const letter of ['e', 'a', 'd', 'b', 'c']) {
        created.push(await createSource(t.http, { name: `${tok} ${letter}` }));
      }

      const first = await list({ q: tok, limit: 2 });
      expect(first.body.items).toHaveLength(2);
      expect(first.body.nextCursor).toEqual(expect.any(String));

      const { items, pages } = await walk({ q: tok, limit: 2 });

      expect(pages).toBe(3);
      expect(items.map((s) => s.name)).toEqual(['a', 'b', 'c', 'd', 'e'].map((l) => `${tok} ${l}`));
      expect(new Set(items.map((s) => s.id)).size).toBe(5);
      expect(new Set(items.map((s) => s.id))).toEqual(new Set(created.map((s) => s.id)));
    });

    it('orders sources with the same name by id, across pages', async () => {
      const tok = token();
      const twins = [];
      for (let i = 0; i < 3; i++)
        twins.push(await createSource(t.http, { name: `${tok} twin`, allowDuplicate: true }));

      const { items } = await walk({ q: tok, limit: 1 });

      expect(items.map((s) => s.id)).toEqual(twins.map((s) => s.id).sort());
    });

    it('does not repeat or skip a source when another is created between page fetches', async () => {
      const tok = token();
      const originals: any[] = [];
      for (const letter of ['b', 'd', 'f', 'h'])
        originals.push(await createSource(t.http, { name: `${tok} ${letter}` }));

      const page1 = await list({ q: tok, limit: 2 });
      expect(page1.body.items.map((s: any) => s.name)).toEqual([`${tok} b`, `${tok} d`]);
      const early = await createSource(t.http, { name: `${tok} a` });
      const late = await createSource(t.http, { name: `${tok} e` });
      const rest = await walk({ q: tok, limit: 2, cursor: page1.body.nextCursor });

      const seen = [...page1.body.items, ...rest.items].map((s: any) => s.id);
      expect(new Set(seen).size).toBe(seen.length);
      for (const s of originals) expect(seen).toContain(s.id);
      expect(seen).toContain(late.id);
      expect(seen).not.toContain(early.id);
    });

    it.each([
      ['garbage', 'not-a-cursor'],
      [
        'another list’s cursor',
        Buffer.from(
          JSON.stringify({ s: '-updatedAt', v: ['2020-01-01T00:00:00.000Z', randomUUID()] }),
        ).toString('base64url'),
      ],
      [
        'a cursor of the wrong shape',
        Buffer.from(JSON.stringify({ s: 'name', v: ['x'] })).toString('base64url'),
      ],
    ])('answers 400 INVALID_CURSOR for %s', async (_label, cursor) => {
      const res = await list({ cursor });
      expectProblem(res, 400, 'INVALID_CURSOR');
    });

    it.each(['0', '201', 'abc', '1.5'])(
      'answers 400 VALIDATION_FAILED for limit=%s',
      async (limit) => {
        const res = await list({ limit });
        expectProblem(res, 400, 'VALIDATION_FAILED', ['limit']);
      },
    );

    it('answers 400 VALIDATION_FAILED for an unknown kind filter', async () => {
      const res = await list({ kind: 'alien' });
      expectProblem(res, 400, 'VALIDATION_FAILED', ['kind']);
    });

    it('answers 400 VALIDATION_FAILED for an unknown query parameter', async () => {
      const res = await list({ colour: 'red' });
      expectProblem(res, 400, 'VALIDATION_FAILED', ['colour']);
    });
  });

  // ---------------------------------------------------------------- delete

  describe('DELETE /v1/sources/{id}', () => {
    it('deletes a source: 204, then GET answers 404 SOURCE_NOT_FOUND and the row is gone', async () => {
      const s = await createSource(t.http);

      const res = await request(t.http).delete(`/v1/sources/${s.id}`);

      expect(res.status).toBe(204);
      expect(res.text).toBe('');
      expect(await stored(s.id)).toBeUndefined();
      expectProblem(await request(t.http).get(`/v1/sources/${s.id}`), 404, 'SOURCE_NOT_FOUND');
    });

    it('answers 404 SOURCE_NOT_FOUND for an unknown source', async () => {
      expectProblem(
        await request(t.http).delete(`/v1/sources/${randomUUID()}`),
        404,
        'SOURCE_NOT_FOUND',
      );
    });

    it('answers 400 INVALID_ID for a path id that is not a UUID', async () => {
      expectProblem(await request(t.http).delete('/v1/sources/123'), 400, 'INVALID_ID');
    });

    it('refuses a source that has stances with 409 SOURCE_HAS_STANCES and keeps it', async () => {
      const s = await createSource(t.http);
      const claim = await createClaim(t.http);
      await addStance(t.http, claim.id, { sourceId: s.id, kind: 'asserts' });

      const res = await request(t.http).delete(`/v1/sources/${s.id}`);

      expectProblem(res, 409, 'SOURCE_HAS_STANCES');
      expect(await stored(s.id)).toBeDefined();
    });

    it('refuses a source used only as a stance’s viaSourceId with 409 SOURCE_HAS_STANCES and keeps it', async () => {
      const speaker = await createSource(t.http);
      const relay = await createSource(t.http, { kind: 'outlet' });
      const claim = await createClaim(t.http);
      await addStance(t.http, claim.id, {
        sourceId: speaker.id,
        kind: 'asserts',
        viaSourceId: relay.id,
      });

      const res = await request(t.http).delete(`/v1/sources/${relay.id}`);

      expectProblem(res, 409, 'SOURCE_HAS_STANCES');
      expect(await stored(relay.id)).toBeDefined();
    });

    it('refuses a source others are affiliated with with 409 SOURCE_HAS_AFFILIATES and keeps it', async () => {
      const parent = await createSource(t.http, { kind: 'government' });
      const child = await createSource(t.http, { affiliatedWithId: parent.id });

      const res = await request(t.http).delete(`/v1/sources/${parent.id}`);

      expectProblem(res, 409, 'SOURCE_HAS_AFFILIATES');
      expect(await stored(parent.id)).toBeDefined();
      expect(await stored(child.id)).toMatchObject({
        affiliated_with_id: parent.id,
        independence_group_id: parent.id,
      });
    });

    it('deletes a former parent once its affiliate has been re-affiliated', async () => {
      const parent = await createSource(t.http, { kind: 'government' });
      const child = await createSource(t.http, { affiliatedWithId: parent.id });
      expect((await patch(child.id, { affiliatedWithId: null })).status).toBe(200);

      expect((await request(t.http).delete(`/v1/sources/${parent.id}`)).status).toBe(204);
      expect(await stored(parent.id)).toBeUndefined();
    });
  });

  // ---------------------------------------------------------------- validation

  describe('validation', () => {
    const tooManyAliases = Array.from({ length: 21 }, (_, i) => `alias ${i}`);

    it.each([
      ['an empty name', { name: '' }, 'name'],
      ['a blank name', { name: '   ' }, 'name'],
      ['a 201-character name', { name: 'x'.repeat(201) }, 'name'],
      ['a number as name', { name: 42 }, 'name'],
      ['a missing name', { name: undefined }, 'name'],
      ['an unknown kind', { kind: 'alien' }, 'kind'],
      ['a missing kind', { kind: undefined }, 'kind'],
      ['reliability G', { reliability: 'G' }, 'reliability'],
      ['21 aliases', { aliases: tooManyAliases }, 'aliases'],
      ['an empty alias', { aliases: ['ok', ''] }, 'aliases'],
      ['aliases as a string', { aliases: 'Alias' }, 'aliases'],
      ['an ftp url', { url: 'ftp://x' }, 'url'],
      ['a url that is not a URL', { url: 'not a url' }, 'url'],
      ['a 2001-character description', { description: 'd'.repeat(2001) }, 'description'],
      [
        'an affiliatedWithId that is not a UUID',
        { affiliatedWithId: 'ministry' },
        'affiliatedWithId',
      ],
      ['an unknown field', { colour: 'red' }, 'colour'],
    ])(
      'POST rejects %s with 400 VALIDATION_FAILED and stores nothing',
      async (_label, change, field) => {
        const count = await sourceCount();

        const res = await request(t.http)
          .post('/v1/sources')
          .send({ name: 'Valid name', kind: 'person', ...change });

        expectProblem(res, 400, 'VALIDATION_FAILED', [field]);
        expect(await sourceCount()).toBe(count);
      },
    );

    it.each([
      ['a null name', { name: null }, 'name'],
      ['a null kind', { kind: null }, 'kind'],
      ['a null reliability', { reliability: null }, 'reliability'],
      ['null aliases', { aliases: null }, 'aliases'],
      ['a blank name', { name: '  ' }, 'name'],
      ['a number as name', { name: 7 }, 'name'],
      ['an unknown kind', { kind: 'alien' }, 'kind'],
      ['reliability G', { reliability: 'G' }, 'reliability'],
      ['an ftp url', { url: 'ftp://x' }, 'url'],
      ['an unknown field', { independenceGroupId: randomUUID() }, 'independenceGroupId'],
    ])(
      'PATCH rejects %s with 400 VALIDATION_FAILED and changes nothing',
      async (_label, body, field) => {
        const s = await createSource(t.http);
        const before = await stored(s.id);
        const count = await sourceCount();

        const res = await patch(s.id, body);

        expectProblem(res, 400, 'VALIDATION_FAILED', [field]);
        expect(await stored(s.id)).toEqual(before);
        expect(await sourceCount()).toBe(count);
      },
    );

    it('lists every invalid field at once', async () => {
      const count = await sourceCount();

      const res = await request(t.http)
        .post('/v1/sources')
        .send({ name: '', kind: 'alien', reliability: 'G' });

      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
        'kind',
        'name',
        'reliability',
      ]);
      expect(await sourceCount()).toBe(count);
    });

    it('answers malformed JSON with 400 MALFORMED_JSON and stores nothing', async () => {
      const count = await sourceCount();

      const res = await request(t.http)
        .post('/v1/sources')
        .set('Content-Type', 'application/json')
        .send('{"name": "x",');

      expectProblem(res, 400, 'MALFORMED_JSON');
      expect(await sourceCount()).toBe(count);
    });
  });
});
