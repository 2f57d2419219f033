import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoredClaimSearchVector1796515200000 } from '../migrations/1796515200000-stored-claim-search-vector.js';
import {
  ANY_LANGUAGE_QUERY,
  ROW_QUERY,
  SEARCH_CANDIDATES,
  SEARCH_VECTOR,
} from '../src/claims/claims.repository.js';
import { NAMES } from '../src/sources/sources.repository.js';
import { addStance, createClaim, createSource } from './factories.js';
import { expectProblem } from './problem.js';
import { createTestApp, type TestApp } from './test-app.js';

/** Ranked, language-aware claim search; fuzzy source search; `dependsOnContested` on claims. */
describe('search', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  let n = 0;
  /** A tag of this test's own, so each test sees only the claims it made. */
  const tag = () => `search-${++n}-${Math.random().toString(36).slice(2, 8)}`;
  const claims = (query: Record<string, string | number>) =>
    request(t.http).get('/v1/claims').query(query);
  const sources = (query: Record<string, string | number>) =>
    request(t.http).get('/v1/sources').query(query);

  async function statements(query: Record<string, string | number>): Promise<string[]> {
    const res = await claims(query);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.items.map((c: { statement: string }) => c.statement);
  }

  describe('GET /v1/claims?q=', () => {
    it('stems each claim in its own language; languages without a dictionary match words as written', async () => {
      const tg = tag();
      const make = (statement: string, language: string) =>
        createClaim(t.http, { statement, language, tags: [tg] });
      await make('Die Minister trafen sich zu Gesprächen in Genf.', 'de');
      await make('Les ministres ont démenti les rumeurs de négociations.', 'fr-FR');
      await make('The envoys held several meetings in Oman.', 'en');
      await make('The envoys held several meetings in Muscat.', 'fa');

      expect(await statements({ tag: tg, q: 'Gespräch' })).toEqual([
        'Die Minister trafen sich zu Gesprächen in Genf.',
      ]);
      expect(await statements({ tag: tg, q: 'ministre démentis' })).toEqual([
        'Les ministres ont démenti les rumeurs de négociations.',
      ]);
      // English stems "meeting" and "meetings" alike; Persian ('fa') has no dictionary, so only the exact word matches there.
      expect(await statements({ tag: tg, q: 'meeting' })).toEqual([
        'The envoys held several meetings in Oman.',
      ]);
      expect((await statements({ tag: tg, q: 'meetings' })).sort()).toEqual([
        'The envoys held several meetings in Muscat.',
        'The envoys held several meetings in Oman.',
      ]);
    });

    it('understands web-search syntax: "phrases", -exclusions and or', async () => {
      const tg = tag();
      for (const statement of [
        'Trump requested a meeting with Rouhani.',
        'Rouhani requested a meeting with Trump.',
        'Macron brokered a phone call with Rouhani.',
      ]) {
        await createClaim(t.http, { statement, tags: [tg] });
      }
      const sorted = async (q: string) => (await statements({ tag: tg, q })).sort();

      expect(await sorted('"Trump requested"')).toEqual([
        'Trump requested a meeting with Rouhani.',
      ]);
      expect(await sorted('Rouhani -Trump')).toEqual([
        'Macron brokered a phone call with Rouhani.',
      ]);
      expect(await sorted('Macron or "Rouhani requested"')).toEqual([
        'Macron brokered a phone call with Rouhani.',
        'Rouhani requested a meeting with Trump.',
      ]);
      expect(await sorted('Putin')).toEqual([]);
    });

    it('ranks by relevance by default: closer and more frequent matches first, whatever the change order', async () => {
      const tg = tag();
      // Created best-last, so the default change-time order would be exactly the reverse.
      await createClaim(t.http, {
        statement:
          'Sanctions were discussed, and separately, much later, a summit with several leaders was floated.',
        tags: [tg],
      });
      await createClaim(t.http, { statement: 'A sanctions summit was proposed.', tags: [tg] });
      await createClaim(t.http, {
        statement: 'Sanctions summit: the sanctions summit agenda.',
        context: 'The sanctions summit is set for March.',
        tags: [tg],
      });

      const res = await claims({ tag: tg, q: 'sanctions summit' });
      expect(res.status).toBe(200);
      expect(res.body.items.map((c: any) => c.statement)).toEqual([
        'Sanctions summit: the sanctions summit agenda.',
        'A sanctions summit was proposed.',
        'Sanctions were discussed, and separately, much later, a summit with several leaders was floated.',
      ]);
      const ranks = res.body.items.map((c: any) => c.match.rank);
      expect(ranks.every((r: unknown) => typeof r === 'number' && r > 0)).toBe(true);
      expect([...ranks].sort((a, b) => b - a)).toEqual(ranks);

      // Another sort still applies to a search, and a list without q has no match member.
      const byChange = await claims({ tag: tg, q: 'sanctions summit', sort: '-updatedAt' });
      expect(byChange.body.items.map((c: any) => c.statement)[0]).toBe(
        'Sanctions summit: the sanctions summit agenda.',
      );
      expect(byChange.body.items.map((c: any) => c.statement)[2]).toBe(
        'Sanctions were discussed, and separately, much later, a summit with several leaders was floated.',
      );
      expect((await claims({ tag: tg })).body.items.every((c: any) => !('match' in c))).toBe(true);
    });

    it('returns a snippet with the matched words in <mark>, from the context too, HTML-escaped', async () => {
      const tg = tag();
      const claim = await createClaim(t.http, {
        statement: 'In Doha, the "deal" with AT&T <script>alert(1)</script> was signed.',
        context: 'Officials in Doha confirmed the signing ceremony took place on Tuesday.',
        tags: [tg],
      });
      const res = await claims({ tag: tg, q: 'signing ceremony' });
      expect(res.status).toBe(200);
      expect(res.body.items.map((c: any) => c.id)).toEqual([claim.id]);
      const { snippet } = res.body.items[0].match;
      expect(snippet).toContain('<mark>signing</mark> <mark>ceremony</mark>');

      const escaped = (await claims({ tag: tg, q: 'deal Doha' })).body.items[0].match
        .snippet as string;
      expect(escaped).toContain('<mark>deal</mark>');
      expect(escaped).toContain('AT&amp;T');
      expect(escaped).toContain('&quot;');
      // Nothing but the <mark> elements is markup.
      expect(escaped.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);

      // Sorted by something else, a search still says how and where each claim matched.
      const byScore = await claims({ tag: tg, q: 'signing ceremony', sort: '-score' });
      expect(byScore.body.items[0].match).toMatchObject({
        rank: expect.any(Number),
        snippet: expect.stringContaining('<mark>signing</mark>'),
      });
    });

    it('combines with every other filter', async () => {
      const tg = tag();
      const s1 = await createSource(t.http, { reliability: 'B' });
      const s2 = await createSource(t.http, { reliability: 'B' });
      const backed = await createClaim(t.http, {
        statement: 'The tanker was seized in the Strait of Hormuz.',
        tags: [tg, `${tg}-x`],
        stances: [
          { sourceId: s1.id, kind: 'asserts' },
          { sourceId: s2.id, kind: 'confirms' },
        ],
      });
      const plain = await createClaim(t.http, {
        statement: 'Another tanker was seized near Fujairah.',
        tags: [tg],
      });
      await createClaim(t.http, { statement: 'The strait stayed open to shipping.', tags: [tg] });

      const ids = async (query: Record<string, string>) =>
        (await claims({ tag: tg, q: 'tanker seized', ...query })).body.items.map((c: any) => c.id);
      expect((await ids({})).sort()).toEqual([backed.id, plain.id].sort());
      expect(await ids({ status: 'corroborated' })).toEqual([backed.id]);
      expect(await ids({ status: 'unsourced' })).toEqual([plain.id]);
      expect(await ids({ tag: `${tg}-x` })).toEqual([backed.id]);
      expect(await ids({ sourceId: s1.id })).toEqual([backed.id]);
      expect(await ids({ updatedSince: '2999-01-01T00:00:00Z' })).toEqual([]);
    });

    it('pages through ranked results with a cursor that only fits its own search', async () => {
      const tg = tag();
      for (let i = 1; i <= 7; i++) {
        // 1..7 repetitions of the word: seven distinct ranks, and ties broken by id.
        await createClaim(t.http, {
          statement: `Report ${i}: ${Array(i).fill('ceasefire').join(' ')}.`,
          tags: [tg],
        });
        await createClaim(t.http, {
          statement: `Echo ${i}: ${Array(i).fill('ceasefire').join(' ')}.`,
          tags: [tg],
        });
      }
      const seen: any[] = [];
      let cursor: string | null = null;
      do {
        const res = await claims({ tag: tg, q: 'ceasefire', limit: 3, ...(cursor && { cursor }) });
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        seen.push(...res.body.items);
        cursor = res.body.nextCursor;
      } while (cursor);
      expect(seen).toHaveLength(14);
      expect(new Set(seen.map((c) => c.id)).size).toBe(14);
      const all = (await claims({ tag: tg, q: 'ceasefire', limit: 100 })).body.items;
      expect(seen.map((c) => c.id)).toEqual(all.map((c: any) => c.id));
      expect(all[0].statement).toMatch(/ 7: /);

      const first = await claims({ tag: tg, q: 'ceasefire', limit: 3 });
      expectProblem(
        await claims({ tag: tg, q: 'truce', limit: 3, cursor: first.body.nextCursor }),
        400,
        'INVALID_CURSOR',
      );
      expectProblem(
        await claims({ tag: tg, limit: 3, cursor: first.body.nextCursor }),
        400,
        'INVALID_CURSOR',
      );
    });

    it(`ranks at most ${SEARCH_CANDIDATES} matches, and pages through exactly those`, async () => {
      const tg = tag();
      await t.db.query(
        `INSERT INTO claims (id, statement, tags)
         SELECT gen_random_uuid(), 'Convoy report ' || i || ': ' || repeat('convoy ', 1 + i % 5), ARRAY[$1]
           FROM generate_series(1, $2::int) AS i`,
        [tg, SEARCH_CANDIDATES + 100],
      );
      for (const sort of ['relevance', '-updatedAt']) {
        const seen: any[] = [];
        let cursor: string | null = null;
        do {
          const res = await claims({
            tag: tg,
            q: 'convoy',
            sort,
            limit: 200,
            ...(cursor && { cursor }),
          });
          expect(res.status, JSON.stringify(res.body)).toBe(200);
          seen.push(...res.body.items);
          cursor = res.body.nextCursor;
        } while (cursor);
        expect(seen).toHaveLength(SEARCH_CANDIDATES);
        expect(new Set(seen.map((c) => c.id)).size).toBe(SEARCH_CANDIDATES);
        if (sort === 'relevance') {
          const ranks = seen.map((c) => c.match.rank);
          expect([...ranks].sort((a, b) => b - a)).toEqual(ranks);
        }
      }
      // Narrowed by another word, the rest are found.
      expect(
        await statements({ tag: tg, q: `convoy "report ${SEARCH_CANDIDATES + 100}"` }),
      ).toEqual([
        `Convoy report ${SEARCH_CANDIDATES + 100}: ${'convoy '.repeat(1 + ((SEARCH_CANDIDATES + 100) % 5))}`,
      ]);
    });

    it('keeps each claim’s stored search vector in step with its text and language', async () => {
      const tg = tag();
      const claim = await createClaim(t.http, {
        statement: 'Die Unterhändler führten lange Gespräche.',
        language: 'de',
        tags: [tg],
      });
      expect(await statements({ tag: tg, q: 'Gespräch' })).toHaveLength(1);

      const edited = await request(t.http)
        .patch(`/v1/claims/${claim.id}`)
        .set('If-Match', `"${claim.version}"`)
        .send({
          statement: 'The negotiators held long meetings.',
          context: 'Talks ran late.',
          language: 'en',
        });
      expect(edited.status, JSON.stringify(edited.body)).toBe(200);
      expect(await statements({ tag: tg, q: 'Gespräch' })).toEqual([]);
      expect(await statements({ tag: tg, q: 'meeting talk' })).toEqual([
        'The negotiators held long meetings.',
      ]);
      const [stored] = await t.db.query(
        `SELECT search_vector = to_tsvector(claimgraph_search_config(language), claimgraph_search_document(statement, context)) AS current,
                search_vector::text AS vector
           FROM claims WHERE id = $1`,
        [claim.id],
      );
      expect(stored.current).toBe(true);
      expect(stored.vector).toContain("'meet'");

      // Written around the trigger, the vector is still derived from the text.
      await t.db.query(
        `UPDATE claims SET search_vector = to_tsvector('simple', 'tampered') WHERE id = $1`,
        [claim.id],
      );
      expect(await statements({ tag: tg, q: 'tampered' })).toEqual([]);
      expect(await statements({ tag: tg, q: 'meeting' })).toHaveLength(1);
    });

    it('refuses sort=relevance without q', async () => {
      expectProblem(await claims({ sort: 'relevance' }), 400, 'INVALID_VALUE');
    });

    it('is served by the full-text index, whatever the languages', async () => {
      const plan = await t.db.transaction(async (db) => {
        await db.query('SET LOCAL enable_seqscan = off');
        const rows: { 'QUERY PLAN': string }[] = await db.query(
          `EXPLAIN SELECT c.id FROM claims c
            WHERE ${SEARCH_VECTOR} @@ ${ANY_LANGUAGE_QUERY.replaceAll(':q', '$1')}
              AND ${SEARCH_VECTOR} @@ ${ROW_QUERY.replaceAll(':q', '$1')}`,
          ['meeting'],
        );
        return rows.map((r) => r['QUERY PLAN']).join('\n');
      });
      expect(plan).toContain('idx_claim_search');
    });
  });

  describe('the stored search vector', () => {
    it('is filled in for the claims a database already has when the migration runs', async () => {
      const other = await createTestApp();
      try {
        const migration = new StoredClaimSearchVector1796515200000();
        const runner = other.db.createQueryRunner();
        try {
          await migration.down(runner);
          await runner.query(
            `INSERT INTO claims (id, statement, context, language, tags)
             SELECT gen_random_uuid(), s.statement, s.context, s.language, ARRAY['migrated']
               FROM (VALUES ('Die Minister trafen sich zu Gesprächen in Genf.', NULL, 'de'),
                            ('The envoys held several meetings in Oman.', 'Talks in Muscat.', 'en'),
                            ('The envoys held several meetings in Muscat.', NULL, 'fa')) AS s(statement, context, language)`,
          );
          await migration.up(runner);
        } finally {
          await runner.release();
        }
        const [{ stale }] = await other.db.query(
          `SELECT count(*)::int AS stale FROM claims
            WHERE search_vector IS DISTINCT FROM to_tsvector(claimgraph_search_config(language), claimgraph_search_document(statement, context))`,
        );
        expect(stale).toBe(0);
        const found = async (q: string) =>
          (await request(other.http).get('/v1/claims').query({ tag: 'migrated', q })).body.items
            .map((c: { statement: string }) => c.statement)
            .sort();
        expect(await found('Gespräch')).toEqual([
          'Die Minister trafen sich zu Gesprächen in Genf.',
        ]);
        expect(await found('meeting')).toEqual(['The envoys held several meetings in Oman.']);
        expect(await found('muscat')).toEqual([
          'The envoys held several meetings in Muscat.',
          'The envoys held several meetings in Oman.',
        ]);
      } finally {
        await other.close();
      }
    });
  });

  describe('GET /v1/sources?q=', () => {
    it('finds a name despite a small misspelling ("Ghasemi" finds "Bahram Ghassemi"), and by alias', async () => {
      const spokesman = await createSource(t.http, {
        name: 'Bahram Ghassemi',
        aliases: ['MFA spokesman'],
      });
      const minister = await createSource(t.http, {
        name: 'Mohammad Javad Ẓarīf',
        aliases: ['Javad Zarif'],
      });
      const unrelated = await createSource(t.http, { name: 'Hassan Rouhani' });

      const found = async (q: string) => (await sources({ q })).body.items.map((s: any) => s.id);
      expect(await found('Ghasemi')).toContain(spokesman.id);
      expect(await found('ghassemi')).toContain(spokesman.id);
      expect(await found('spokesmen')).toContain(spokesman.id);
      expect(await found('Zarif')).toContain(minister.id);
      // Accents are ignored both ways.
      expect(await found('ẓarīf')).toContain(minister.id);
      expect(await found('Ghasemi')).not.toContain(unrelated.id);
      expect(await found('Hasan Rouhani')).toEqual([unrelated.id]);
    });

    it('puts names that contain the text before near misses', async () => {
      const tok = Math.random().toString(36).slice(2, 8);
      const near = await createSource(t.http, { name: `Qasemi ${tok}` });
      const exact = await createSource(t.http, { name: `Zeta Qassemi ${tok}` });
      const res = await sources({ q: `Qassemi ${tok}` });
      expect(res.status).toBe(200);
      expect(res.body.items.map((s: any) => s.id)).toEqual([exact.id, near.id]);
    });

    it('pages through a fuzzy search with a cursor that only fits its own search', async () => {
      const tok = Math.random().toString(36).slice(2, 8);
      const made = [];
      for (const name of [
        `Karimi ${tok}`,
        `Karimi ${tok} B`,
        `Karimy ${tok}`,
        `Kareemi ${tok}`,
        `Karim ${tok}`,
      ]) {
        made.push(await createSource(t.http, { name }));
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res = await sources({ q: `Karimi ${tok}`, limit: 2, ...(cursor && { cursor }) });
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        seen.push(...res.body.items.map((s: any) => s.id));
        cursor = res.body.nextCursor;
      } while (cursor);
      const all = (await sources({ q: `Karimi ${tok}`, limit: 100 })).body.items.map(
        (s: any) => s.id,
      );
      expect(seen).toEqual(all);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.slice(0, 2).sort()).toEqual([made[0].id, made[1].id].sort());

      const first = await sources({ q: `Karimi ${tok}`, limit: 2 });
      expectProblem(
        await sources({ q: 'other', limit: 2, cursor: first.body.nextCursor }),
        400,
        'INVALID_CURSOR',
      );
      expectProblem(
        await sources({ limit: 2, cursor: first.body.nextCursor }),
        400,
        'INVALID_CURSOR',
      );
    });

    it('is served by the trigram index', async () => {
      const plan = await t.db.transaction(async (db) => {
        await db.query('SET LOCAL enable_seqscan = off');
        const rows: { 'QUERY PLAN': string }[] = await db.query(
          `EXPLAIN SELECT s.id FROM sources s WHERE claimgraph_fold($1) <% ${NAMES}`,
          ['Ghasemi'],
        );
        return rows.map((r) => r['QUERY PLAN']).join('\n');
      });
      expect(plan).toContain('idx_source_names_trgm');
    });
  });

  describe('dependsOnContested', () => {
    it('flags a claim that depends on a disputed or denied claim, in every claim response, and moves its ETag', async () => {
      const tg = tag();
      const [a, b, c] = [
        await createSource(t.http),
        await createSource(t.http),
        await createSource(t.http),
      ];
      const premise = await createClaim(t.http, {
        statement: 'The letter was delivered by the Swiss embassy.',
        tags: [tg],
      });
      const conclusion = await createClaim(t.http, {
        statement: 'Tehran received the letter.',
        tags: [tg],
      });
      const other = await createClaim(t.http, {
        statement: 'The letter was handwritten.',
        tags: [tg],
      });
      const link = await request(t.http)
        .post(`/v1/claims/${conclusion.id}/links`)
        .send({ toClaimId: premise.id, kind: 'depends_on' });
      expect(link.status, JSON.stringify(link.body)).toBe(201);

      const get = () => request(t.http).get(`/v1/claims/${conclusion.id}`);
      const flags = async () =>
        Object.fromEntries(
          (await claims({ tag: tg })).body.items.map((x: any) => [
            x.statement,
            x.dependsOnContested,
          ]),
        );

      let res = await get();
      expect(res.body.dependsOnContested).toBe(false);
      const calmEtag = res.headers.etag;
      expect(calmEtag).toMatch(new RegExp(`^"${res.body.version}(-a[0-9a-z]+)?"$`));

      // The premise becomes disputed: one side asserts, an independent one denies.
      await addStance(t.http, premise.id, { sourceId: a.id, kind: 'asserts' });
      await addStance(t.http, premise.id, { sourceId: b.id, kind: 'denies' });
      expect((await request(t.http).get(`/v1/claims/${premise.id}`)).body.status).toBe('disputed');

      // The learned assessment, worked out in the background, may still move the ETag for a moment:
      // take it once a revalidation with it holds (304).
      await expect
        .poll(
          async () => {
            res = await get();
            return (await get().set('If-None-Match', res.headers.etag)).status;
          },
          { timeout: 15_000 },
        )
        .toBe(304);
      expect(res.body.dependsOnContested).toBe(true);
      expect(res.headers.etag).toMatch(new RegExp(`^"${res.body.version}-dc(-a[0-9a-z]+)?"$`));
      // The claim's own version did not move, but a cached copy must not be served as current.
      expect((await get().set('If-None-Match', calmEtag)).status).toBe(200);
      expect(await flags()).toEqual({
        'The letter was delivered by the Swiss embassy.': false,
        'Tehran received the letter.': true,
        'The letter was handwritten.': false,
      });

      // Its ETag still works as If-Match.
      const patched = await request(t.http)
        .patch(`/v1/claims/${conclusion.id}`)
        .set('If-Match', res.headers.etag)
        .send({ tags: [tg, 'edited'] });
      expect(patched.status, JSON.stringify(patched.body)).toBe(200);
      expect(patched.body.dependsOnContested).toBe(true);

      // Corroborated again: a third independent source confirms and the denial is retracted.
      await addStance(t.http, premise.id, { sourceId: c.id, kind: 'confirms' });
      await addStance(t.http, premise.id, { sourceId: b.id, kind: 'retracts' });
      expect((await request(t.http).get(`/v1/claims/${premise.id}`)).body.status).toBe(
        'corroborated',
      );
      expect((await get()).body.dependsOnContested).toBe(false);
      expect(other.dependsOnContested).toBe(false);
      expect(conclusion.dependsOnContested).toBe(false);
    });
  });
});
