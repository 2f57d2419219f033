import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSource } from './factories.js';
import { createTestApp, type TestApp } from './test-app.js';

/** One identity per source: names fold to one key; stances may name their source. */
describe('one identity per source', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  const count = async (table: string) =>
    Number((await t.db.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n);
  const named = async (name: string) =>
    t.db.query<{ id: string }[]>(`SELECT id FROM sources WHERE name = $1`, [name]);

  describe('POST /v1/sources', () => {
    it('refuses a name another source has, whatever its case, accents, punctuation and spacing', async () => {
      const first = await createSource(t.http, { name: 'Al-Monitor', kind: 'outlet' });
      const before = await count('sources');
      for (const name of [
        'Al-Monitor',
        'AL MONITOR',
        '  al   monitor ',
        'Al–Mönitor',
        'al.monitor',
      ]) {
        const res = await request(t.http).post('/v1/sources').send({ name, kind: 'outlet' });
        expect(res.status, name).toBe(409);
        expect(res.body.code).toBe('SOURCE_EXISTS');
        expect(res.body.existingSourceId).toBe(first.id);
        expect(res.body.detail).toContain(`"Al-Monitor" (${first.id})`);
        expect(res.body.detail).toContain('allowDuplicate');
      }
      expect(await count('sources')).toBe(before);
    });

    it('refuses a name that is another source’s alias, and an alias that is another’s name', async () => {
      const ghassemi = await createSource(t.http, {
        name: 'Bahram Ghassemi',
        aliases: ['Bahram Qasemi'],
      });
      const byAlias = await request(t.http)
        .post('/v1/sources')
        .send({ name: 'bahram qasemi', kind: 'person' });
      expect(byAlias.status).toBe(409);
      expect(byAlias.body.existingSourceId).toBe(ghassemi.id);
      const aliasIsName = await request(t.http)
        .post('/v1/sources')
        .send({ name: 'B. Ghassemi', kind: 'person', aliases: ['Bahram Ghassemi'] });
      expect(aliasIsName.status).toBe(409);
    });

    it('creates a second source of the same name with allowDuplicate, listing the first', async () => {
      const first = await createSource(t.http, { name: 'John Smith' });
      const res = await request(t.http)
        .post('/v1/sources')
        .send({ name: 'John Smith', kind: 'person', allowDuplicate: true });
      expect(res.status).toBe(201);
      expect(res.body.possibleDuplicates).toEqual([
        { id: first.id, name: 'John Smith', aliases: [], similarity: 1 },
      ]);
      expect(await named('John Smith')).toHaveLength(2);
    });

    it('creates a near miss, naming the source it may duplicate', async () => {
      const reuters = await createSource(t.http, { name: 'Reuters', kind: 'outlet' });
      const res = await request(t.http)
        .post('/v1/sources')
        .send({ name: 'Reuter', kind: 'outlet' });
      expect(res.status).toBe(201);
      expect(res.body.possibleDuplicates).toEqual([
        expect.objectContaining({ id: reuters.id, name: 'Reuters' }),
      ]);
      expect(res.body.possibleDuplicates[0].similarity).toBeGreaterThanOrEqual(0.5);
      expect(res.body.possibleDuplicates[0].similarity).toBeLessThan(1);
      const unrelated = await request(t.http)
        .post('/v1/sources')
        .send({ name: 'Ministry of Agriculture', kind: 'government' });
      expect(unrelated.body.possibleDuplicates).toEqual([]);
    });

    it('refuses renaming a source to another’s name, unless allowDuplicate', async () => {
      const a = await createSource(t.http, { name: 'Rename Target Outlet' });
      const b = await createSource(t.http, { name: 'Some Other Outlet' });
      const refused = await request(t.http)
        .patch(`/v1/sources/${b.id}`)
        .send({ name: 'rename target outlet' });
      expect(refused.status).toBe(409);
      expect(refused.body.existingSourceId).toBe(a.id);
      const [row] = await t.db.query('SELECT name, version FROM sources WHERE id = $1', [b.id]);
      expect(row).toEqual({ name: 'Some Other Outlet', version: 1 });
      // Its own name in another case is no clash.
      const self = await request(t.http)
        .patch(`/v1/sources/${b.id}`)
        .send({ name: 'SOME OTHER OUTLET' });
      expect(self.status).toBe(200);
      const allowed = await request(t.http)
        .patch(`/v1/sources/${b.id}`)
        .send({ name: 'Rename Target Outlet', allowDuplicate: true });
      expect(allowed.status).toBe(200);
    });

    it('lets exactly one of many concurrent creations of one name through', async () => {
      const answers = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          request(t.http)
            .post('/v1/sources')
            .send({ name: i % 2 ? 'Racing Outlet' : 'RACING  outlet', kind: 'outlet' }),
        ),
      );
      expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
      const rows = await t.db.query(
        `SELECT id FROM sources WHERE claimgraph_name_key(name) = 'racing outlet'`,
      );
      expect(rows).toHaveLength(1);
    });
  });

  describe('stances that name their source', () => {
    it('matches an existing source by name or alias, creates a missing one, and says which', async () => {
      const ap = await createSource(t.http, {
        name: 'Associated Press',
        aliases: ['AP'],
        kind: 'outlet',
      });
      const sourcesBefore = await count('sources');
      const res = await request(t.http)
        .post('/v1/claims')
        .send({
          statement: 'A claim logged by names',
          stances: [
            { source: { name: 'associated press' }, kind: 'asserts' },
            {
              source: { name: 'A Brand New Witness', kind: 'person', reliability: 'B' },
              kind: 'confirms',
              via: { name: 'ap' },
            },
          ],
        });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.body.stances[0].sourceId).toBe(ap.id);
      expect(res.body.stances[0].resolved).toEqual({
        source: { id: ap.id, name: 'Associated Press', outcome: 'matched' },
      });
      const created = res.body.stances[1].resolved.source;
      expect(created).toMatchObject({ name: 'A Brand New Witness', outcome: 'created' });
      expect(res.body.stances[1].resolved.via).toEqual({
        id: ap.id,
        name: 'Associated Press',
        outcome: 'matched',
      });
      expect(res.body.stances[1]).toMatchObject({ sourceId: created.id, viaSourceId: ap.id });
      expect(await count('sources')).toBe(sourcesBefore + 1);
      const [stored] = await t.db.query('SELECT kind, reliability FROM sources WHERE id = $1', [
        created.id,
      ]);
      expect(stored).toEqual({ kind: 'person', reliability: 'B' });
      const audit = await t.db.query(
        `SELECT action FROM audit_log WHERE entity_type = 'source' AND entity_id = $1`,
        [created.id],
      );
      expect(audit).toEqual([{ action: 'create' }]);
      // AP's own assertion only passed the witness on: one voice, so unverified.
      expect(res.body.support).toEqual({ groups: 1, sources: 2 });
      expect(res.body.status).toBe('unverified');
    });

    it('names the source on the stance route too, and answers without `resolved` when ids are given', async () => {
      const claim = (await request(t.http).post('/v1/claims').send({ statement: 'Named later' }))
        .body;
      const res = await request(t.http)
        .post(`/v1/claims/${claim.id}/stances`)
        .send({ source: { name: 'Stance Route Source', kind: 'organization' }, kind: 'denies' });
      expect(res.status).toBe(201);
      expect(res.body.resolved.source.outcome).toBe('created');
      const again = await request(t.http)
        .post(`/v1/claims/${claim.id}/stances`)
        .send({ source: { name: 'stance route source' }, kind: 'questions' });
      expect(again.body.resolved.source).toEqual({
        ...res.body.resolved.source,
        outcome: 'matched',
      });
      const byId = await request(t.http)
        .post(`/v1/claims/${claim.id}/stances`)
        .send({ sourceId: res.body.sourceId, kind: 'denies' });
      expect(byId.status).toBe(201);
      expect(byId.body).not.toHaveProperty('resolved');
    });

    it('refuses a name no source has without a kind, storing nothing', async () => {
      const claims = await count('claims');
      const sources = await count('sources');
      const res = await request(t.http)
        .post('/v1/claims')
        .send({
          statement: 'Nothing of this is stored',
          stances: [
            { source: { name: 'Another New One', kind: 'person' }, kind: 'asserts' },
            { source: { name: 'Nobody Known By This Name' }, kind: 'asserts' },
          ],
        });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('SOURCE_KIND_NEEDED');
      expect(res.body.errors).toEqual([
        {
          field: 'stances[1].source.kind',
          message: 'no source is named "Nobody Known By This Name"; give a kind to create it',
        },
      ]);
      expect(await count('claims')).toBe(claims);
      expect(await count('sources')).toBe(sources);
    });

    it('refuses a name two sources have, naming both', async () => {
      const a = await createSource(t.http, { name: 'Twin Name' });
      const b = (
        await request(t.http)
          .post('/v1/sources')
          .send({ name: 'Twin Name', kind: 'person', allowDuplicate: true })
      ).body;
      const claim = (await request(t.http).post('/v1/claims').send({ statement: 'Twins' })).body;
      const res = await request(t.http)
        .post(`/v1/claims/${claim.id}/stances`)
        .send({ source: { name: 'twin name' }, kind: 'asserts' });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('SOURCE_AMBIGUOUS');
      expect(res.body.detail).toContain(a.id);
      expect(res.body.detail).toContain(b.id);
      expect(res.body.errors[0].field).toBe('source.name');
    });

    it('refuses an id and a name for one source, and a 404 claim comes first', async () => {
      const s = await createSource(t.http);
      const claim = (await request(t.http).post('/v1/claims').send({ statement: 'Both' })).body;
      const both = await request(t.http)
        .post(`/v1/claims/${claim.id}/stances`)
        .send({ sourceId: s.id, source: { name: s.name }, kind: 'asserts' });
      expect(both.status).toBe(400);
      expect(both.body.errors).toEqual([
        {
          field: 'source',
          message: 'source cannot be given with sourceId: give one of sourceId and source',
        },
      ]);
      const missing = await request(t.http)
        .post('/v1/claims/00000000-0000-4000-8000-000000000000/stances')
        .send({ source: { name: 'Never Created', kind: 'person' }, kind: 'asserts' });
      expect(missing.status).toBe(404);
      expect(await named('Never Created')).toEqual([]);
    });

    it('answers 400 for stance items and names of the wrong shape, storing nothing', async () => {
      const claims = await count('claims');
      for (const stances of [
        [[]],
        [[], []],
        [[{ sourceId: '00000000-0000-4000-8000-000000000000', kind: 'asserts' }]],
        [null],
        ['x'],
        [{ source: [], kind: 'asserts' }],
        [{ source: 'Reuters', kind: 'asserts' }],
        [{ source: { name: '' }, kind: 'asserts' }],
        [{ via: { name: 'x' }, viaSourceId: null, kind: 'asserts' }],
      ]) {
        const res = await request(t.http)
          .post('/v1/claims')
          .send({ statement: 'Fuzz    ', stances });
        expect(res.status, JSON.stringify(stances)).toBe(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
      }
      expect(await count('claims')).toBe(claims);
    });

    it('creates a new source once when concurrent stances name it', async () => {
      const claim = (await request(t.http).post('/v1/claims').send({ statement: 'Race by name' }))
        .body;
      const answers = await Promise.all(
        Array.from({ length: 6 }, () =>
          request(t.http)
            .post(`/v1/claims/${claim.id}/stances`)
            .send({ source: { name: 'Concurrently Named', kind: 'person' }, kind: 'asserts' }),
        ),
      );
      expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201, 201, 201]);
      expect(answers.filter((a) => a.body.resolved.source.outcome === 'created')).toHaveLength(1);
      expect(await named('Concurrently Named')).toHaveLength(1);
    });

    it('keeps names out of import files: a line refers to sources by key or id', async () => {
      const res = await request(t.http)
        .post('/v1/import')
        .set('content-type', 'application/x-ndjson')
        .send(
          [
            JSON.stringify({ type: 'claim', key: 'c', statement: 'Imported' }),
            JSON.stringify({
              type: 'stance',
              claimId: 'c',
              source: { name: 'X' },
              kind: 'asserts',
            }),
          ].join('\n') + '\n',
        );
      expect(res.status).toBe(422);
      expect(JSON.stringify(res.body.errors)).toContain('source');
    });
  });

  describe('GET /v1/sources/duplicates', () => {
    it('lists pairs sharing a name first, then alike names, and nothing unrelated', async () => {
      const res = await request(t.http).get('/v1/sources/duplicates').query({ limit: 200 });
      expect(res.status).toBe(200);
      const pairs: string[] = res.body.items.map(
        (p: { a: { name: string }; b: { name: string }; sameName: boolean }) =>
          [p.a.name, p.b.name].sort().join(' / ') + (p.sameName ? ' (same name)' : ''),
      );
      expect(pairs).toContain('John Smith / John Smith (same name)');
      expect(pairs).toContain('Twin Name / Twin Name (same name)');
      expect(pairs).toContain('Reuter / Reuters');
      expect(pairs.join('\n')).not.toContain('Ministry of Agriculture');
      const firstAlike = res.body.items.findIndex((p: { sameName: boolean }) => !p.sameName);
      expect(
        res.body.items.slice(firstAlike).every((p: { sameName: boolean }) => !p.sameName),
      ).toBe(true);
      const limited = await request(t.http).get('/v1/sources/duplicates').query({ limit: 1 });
      expect(limited.body.items).toHaveLength(1);
    });
  });
});
