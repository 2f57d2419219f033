import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import fc from 'fast-check';
import request, { type Response } from 'supertest';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeOutcome, exportFile, importFile } from '../src/scripts/bulk-client.js';
import { CorroborationService } from '../src/corroboration/corroboration.service.js';
import {
  addStance,
  createClaim,
  createSource,
  foundingArticle,
  getClaim,
  loadFoundingArticle,
} from './factories.js';
import {
  GOOD_DATES,
  json,
  junkBody,
  objectOf,
  toJsonText,
  type FieldSpec,
} from './fuzz.arbitraries.js';
import { expectProblem } from './problem.js';
import { createTestApp, type TestApp } from './test-app.js';

// ------------------------------------------------------------------------------------- helpers

type Line = Record<string, unknown>;

const NDJSON = 'application/x-ndjson';

const ndjson = (lines: Line[]): string => lines.map((l) => JSON.stringify(l)).join('\n') + '\n';

function postImport(t: TestApp, body: string | Buffer, headers: Record<string, string> = {}) {
  const req = request(t.http).post('/v1/import').set('Content-Type', NDJSON);
  for (const [name, value] of Object.entries(headers)) req.set(name, value);
  return req.send(body);
}

const exportText = async (t: TestApp): Promise<string> => {
  const res = await request(t.http)
    .get('/v1/export')
    .buffer(true)
    .parse((r, done) => {
      let text = '';
      r.setEncoding('utf8');
      r.on('data', (c: string) => (text += c));
      r.on('end', () => done(null, text));
    });
  expect(res.status).toBe(200);
  return res.body as string;
};

const show = (res: Response): string => `${res.status} ${JSON.stringify(res.body)}`;

/** Rows in every table an import writes to: a refused import must leave them all as they were. */
async function counts(db: DataSource): Promise<Record<string, number>> {
  const tables = [
    'sources',
    'claims',
    'stances',
    'claim_links',
    'claim_history',
    'audit_log',
    'idempotency_records',
  ];
  const [row] = await db.query(
    `SELECT ${tables.map((t) => `(SELECT count(*)::int FROM "${t}") AS "${t}"`).join(', ')}`,
  );
  return Object.fromEntries(tables.map((t) => [t, Number(row[t])]));
}

/** The worked example (fixtures/founding-article.json) as an import file, references by key. */
function foundingArticleFile(): string {
  const data = foundingArticle();
  const lines: Line[] = [];
  for (const { affiliatedWith, ...s } of data.sources)
    lines.push({
      type: 'source',
      ...s,
      ...(affiliatedWith && { affiliatedWithId: affiliatedWith }),
    });
  for (const c of data.claims) lines.push({ type: 'claim', ...c });
  for (const { claim, source, via, ...s } of data.stances) {
    lines.push({
      type: 'stance',
      claimId: claim,
      sourceId: source,
      ...(via && { viaSourceId: via }),
      ...s,
    });
  }
  for (const l of data.links)
    lines.push({ type: 'link', fromClaimId: l.from, toClaimId: l.to, kind: l.kind });
  return ndjson(lines);
}

/** A deterministic generator, so a large file is the same on every run. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KINDS = [
  'asserts',
  'confirms',
  'denies',
  'questions',
  'reports',
  'declines_to_confirm',
  'retracts',
];

/** Sources (a fifth affiliated with an earlier one), claims and stances, referring to each other by key. */
function generatedFile(sources: number, claims: number, stances: number, prefix = 'g'): string {
  const random = seeded(7);
  const pick = (n: number): number => Math.floor(random() * n);
  const lines: Line[] = [];
  for (let i = 0; i < sources; i++) {
    lines.push({
      type: 'source',
      key: `${prefix}s${i}`,
      name: `Generated source ${i}`,
      kind: 'person',
      reliability: 'ABCDEF'[i % 6],
      ...(i > 5 && random() < 0.2 && { affiliatedWithId: `${prefix}s${pick(i)}` }),
    });
  }
  for (let i = 0; i < claims; i++)
    lines.push({
      type: 'claim',
      key: `${prefix}c${i}`,
      statement: `Generated claim number ${i}`,
      tags: [`t${i % 7}`],
    });
  for (let i = 0; i < stances; i++) {
    lines.push({
      type: 'stance',
      claimId: `${prefix}c${pick(claims)}`,
      sourceId: `${prefix}s${pick(sources)}`,
      kind: KINDS[pick(KINDS.length)],
      // Whole days only, so many stances tie on statedAt and the file order (seq) decides.
      statedAt: new Date(Date.UTC(2017, 0, 1 + pick(30))).toISOString(),
    });
  }
  return ndjson(lines);
}

/** Sends `body` to the import in pieces of `size` bytes, each written on its own. */
function postInPieces(
  t: TestApp,
  body: Buffer,
  size: number,
): Promise<{ status: number; body: any }> {
  const { port } = t.raw.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/v1/import',
        headers: { 'content-type': NDJSON, authorization: `Bearer ${t.adminKey}` },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
      },
    );
    req.on('error', reject);
    for (let i = 0; i < body.length; i += size) req.write(body.subarray(i, i + size));
    req.end();
  });
}

async function createKey(t: TestApp, role: string): Promise<string> {
  const res = await request(t.http)
    .post('/v1/api-keys')
    .send({ name: `${role} ${randomUUID().slice(0, 8)}`, role });
  expect(res.status, show(res)).toBe(201);
  return res.body.key as string;
}

// =================================================================================== the import

describe('POST /v1/import', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('the worked example as one file', () => {
    let res: Response;

    beforeAll(async () => {
      res = await postImport(t, foundingArticleFile());
    });

    it('answers with the counts, the import id and the id of every key', () => {
      const data = foundingArticle();
      expect(res.status, show(res)).toBe(200);
      expect(res.body).toMatchObject({
        importId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        lines: data.sources.length + data.claims.length + data.stances.length + data.links.length,
        created: {
          sources: data.sources.length,
          claims: data.claims.length,
          stances: data.stances.length,
          links: data.links.length,
        },
        claimsRecomputed: data.claims.length,
      });
      expect(Object.keys(res.body.keys).sort()).toEqual(
        [...data.sources, ...data.claims].map((r) => r.key).sort(),
      );
    });

    it('reaches every expected status and count, in the API and in the stored rows', async () => {
      for (const [key, expected] of Object.entries(foundingArticle().expected)) {
        const claim = await getClaim(t.http, res.body.keys[key]);
        expect({ status: claim.status, support: claim.support, refute: claim.refute }, key).toEqual(
          expected,
        );
      }
      const stale = await t.app.get(CorroborationService).recomputeAll();
      expect(stale.stale).toBe(0);
    });

    it('puts affiliated sources in their root’s independence group', async () => {
      const keys = res.body.keys;
      const rows: { id: string; group: string }[] = await t.db.query(
        'SELECT id, independence_group_id AS "group" FROM sources',
      );
      const groupOf = new Map(rows.map((r) => [r.id, r.group]));
      for (const key of ['iran-government', 'iran-mfa', 'ghassemi', 'rouhani'])
        expect(groupOf.get(keys[key]), key).toBe(keys['iran-government']);
      for (const key of ['fazaeli', 'white-house', 'al-monitor'])
        expect(groupOf.get(keys[key]), key).toBe(keys[key]);
    });

    it('records one audit entry for the whole import, and each claim’s history from its creation', async () => {
      const audit = await t.db.query(
        `SELECT action, entity_type, entity_id, after, key_id FROM audit_log WHERE entity_id = $1`,
        [res.body.importId],
      );
      expect(audit).toEqual([
        {
          action: 'import',
          entity_type: 'import',
          entity_id: res.body.importId,
          after: {
            lines: res.body.lines,
            created: res.body.created,
            claimsRecomputed: res.body.claimsRecomputed,
          },
          key_id: t.adminKeyId,
        },
      ]);
      const claimId = res.body.keys['trump-request'];
      const history = await request(t.http).get(`/v1/claims/${claimId}/history`);
      expect(history.status).toBe(200);
      expect(history.body.items.map((h: any) => [h.cause, h.toStatus])).toEqual([
        ['claim_created', 'unsourced'],
        ['import', 'disputed'],
      ]);
    });

    it('keeps the file’s order among stances stated at the same moment', async () => {
      const file = ndjson([
        {
          type: 'source',
          key: 'tie-source',
          name: 'A source that changes its mind',
          kind: 'person',
        },
        { type: 'claim', key: 'tie-claim', statement: 'A claim with tied stances' },
        {
          type: 'stance',
          claimId: 'tie-claim',
          sourceId: 'tie-source',
          kind: 'denies',
          statedAt: '2020-01-01T00:00:00Z',
          recordedAt: '2020-01-01T00:00:00Z',
        },
        {
          type: 'stance',
          claimId: 'tie-claim',
          sourceId: 'tie-source',
          kind: 'asserts',
          statedAt: '2020-01-01T00:00:00Z',
          recordedAt: '2020-01-01T00:00:00Z',
        },
      ]);
      const tied = await postImport(t, file);
      expect(tied.status, show(tied)).toBe(200);
      // The later line is the source's effective stance.
      expect((await getClaim(t.http, tied.body.keys['tie-claim'])).status).toBe('unverified');
      const effective = await request(t.http).get(
        `/v1/claims/${tied.body.keys['tie-claim']}/stances?effective=true`,
      );
      expect(effective.body.items.map((s: any) => s.kind)).toEqual(['asserts']);
    });
  });

  it('reads any chunking the same: CRLF, blank lines, a byte-order mark, no final newline, characters split between chunks', async () => {
    const lines = [
      JSON.stringify({
        type: 'source',
        key: 'crlf-s',
        name: 'Ĝeneva Ŝource — “quoted” 🙂',
        kind: 'outlet',
      }),
      '',
      '   ',
      JSON.stringify({
        type: 'claim',
        key: 'crlf-c',
        statement: 'Ünïcödé claim 🙂 across chunk boundaries',
      }),
      JSON.stringify({ type: 'stance', claimId: 'crlf-c', sourceId: 'crlf-s', kind: 'asserts' }),
    ];
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines.join('\r\n'))]);
    const res = await postInPieces(t, body, 3);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      lines: 5,
      created: { sources: 1, claims: 1, stances: 1, links: 0, reviews: 0 },
    });
    const source = await request(t.http).get(`/v1/sources/${res.body.keys['crlf-s']}`);
    expect(source.body.name).toBe('Ĝeneva Ŝource — “quoted” 🙂');
    expect((await getClaim(t.http, res.body.keys['crlf-c'])).statement).toBe(
      'Ünïcödé claim 🙂 across chunk boundaries',
    );
  });

  it('refers to stored records by id, and recomputes stored claims that gain stances', async () => {
    const parent = await createSource(t.http, {
      name: 'Stored ministry',
      kind: 'government',
      reliability: 'B',
    });
    const witness = await createSource(t.http, {
      name: 'Stored witness',
      kind: 'person',
      reliability: 'B',
    });
    const stored = await createClaim(t.http, {
      stances: [{ sourceId: witness.id, kind: 'asserts', statedAt: '2021-01-01T00:00:00Z' }],
    });
    const target = await createClaim(t.http);
    expect(stored.status).toBe('unverified');

    const res = await postImport(
      t,
      ndjson([
        {
          type: 'source',
          key: 'spokesman',
          name: 'A spokesman',
          kind: 'person',
          affiliatedWithId: parent.id.toUpperCase(),
          reliability: 'C',
        },
        {
          type: 'stance',
          claimId: stored.id,
          sourceId: 'spokesman',
          kind: 'confirms',
          statedAt: '2021-01-02T00:00:00Z',
        },
        { type: 'link', fromClaimId: stored.id, toClaimId: target.id, kind: 'depends_on' },
      ]),
    );
    expect(res.status, show(res)).toBe(200);
    expect(res.body.created).toEqual({ sources: 1, claims: 0, stances: 1, links: 1, reviews: 0 });

    const spokesman = await request(t.http).get(`/v1/sources/${res.body.keys.spokesman}`);
    expect(spokesman.body).toMatchObject({
      affiliatedWithId: parent.id,
      independenceGroupId: parent.id,
    });
    const after = await getClaim(t.http, stored.id);
    expect(after).toMatchObject({ status: 'corroborated', support: { groups: 2, sources: 2 } });
    expect(after.version).toBeGreaterThan(stored.version);
    const links = await request(t.http).get(`/v1/claims/${stored.id}/links?direction=out`);
    expect(links.body.items).toEqual([
      expect.objectContaining({ toClaimId: target.id, kind: 'depends_on' }),
    ]);
  });

  it('keeps the ids and timestamps a file gives', async () => {
    const [sourceId, claimId, stanceId, linkId, otherId] = [
      randomUUID(),
      randomUUID(),
      randomUUID(),
      randomUUID(),
      randomUUID(),
    ];
    const res = await postImport(
      t,
      ndjson([
        {
          type: 'source',
          id: sourceId,
          name: 'Dated source',
          kind: 'document',
          createdAt: '2019-05-01T10:00:00Z',
          updatedAt: '2019-06-01T10:00:00.123Z',
        },
        {
          type: 'claim',
          id: claimId,
          statement: 'Dated claim',
          createdAt: '2019-05-02T10:00:00Z',
          updatedAt: '2019-05-03T10:00:00Z',
        },
        {
          type: 'claim',
          id: otherId,
          statement: 'Another dated claim',
          createdAt: '2019-05-02T11:00:00Z',
        },
        {
          type: 'stance',
          id: stanceId,
          claimId,
          sourceId,
          kind: 'asserts',
          statedAt: '2019-05-02T12:00:00Z',
          recordedAt: '2019-05-02T13:00:00Z',
        },
        {
          type: 'link',
          id: linkId,
          fromClaimId: claimId,
          toClaimId: otherId,
          kind: 'related',
          createdAt: '2019-05-04T00:00:00Z',
        },
      ]),
    );
    expect(res.status, show(res)).toBe(200);
    expect((await request(t.http).get(`/v1/sources/${sourceId}`)).body).toMatchObject({
      createdAt: '2019-05-01T10:00:00.000Z',
      updatedAt: '2019-06-01T10:00:00.123Z',
    });
    // Recomputed (it has a stance now), yet it keeps the time the file gives.
    expect(await getClaim(t.http, claimId)).toMatchObject({
      status: 'unverified',
      createdAt: '2019-05-02T10:00:00.000Z',
      updatedAt: '2019-05-03T10:00:00.000Z',
    });
    expect(await getClaim(t.http, otherId)).toMatchObject({
      updatedAt: '2019-05-02T11:00:00.000Z',
    });
    expect((await request(t.http).get(`/v1/stances/${stanceId}`)).body).toMatchObject({
      recordedAt: '2019-05-02T13:00:00.000Z',
      updatedAt: '2019-05-02T13:00:00.000Z',
    });
    expect((await request(t.http).get(`/v1/links/${linkId}`)).body).toMatchObject({
      createdAt: '2019-05-04T00:00:00.000Z',
    });
  });

  it('marks a stored claim that gains stances changed now, while the claims it creates keep their times', async () => {
    const stored = await createClaim(t.http, { statement: 'Stored before the import' });
    const source = await createSource(t.http, { name: 'Importing source' });
    const res = await postImport(
      t,
      ndjson([{ type: 'stance', claimId: stored.id, sourceId: source.id, kind: 'confirms' }]),
    );
    expect(res.status, show(res)).toBe(200);
    const after = await getClaim(t.http, stored.id);
    expect(after.version).toBeGreaterThan(stored.version);
    expect(Date.parse(after.updatedAt)).toBeGreaterThan(Date.parse(stored.updatedAt));
    expect(after.createdAt).toBe(stored.createdAt);
  });

  it('imports a claim merged into another, which then answers 410 naming the survivor', async () => {
    const res = await postImport(
      t,
      ndjson([
        { type: 'claim', key: 'survivor', statement: 'The surviving claim' },
        {
          type: 'claim',
          key: 'duplicate',
          statement: 'The duplicate claim',
          mergedIntoId: 'survivor',
          mergedAt: '2020-02-02T00:00:00Z',
        },
      ]),
    );
    expect(res.status, show(res)).toBe(200);
    const merged = await request(t.http).get(`/v1/claims/${res.body.keys.duplicate}`);
    expectProblem(merged, 410, 'CLAIM_MERGED');
    expect(merged.body.mergedIntoId).toBe(res.body.keys.survivor);
  });

  describe('a file with wrong lines', () => {
    /** Posts the file, expects 422 IMPORT_INVALID and nothing stored; returns the line errors. */
    async function refused(
      file: string | Buffer,
    ): Promise<{ line: number; field?: string; message: string }[]> {
      const before = await counts(t.db);
      const res = await postImport(t, file);
      expectProblem(res, 422, 'IMPORT_INVALID');
      expect(await counts(t.db), 'a refused import stored something').toEqual(before);
      return res.body.errors;
    }

    it('reports every wrong line by number, and stores nothing of the right ones', async () => {
      const errors = await refused(
        [
          JSON.stringify({
            type: 'source',
            key: 'ok-source',
            name: 'A good source',
            kind: 'person',
          }),
          '{"type": "claim", "statement": "broken JSON"',
          JSON.stringify({ type: 'rumour', statement: 'An unknown type' }),
          JSON.stringify({ type: 'source', name: 'A source of an unknown kind', kind: 'alien' }),
          JSON.stringify({
            type: 'stance',
            claimId: 'no-such-claim',
            sourceId: 'ok-source',
            kind: 'asserts',
          }),
          JSON.stringify({
            type: 'stance',
            claimId: 'later-claim',
            sourceId: 'ok-source',
            kind: 'asserts',
          }),
          JSON.stringify({
            type: 'claim',
            key: 'later-claim',
            statement: 'Defined after its first use',
          }),
          JSON.stringify({ type: 'claim', key: 'ok-source', statement: 'Reuses a key' }),
          JSON.stringify({ type: 'claim', statement: 'A good claim', colour: 'red' }),
        ].join('\n'),
      );
      expect(errors).toEqual([
        { line: 2, message: expect.stringMatching(/^is not valid JSON/) },
        { line: 3, field: 'type', message: 'must be one of source, claim, stance, link, review' },
        { line: 4, field: 'kind', message: expect.stringContaining('kind must be one of') },
        {
          line: 5,
          field: 'claimId',
          message: 'no earlier line has the key "no-such-claim", and it is not an id',
        },
        {
          line: 6,
          field: 'claimId',
          message: 'no earlier line has the key "later-claim", and it is not an id',
        },
        {
          line: 8,
          field: 'key',
          message: 'the key "ok-source" is already used by an earlier line',
        },
        { line: 9, field: 'colour', message: 'is not a known field' },
      ]);
    });

    it('says how many errors there were and lists the first 100 by line', async () => {
      const lines = Array.from({ length: 150 }, (_, i) =>
        JSON.stringify({ type: 'claim', statement: `x${i}`.slice(0, 2) }),
      );
      const before = await counts(t.db);
      const res = await postImport(t, lines.join('\n'));
      expectProblem(res, 422, 'IMPORT_INVALID');
      expect(res.body.detail).toBe(
        '150 errors in the file (the first 100 by line are listed); nothing was imported.',
      );
      expect(res.body.errors.map((e: { line: number }) => e.line)).toEqual(
        Array.from({ length: 100 }, (_, i) => i + 1),
      );
      expect(await counts(t.db)).toEqual(before);
    });

    it('refuses ids already taken, in the database or earlier in the file', async () => {
      const source = await createSource(t.http);
      const claim = await createClaim(t.http);
      const stance = await addStance(t.http, claim.id, { sourceId: source.id, kind: 'reports' });
      const id = randomUUID();
      const errors = await refused(
        ndjson([
          { type: 'source', id: source.id, name: 'Same id as a stored source', kind: 'person' },
          { type: 'claim', id: claim.id, statement: 'Same id as a stored claim' },
          { type: 'claim', id, statement: 'First with this id' },
          { type: 'claim', id, statement: 'Second with this id' },
          {
            type: 'stance',
            id: stance.id,
            claimId: claim.id,
            sourceId: source.id,
            kind: 'asserts',
          },
        ]),
      );
      expect(errors).toEqual([
        { line: 1, field: 'id', message: 'a source with this id exists already' },
        { line: 2, field: 'id', message: 'a claim with this id exists already' },
        { line: 4, field: 'id', message: 'a claim with this id exists already' },
        { line: 5, field: 'id', message: 'a stance with this id exists already' },
      ]);
    });

    it('refuses references to missing or merged records, and keys of the wrong type', async () => {
      const [duplicate, survivor] = [await createClaim(t.http), await createClaim(t.http)];
      const merge = await request(t.http)
        .post(`/v1/claims/${duplicate.id}/merge`)
        .send({ into: survivor.id });
      expect(merge.status, show(merge)).toBe(200);
      const source = await createSource(t.http);
      const errors = await refused(
        ndjson([
          {
            type: 'source',
            key: 'a-source',
            name: 'A source',
            kind: 'person',
            affiliatedWithId: randomUUID(),
          },
          { type: 'claim', key: 'a-claim', statement: 'A claim' },
          { type: 'stance', claimId: duplicate.id, sourceId: source.id, kind: 'asserts' },
          { type: 'stance', claimId: 'a-claim', sourceId: 'a-claim', kind: 'asserts' },
          {
            type: 'stance',
            claimId: randomUUID(),
            sourceId: source.id,
            viaSourceId: randomUUID(),
            kind: 'reports',
          },
          { type: 'link', fromClaimId: 'a-claim', toClaimId: duplicate.id, kind: 'related' },
          { type: 'claim', statement: 'Merged into a merged claim', mergedIntoId: duplicate.id },
        ]),
      );
      expect(errors).toEqual([
        { line: 1, field: 'affiliatedWithId', message: 'no source has this id' },
        {
          line: 3,
          field: 'claimId',
          message: `names a claim merged into ${survivor.id}; give the stance to that claim`,
        },
        { line: 4, field: 'sourceId', message: 'the key "a-claim" names a claim, not a source' },
        { line: 5, field: 'claimId', message: 'no claim has this id' },
        { line: 5, field: 'viaSourceId', message: 'no source has this id' },
        { line: 6, field: 'toClaimId', message: `names a claim merged into ${survivor.id}` },
        {
          line: 7,
          field: 'mergedIntoId',
          message: `names a claim that is itself merged into ${survivor.id}`,
        },
      ]);
    });

    it('keeps the link rules: no self-links, no duplicates either way round, no part_of or depends_on cycles', async () => {
      const [a, b] = [await createClaim(t.http), await createClaim(t.http)];
      const stored = await request(t.http)
        .post(`/v1/claims/${a.id}/links`)
        .send({ toClaimId: b.id, kind: 'part_of' });
      expect(stored.status, show(stored)).toBe(201);
      const errors = await refused(
        ndjson([
          { type: 'claim', key: 'c', statement: 'A third claim' },
          { type: 'link', fromClaimId: 'c', toClaimId: 'c', kind: 'related' },
          { type: 'link', fromClaimId: a.id, toClaimId: b.id, kind: 'part_of' },
          { type: 'link', fromClaimId: 'c', toClaimId: a.id, kind: 'contradicts' },
          { type: 'link', fromClaimId: a.id, toClaimId: 'c', kind: 'contradicts' },
          { type: 'link', fromClaimId: b.id, toClaimId: 'c', kind: 'part_of' },
          { type: 'link', fromClaimId: 'c', toClaimId: a.id, kind: 'part_of' },
        ]),
      );
      expect(errors).toEqual([
        {
          line: 2,
          field: 'toClaimId',
          message: 'is the claim itself: a claim cannot link to itself',
        },
        { line: 3, field: 'toClaimId', message: 'these claims are linked as part_of already' },
        {
          line: 5,
          field: 'toClaimId',
          message: 'an earlier line links these claims as contradicts already',
        },
        { line: 6, field: 'toClaimId', message: expect.stringContaining('closes a part_of cycle') },
        { line: 7, field: 'toClaimId', message: expect.stringContaining('closes a part_of cycle') },
      ]);
    });

    it('refuses lines that are not one JSON object of the API’s fields', async () => {
      const long = JSON.stringify({
        type: 'claim',
        statement: 'Long',
        context: 'x'.repeat(1024 * 1024),
      });
      const errors = await refused(
        Buffer.concat([
          Buffer.from(
            [
              '[1, 2, 3]',
              '"a string"',
              JSON.stringify({ type: 'claim', statement: 'With inline stances', stances: [] }),
              '{"type": "claim", "statement": "A prototype key", "__proto__": {"polluted": true}}',
              JSON.stringify({ type: 'claim', statement: 'A NUL \u0000 inside' }),
              JSON.stringify({
                type: 'claim',
                statement: 'Merged at, but not merged',
                mergedAt: '2020-01-01T00:00:00Z',
              }),
              JSON.stringify({
                type: 'stance',
                claimId: randomUUID(),
                sourceId: randomUUID(),
                kind: 'asserts',
                statedAt: '2999-01-01T00:00:00Z',
              }),
              long,
              '',
            ].join('\n'),
          ),
          Buffer.from([0x7b, 0xff, 0xfe, 0x7d, 0x0a]),
          Buffer.from(
            JSON.stringify({ type: 'claim', statement: 'The last line, without a newline' }),
          ),
        ]),
      );
      expect(errors).toEqual([
        { line: 1, message: 'must be a JSON object' },
        { line: 2, message: 'must be a JSON object' },
        {
          line: 3,
          field: 'stances',
          message: 'is not accepted in a file; give each stance a line of its own',
        },
        { line: 4, field: '__proto__', message: 'is not a known field' },
        {
          line: 5,
          field: 'statement',
          message: 'contains a NUL character or an unpaired surrogate',
        },
        {
          line: 6,
          field: 'mergedAt',
          message: 'is only for a merged claim (one with mergedIntoId)',
        },
        {
          line: 7,
          field: 'statedAt',
          message: 'statedAt must not be more than 5 minutes in the future',
        },
        { line: 8, message: `is longer than ${1024 * 1024} bytes` },
        { line: 9, message: 'is not valid UTF-8' },
      ]);
    });

    it('does not report lines again for referring to a refused line', async () => {
      const errors = await refused(
        ndjson([
          { type: 'source', key: 'refused', name: '', kind: 'person' },
          { type: 'claim', key: 'fine', statement: 'A fine claim' },
          { type: 'stance', claimId: 'fine', sourceId: 'refused', kind: 'asserts' },
        ]),
      );
      expect(errors).toEqual([
        {
          line: 1,
          field: 'name',
          message: expect.stringContaining('name must be longer than or equal to 1'),
        },
      ]);
    });
  });

  describe('media type', () => {
    it.each([
      ['application/json', '{"type":"claim","statement":"As JSON"}'],
      ['text/plain', '{"type":"claim","statement":"As text"}\n'],
      ['application/x-ndjson; charset=latin1', '{"type":"claim","statement":"In Latin-1"}\n'],
    ])('refuses %s with 415 and stores nothing', async (contentType, body) => {
      const before = await counts(t.db);
      const res = await request(t.http)
        .post('/v1/import')
        .set('Content-Type', contentType)
        .send(body);
      expectProblem(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
      expect(res.body.detail).toContain('application/x-ndjson');
      expect(await counts(t.db)).toEqual(before);
    });

    it('refuses a compressed body with 415', async () => {
      const res = await postImport(t, '{"type":"claim","statement":"Compressed?"}\n', {
        'Content-Encoding': 'gzip',
      });
      expectProblem(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
    });

    it('accepts application/x-ndjson with charset=utf-8, and an empty file', async () => {
      const utf8 = await request(t.http)
        .post('/v1/import')
        .set('Content-Type', 'application/x-ndjson; charset=utf-8')
        .send('{"type":"claim","statement":"In UTF-8"}\n');
      expect(utf8.status, show(utf8)).toBe(200);
      const empty = await postImport(t, '');
      expect(empty.status, show(empty)).toBe(200);
      expect(empty.body).toMatchObject({
        lines: 0,
        created: { sources: 0, claims: 0, stances: 0, links: 0, reviews: 0 },
        keys: {},
      });
    });
  });

  describe('roles', () => {
    it('lets an analyst import, not a viewer (403, nothing stored); a viewer may export', async () => {
      const [viewer, analyst] = [await createKey(t, 'viewer'), await createKey(t, 'analyst')];
      const file = ndjson([{ type: 'claim', statement: 'Imported by whom?' }]);
      const before = await counts(t.db);
      const refusedRes = await request(t.raw)
        .post('/v1/import')
        .set('Authorization', `Bearer ${viewer}`)
        .set('Content-Type', NDJSON)
        .send(file);
      expectProblem(refusedRes, 403, 'FORBIDDEN');
      expect(await counts(t.db)).toEqual(before);
      expectProblem(
        await request(t.raw).post('/v1/import').set('Content-Type', NDJSON).send(file),
        401,
        'UNAUTHENTICATED',
      );
      const ok = await request(t.raw)
        .post('/v1/import')
        .set('Authorization', `Bearer ${analyst}`)
        .set('Content-Type', NDJSON)
        .send(file);
      expect(ok.status, show(ok)).toBe(200);
      const exported = await request(t.raw)
        .get('/v1/export')
        .set('Authorization', `Bearer ${viewer}`);
      expect(exported.status).toBe(200);
    });
  });

  describe('what a role may import', () => {
    const as = (key: string, file: string) =>
      request(t.raw)
        .post('/v1/import')
        .set('Authorization', `Bearer ${key}`)
        .set('Content-Type', NDJSON)
        .send(file);
    const mergedPair = (tag: string, extra: Line = {}) =>
      ndjson([
        { type: 'claim', key: `${tag}-survivor`, statement: `The surviving claim ${tag}` },
        {
          type: 'claim',
          key: `${tag}-duplicate`,
          statement: `The duplicate claim ${tag}`,
          mergedIntoId: `${tag}-survivor`,
          ...extra,
        },
      ]);

    it('takes verdicts from an editor, as of the claim the import leaves, and refuses them from an analyst', async () => {
      const source = await createSource(t.http, { name: 'Verdict Import Source' });
      const file = (tag: string, extra: Line = {}) =>
        ndjson([
          { type: 'claim', key: `${tag}-claim`, statement: `A claim judged on import ${tag}` },
          { type: 'stance', claimId: `${tag}-claim`, sourceId: source.id, kind: 'denies' },
          {
            type: 'review',
            claimId: `${tag}-claim`,
            verdict: 'false',
            rationale: 'The evidence says no.',
            ...extra,
          },
        ]);
      const analyst = await createKey(t, 'analyst');
      const before = await counts(t.db);
      const refused = await as(analyst, file('by-analyst'));
      expectProblem(refused, 403, 'FORBIDDEN');
      expect(refused.body.detail).toMatch(/^Line 3: a verdict needs the editor role/);
      expect(await counts(t.db)).toEqual(before);

      const editor = await createKey(t, 'editor');
      const stored = await as(
        editor,
        file('stored', { statusAtReview: 'corroborated', scoreAtReview: 0.9 }),
      );
      expectProblem(stored, 403, 'FORBIDDEN');
      expect(stored.body.detail).toContain('statusAtReview, scoreAtReview are set by the server');

      const res = await as(editor, file('by-editor'));
      expect(res.status, show(res)).toBe(200);
      expect(res.body.created.reviews).toBe(1);
      const claimId = res.body.keys['by-editor-claim'];
      const [review] = await t.db.query(
        `SELECT r.verdict, r.status_at_review AS status, r.reviewer_key_id = k.id AS "byEditor"
           FROM claim_reviews r, api_keys k WHERE r.claim_id = $1 AND k.role = 'editor' AND k.id = r.reviewer_key_id`,
        [claimId],
      );
      expect(review).toEqual({ verdict: 'false', status: 'denied', byEditor: true });
      expect(await getClaim(t.http, claimId)).toMatchObject({
        status: 'denied',
        review: { state: 'reviewed', verdict: 'false', divergent: false },
      });
    });

    it('refuses verdicts on unknown claims, taken ids and half-given stored values, by line', async () => {
      const claim = await createClaim(t.http);
      const reviewed = await request(t.http)
        .post(`/v1/claims/${claim.id}/reviews`)
        .send({ verdict: 'mixed', rationale: 'Both ways.' });
      const res = await postImport(
        t,
        ndjson([
          { type: 'review', claimId: randomUUID(), verdict: 'true', rationale: 'x' },
          {
            type: 'review',
            id: reviewed.body.id,
            claimId: claim.id,
            verdict: 'true',
            rationale: 'x',
          },
          {
            type: 'review',
            claimId: claim.id,
            verdict: 'true',
            rationale: 'x',
            statusAtReview: 'denied',
          },
          { type: 'review', claimId: claim.id, verdict: 'maybe', rationale: 'x' },
        ]),
      );
      expectProblem(res, 422, 'IMPORT_INVALID');
      expect(res.body.errors).toEqual([
        { line: 1, field: 'claimId', message: 'no claim has this id' },
        { line: 2, field: 'id', message: 'a verdict with this id exists already' },
        {
          line: 3,
          field: 'scoreAtReview',
          message: 'statusAtReview and scoreAtReview go together: give both or neither',
        },
        { line: 4, field: 'verdict', message: expect.stringContaining('verdict must be one of') },
      ]);
    });

    it('takes a merged source from an editor, recorded so it can be unmerged, and keeps stances off it', async () => {
      const file = (tag: string) =>
        ndjson([
          {
            type: 'source',
            key: `${tag}-survivor`,
            name: `Surviving outlet ${tag}`,
            kind: 'outlet',
          },
          {
            type: 'source',
            key: `${tag}-duplicate`,
            name: `Duplicate outlet ${tag}`,
            kind: 'outlet',
            mergedIntoId: `${tag}-survivor`,
          },
        ]);
      const analyst = await createKey(t, 'analyst');
      const refused = await as(analyst, file('src-by-analyst'));
      expectProblem(refused, 403, 'FORBIDDEN');
      expect(refused.body.detail).toMatch(/^Line 2: a source merged into another/);

      const editor = await createKey(t, 'editor');
      const res = await as(editor, file('src-by-editor'));
      expect(res.status, show(res)).toBe(200);
      const duplicate = res.body.keys['src-by-editor-duplicate'];
      const survivor = res.body.keys['src-by-editor-survivor'];
      expectProblem(await request(t.http).get(`/v1/sources/${duplicate}`), 410, 'SOURCE_MERGED');

      const claim = await createClaim(t.http);
      const stance = await postImport(
        t,
        ndjson([
          { type: 'stance', claimId: claim.id, sourceId: duplicate, kind: 'asserts' },
          {
            type: 'source',
            name: `Affiliate of ${duplicate}`,
            kind: 'person',
            affiliatedWithId: duplicate,
          },
          {
            type: 'source',
            name: `Twice merged ${duplicate}`,
            kind: 'person',
            mergedIntoId: duplicate,
          },
        ]),
      );
      expectProblem(stance, 422, 'IMPORT_INVALID');
      expect(stance.body.errors).toEqual([
        {
          line: 1,
          field: 'sourceId',
          message: `names a source merged into ${survivor}; give the stance to that source`,
        },
        {
          line: 2,
          field: 'affiliatedWithId',
          message: `names a source merged into ${survivor}; affiliate it with that source`,
        },
        {
          line: 3,
          field: 'mergedIntoId',
          message: `names a source that is itself merged into ${survivor}`,
        },
      ]);

      const unmerged = await request(t.raw)
        .post(`/v1/sources/${duplicate}/unmerge`)
        .set('Authorization', `Bearer ${editor}`);
      expect(unmerged.status, show(unmerged)).toBe(200);
      expect((await request(t.http).get(`/v1/sources/${duplicate}`)).status).toBe(200);
    });

    it('refuses a merged claim from an analyst with 403, storing nothing', async () => {
      const analyst = await createKey(t, 'analyst');
      const before = await counts(t.db);
      const res = await as(analyst, mergedPair('by-analyst'));
      expectProblem(res, 403, 'FORBIDDEN');
      expect(res.body.detail).toMatch(/^Line 2: .*mergedIntoId.*editor/);
      expect(await counts(t.db)).toEqual(before);
    });

    it('records an editor’s imported merge as a merge, so it can be undone and the survivor then deleted', async () => {
      const editor = await createKey(t, 'editor');
      const res = await as(editor, mergedPair('by-editor'));
      expect(res.status, show(res)).toBe(200);
      const [survivor, duplicate] = [
        res.body.keys['by-editor-survivor'],
        res.body.keys['by-editor-duplicate'],
      ];
      const audit = await t.db.query(
        `SELECT a.action, a.after, k.role FROM audit_log a JOIN api_keys k ON k.id = a.key_id
          WHERE a.entity_type = 'claim' AND a.entity_id = $1`,
        [duplicate],
      );
      expect(audit).toEqual([
        {
          action: 'merge',
          role: 'editor',
          after: {
            into: survivor,
            movedStanceIds: [],
            movedLinks: [],
            droppedLinks: [],
            repointedMergedClaimIds: [],
          },
        },
      ]);
      const auth = { Authorization: `Bearer ${editor}` };
      expectProblem(
        await request(t.raw).delete(`/v1/claims/${survivor}`).set(auth),
        409,
        'CLAIM_HAS_MERGED_CLAIMS',
      );
      const unmerged = await request(t.raw).post(`/v1/claims/${duplicate}/unmerge`).set(auth);
      expect(unmerged.status, show(unmerged)).toBe(200);
      expect(unmerged.body).toMatchObject({ id: duplicate, status: 'unsourced' });
      const [{ mergedInto }] = await t.db.query(
        'SELECT merged_into_id AS "mergedInto" FROM claims WHERE id = $1',
        [duplicate],
      );
      expect(mergedInto).toBeNull();
      expect((await request(t.raw).delete(`/v1/claims/${survivor}`).set(auth)).status).toBe(204);
      expect((await request(t.raw).delete(`/v1/claims/${duplicate}`).set(auth)).status).toBe(204);
      const [{ n }] = await t.db.query(
        'SELECT count(*)::int AS n FROM claims WHERE id = ANY($1::uuid[])',
        [[survivor, duplicate]],
      );
      expect(n).toBe(0);
    });

    it('records an admin’s imported merge the same way', async () => {
      const res = await postImport(t, mergedPair('by-admin', { mergedAt: '2020-02-02T00:00:00Z' }));
      expect(res.status, show(res)).toBe(200);
      const duplicate = res.body.keys['by-admin-duplicate'];
      const unmerged = await request(t.http).post(`/v1/claims/${duplicate}/unmerge`);
      expect(unmerged.status, show(unmerged)).toBe(200);
      expect(
        (await request(t.http).delete(`/v1/claims/${res.body.keys['by-admin-survivor']}`)).status,
      ).toBe(204);
    });

    it('accepts stored timestamps from an admin key only: 403 for an analyst or an editor, nothing stored', async () => {
      const [analyst, editor] = [await createKey(t, 'analyst'), await createKey(t, 'editor')];
      const claim = await createClaim(t.http);
      const source = await createSource(t.http);
      const dated: [string, Line][] = [
        [
          'createdAt',
          {
            type: 'source',
            name: 'Backdated source',
            kind: 'person',
            createdAt: '2001-01-01T00:00:00Z',
          },
        ],
        [
          'updatedAt',
          { type: 'claim', statement: 'Backdated claim', updatedAt: '2001-01-01T00:00:00Z' },
        ],
        [
          'recordedAt',
          {
            type: 'stance',
            claimId: claim.id,
            sourceId: source.id,
            kind: 'asserts',
            recordedAt: '2001-01-01T00:00:00Z',
          },
        ],
        [
          'createdAt',
          {
            type: 'link',
            fromClaimId: claim.id,
            toClaimId: (await createClaim(t.http)).id,
            kind: 'related',
            createdAt: '2001-01-01T00:00:00Z',
          },
        ],
      ];
      for (const [field, line] of dated) {
        for (const key of [analyst, editor]) {
          const before = await counts(t.db);
          const res = await as(
            key,
            ndjson([{ type: 'claim', statement: 'An honest claim' }, line]),
          );
          expectProblem(res, 403, 'FORBIDDEN');
          expect(res.body.detail).toMatch(
            new RegExp(`^Line 2: ${field} is set by the server; only an admin key`),
          );
          expect(await counts(t.db)).toEqual(before);
        }
      }
      expectProblem(
        await as(editor, mergedPair('backdated-merge', { mergedAt: '2001-01-01T00:00:00Z' })),
        403,
        'FORBIDDEN',
      );
      // Without them the server's time is stored, which updatedSince pollers see.
      const started = Date.now();
      const res = await as(analyst, ndjson([{ ...dated[1][1], updatedAt: undefined }]));
      expect(res.status, show(res)).toBe(200);
      const [stored] = await t.db.query(
        `SELECT created_at AS "createdAt", updated_at AS "updatedAt" FROM claims WHERE statement = 'Backdated claim'`,
      );
      expect(stored.updatedAt.getTime()).toBeGreaterThanOrEqual(started - 5_000);
      expect(stored.createdAt.getTime()).toBeGreaterThanOrEqual(started - 5_000);
    });
  });

  describe('Idempotency-Key', () => {
    const digestOf = (body: string): string =>
      `sha-256=:${createHash('sha256').update(body).digest('base64')}:`;

    it('needs a Content-Digest, since the streamed body is not held to be compared', async () => {
      const before = await counts(t.db);
      const res = await postImport(
        t,
        ndjson([{ type: 'claim', statement: 'Retried without a digest' }]),
        { 'Idempotency-Key': randomUUID() },
      );
      expectProblem(res, 400, 'CONTENT_DIGEST_REQUIRED');
      expect(await counts(t.db)).toEqual(before);
    });

    it('replays the first answer for the same key and digest, and refuses the key with another file', async () => {
      const key = randomUUID();
      const body = ndjson([{ type: 'claim', key: 'once', statement: `Imported once ${key}` }]);
      const first = await postImport(t, body, {
        'Idempotency-Key': key,
        'Content-Digest': digestOf(body),
      });
      expect(first.status, show(first)).toBe(200);
      const again = await postImport(t, body, {
        'Idempotency-Key': key,
        'Content-Digest': digestOf(body),
      });
      expect(again.status, show(again)).toBe(200);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
      const [{ n }] = await t.db.query(
        'SELECT count(*)::int AS n FROM claims WHERE statement = $1',
        [`Imported once ${key}`],
      );
      expect(n).toBe(1);

      const other = ndjson([{ type: 'claim', statement: `Another file ${key}` }]);
      expectProblem(
        await postImport(t, other, { 'Idempotency-Key': key, 'Content-Digest': digestOf(other) }),
        422,
        'IDEMPOTENCY_KEY_REUSED',
      );
    });

    it('refuses a body that does not match its digest, storing nothing', async () => {
      const before = await counts(t.db);
      const body = ndjson([{ type: 'claim', statement: 'Tampered on the way' }]);
      const res = await postImport(t, body, { 'Content-Digest': digestOf(`${body} `) });
      expectProblem(res, 400, 'CONTENT_DIGEST_MISMATCH');
      expect(await counts(t.db)).toEqual(before);
      expectProblem(
        await postImport(t, body, { 'Content-Digest': 'md5=:abc:' }),
        400,
        'VALIDATION_FAILED',
      );
    });
  });

  it('rolls back an upload cut off halfway, and goes on serving', async () => {
    const before = await counts(t.db);
    const body = Buffer.from(generatedFile(50, 200, 12_000, 'cut'));
    const { port } = t.raw.address() as AddressInfo;
    await new Promise<void>((resolve) => {
      const req = http.request({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/v1/import',
        headers: {
          'content-type': NDJSON,
          'content-length': body.length,
          authorization: `Bearer ${t.adminKey}`,
        },
      });
      req.on('error', () => resolve());
      // Well past the first batches, then the connection drops.
      req.write(body.subarray(0, Math.floor(body.length * 0.8)), () =>
        setTimeout(() => req.destroy(), 200),
      );
    });
    // The server notices, rolls back and releases its connection: later requests get through.
    const next = await postImport(t, ndjson([{ type: 'claim', statement: 'After the cut' }]));
    expect(next.status, show(next)).toBe(200);
    const after = await counts(t.db);
    expect(after.stances).toBe(before.stances);
    expect(after.sources).toBe(before.sources);
    expect(after.claims).toBe(before.claims + 1);
  });

  it('imports a generated file of 20,000 stances; a full recompute then finds nothing out of date', async () => {
    // Stored claims gain stances too, among thousands of new ones, and are recomputed with them.
    const stored = [await createClaim(t.http), await createClaim(t.http)];
    const extra = stored.map((c, i) => ({
      type: 'stance',
      claimId: c.id,
      sourceId: `gs${i}`,
      kind: 'asserts',
    }));
    const res = await postImport(t, generatedFile(300, 5_000, 20_000) + ndjson(extra));
    expect(res.status, show(res)).toBe(200);
    expect(res.body.created).toEqual({
      sources: 300,
      claims: 5_000,
      stances: 20_002,
      links: 0,
      reviews: 0,
    });
    for (const c of stored) expect((await getClaim(t.http, c.id)).status).toBe('unverified');
    expect(res.body.keys).toBeNull();
    const { stale } = await t.app.get(CorroborationService).recomputeAll();
    expect(stale).toBe(0);
    const [groups] = await t.db.query(
      `SELECT count(*)::int AS wrong FROM sources s JOIN sources p ON p.id = s.affiliated_with_id WHERE s.independence_group_id <> p.independence_group_id`,
    );
    expect(groups.wrong).toBe(0);
  });
});

// ========================================================================================= fuzzing

describe('POST /v1/import with hostile lines', () => {
  let t: TestApp;
  let stored: { sourceId: string; claimId: string };

  beforeAll(async () => {
    t = await createTestApp();
    const source = await createSource(t.http);
    stored = { sourceId: source.id, claimId: (await createClaim(t.http)).id };
  });
  afterAll(async () => {
    await t?.close();
  });

  const str = (min: number, max: number) => fc.string({ minLength: min, maxLength: max }).map(json);
  const pick = (...values: unknown[]) => fc.constantFrom(...values).map(json);
  const when = fc.constantFrom(...GOOD_DATES).map(json);
  const lineSpecs = (): FieldSpec[][] => {
    const sourceRef = pick('fz-s1', 'fz-s2', stored.sourceId);
    const claimRef = pick('fz-c1', 'fz-c2', stored.claimId);
    return [
      [
        { name: 'type', required: true, valid: pick('source'), near: ['claim', 'Source', ''] },
        { name: 'key', valid: pick('fz-s1', 'fz-s2') },
        { name: 'name', required: true, valid: str(1, 30) },
        { name: 'kind', required: true, valid: pick('person', 'outlet'), near: ['people'] },
        {
          name: 'aliases',
          valid: fc.array(fc.string({ minLength: 1, maxLength: 5 }), { maxLength: 3 }).map(json),
        },
        { name: 'affiliatedWithId', valid: sourceRef },
        { name: 'reliability', valid: pick('A', 'F'), near: ['G', 'a'] },
        { name: 'id', valid: fc.uuid().map(json) },
        { name: 'createdAt', valid: when },
      ],
      [
        { name: 'type', required: true, valid: pick('claim') },
        { name: 'key', valid: pick('fz-c1', 'fz-c2') },
        { name: 'statement', required: true, valid: str(3, 40) },
        {
          name: 'tags',
          valid: fc.array(fc.string({ minLength: 1, maxLength: 5 }), { maxLength: 3 }).map(json),
        },
        { name: 'occurredAt', valid: when },
        { name: 'language', valid: pick('en', 'fa', 'pt-BR'), near: ['english'] },
        { name: 'mergedIntoId', valid: claimRef },
        { name: 'updatedAt', valid: when },
      ],
      [
        { name: 'type', required: true, valid: pick('stance') },
        { name: 'claimId', required: true, valid: claimRef },
        { name: 'sourceId', required: true, valid: sourceRef },
        {
          name: 'kind',
          required: true,
          valid: pick('asserts', 'denies', 'retracts'),
          near: ['assert'],
        },
        { name: 'statedAt', valid: when },
        { name: 'viaSourceId', valid: sourceRef },
        { name: 'quote', valid: str(0, 30) },
        { name: 'id', valid: fc.uuid().map(json) },
      ],
      [
        { name: 'type', required: true, valid: pick('link') },
        { name: 'fromClaimId', required: true, valid: claimRef },
        { name: 'toClaimId', required: true, valid: claimRef },
        { name: 'kind', required: true, valid: pick('part_of', 'related'), near: ['partOf'] },
      ],
    ];
  };

  it('never answers 5xx; a refused file stores nothing and names only lines it has', async () => {
    const line = fc.oneof(
      {
        arbitrary: fc.oneof(...lineSpecs().map((fields) => objectOf(fields))).map(toJsonText),
        weight: 8,
      },
      {
        arbitrary: junkBody.map((b) => (typeof b === 'string' ? b : b.toString('latin1'))),
        weight: 2,
      },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 6 }), async (lines) => {
        const body = lines.join('\n');
        const before = await counts(t.db);
        const res = await postImport(t, body);
        if (res.status === 200) return;
        expectProblem(res, 422, 'IMPORT_INVALID');
        const count = body.split('\n').length;
        for (const e of res.body.errors)
          expect(e.line, JSON.stringify(e)).toBeGreaterThanOrEqual(1);
        for (const e of res.body.errors)
          expect(e.line, JSON.stringify(e)).toBeLessThanOrEqual(count);
        expect(await counts(t.db)).toEqual(before);
      }),
      { numRuns: 60, seed: 20_251_128 },
    );
  });
});

// =================================================================================== the export

describe('GET /v1/export', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers an empty database with an empty file', async () => {
    const res = await request(t.http).get('/v1/export');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="claimgraph-.*\.ndjson"$/,
    );
    expect(res.text ?? '').toBe('');
  });

  describe('of a database grown through the API', () => {
    let exported: string;
    let ids: Awaited<ReturnType<typeof loadFoundingArticle>>;

    beforeAll(async () => {
      ids = await loadFoundingArticle(t.http);
      // More of what a real database holds: a merged duplicate, corrected stances and sources, a
      // source moved under another after it was made, text in other scripts.
      const duplicate = await createClaim(t.http, {
        statement: 'Trump asked to meet Rouhani at the UN in 2017.',
        context: 'A duplicate, worded differently.',
        language: 'fa',
        stances: [
          {
            sourceId: ids.sources.fazaeli,
            kind: 'asserts',
            statedAt: '2017-10-29T09:00:00Z',
            quote: '«ترامپ درخواست دیدار کرد»',
          },
        ],
      });
      // Verdicts: on the duplicate before it is merged, twice on one claim (the latest stands), and
      // on a claim whose evidence then moves (back in the editors' queue).
      for (const [claimId, verdict] of [
        [duplicate.id, 'unproven'],
        [ids.claims['trump-request'], 'false'],
        [ids.claims['trump-request'], 'mostly_true'],
        [ids.claims['macron-offer'], 'mixed'],
      ] as const) {
        const review = await request(t.http)
          .post(`/v1/claims/${claimId}/reviews`)
          .send({ verdict, rationale: `Checked: ${verdict}.` });
        expect(review.status, show(review)).toBe(201);
      }
      await addStance(t.http, ids.claims['macron-offer'], {
        sourceId: ids.sources['white-house'],
        kind: 'asserts',
      });
      await createSource(t.http, { name: 'unnamed officials', anonymous: true });
      // A duplicate source, with a stance of its own, merged into the one that survives.
      const twin = await createSource(t.http, { name: 'Al Monitor News', kind: 'outlet' });
      await addStance(t.http, ids.claims['obama-call-2013'], {
        sourceId: twin.id,
        kind: 'confirms',
      });
      const sourceMerge = await request(t.http)
        .post(`/v1/sources/${twin.id}/merge`)
        .send({ into: ids.sources['al-monitor'] });
      expect(sourceMerge.status, show(sourceMerge)).toBe(200);
      const merged = await request(t.http)
        .post(`/v1/claims/${duplicate.id}/merge`)
        .send({ into: ids.claims['trump-request'] });
      expect(merged.status, show(merged)).toBe(200);
      const stances = await request(t.http).get(`/v1/claims/${ids.claims['macron-offer']}/stances`);
      const corrected = await request(t.http)
        .patch(`/v1/stances/${stances.body.items[0].id}`)
        .send({ note: 'Corrected later.' });
      expect(corrected.status, show(corrected)).toBe(200);
      const newcomer = await createSource(t.http, {
        name: 'Fars News Agency',
        kind: 'outlet',
        aliases: ['Fars'],
        url: 'https://www.farsnews.ir',
      });
      const moved = await request(t.http)
        .patch(`/v1/sources/${ids.sources.fazaeli}`)
        .send({ affiliatedWithId: newcomer.id });
      expect(moved.status, show(moved)).toBe(200);
      exported = await exportText(t);
    });

    it('lists every record once, each line after the lines it refers to', () => {
      const lines = exported
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as Line);
      const [sources] = [lines.filter((l) => l.type === 'source')];
      expect(sources).toHaveLength(Object.keys(ids.sources).length + 3);
      const seen = new Set<unknown>();
      for (const line of lines) {
        for (const ref of [
          'affiliatedWithId',
          'claimId',
          'sourceId',
          'viaSourceId',
          'fromClaimId',
          'toClaimId',
          'mergedIntoId',
        ]) {
          if (line[ref] !== undefined && line[ref] !== null)
            expect(seen.has(line[ref]), `${String(line.type)} ${String(line.id)} → ${ref}`).toBe(
              true,
            );
        }
        expect(seen.has(line.id)).toBe(false);
        seen.add(line.id);
      }
      expect(lines.map((l) => l.type)).toEqual(
        [...lines.map((l) => l.type)].sort(
          (a, b) =>
            ['source', 'claim', 'stance', 'link', 'review'].indexOf(a as string) -
            ['source', 'claim', 'stance', 'link', 'review'].indexOf(b as string),
        ),
      );
    });

    it('imports into an empty database and exports again exactly the same', async () => {
      const copy = await createTestApp();
      try {
        const res = await postImport(copy, exported);
        expect(res.status, show(res)).toBe(200);
        const again = await exportText(copy);
        expect(again).toBe(exported);
        // Derived values come out the same too.
        for (const id of Object.values(ids.claims)) {
          const [original, imported] = [await getClaim(t.http, id), await getClaim(copy.http, id)];
          for (const field of ['status', 'score', 'support', 'refute'])
            expect(imported[field], `${id} ${field}`).toEqual(original[field]);
          const { reviewedAt, reviewedByKeyId, ...review } = original.review;
          expect(imported.review, `${id} review`).toMatchObject(review);
          expect(imported.review.reviewedAt).toBe(reviewedAt);
          expect(reviewedByKeyId === null).toBe(imported.review.reviewedByKeyId === null);
        }
        expect(await getClaim(copy.http, ids.claims['trump-request'])).toMatchObject({
          review: { state: 'reviewed', verdict: 'mostly_true' },
        });
        expect(await getClaim(copy.http, ids.claims['macron-offer'])).toMatchObject({
          review: { state: 'needs_review', verdict: 'mixed' },
        });
        const verdicts = async (db: DataSource) =>
          db.query(
            `SELECT id, claim_id, verdict, rationale, status_at_review, score_at_review, created_at
               FROM claim_reviews ORDER BY id`,
          );
        expect(await verdicts(copy.db)).toEqual(await verdicts(t.db));
        expect(res.body.created.reviews).toBe(4);
        const groups = async (db: DataSource) =>
          db.query(
            'SELECT id, independence_group_id, merged_into_id, aliases FROM sources ORDER BY id',
          );
        expect(await groups(copy.db)).toEqual(await groups(t.db));
        expect((await copy.app.get(CorroborationService).recomputeAll()).stale).toBe(0);
      } finally {
        await copy.close();
      }
    });
  });
});

// ============================================================================ npm run import / export

describe('the import and export commands', () => {
  let t: TestApp;
  let dir: string;
  let url: string;

  beforeAll(async () => {
    t = await createTestApp();
    dir = mkdtempSync(join(tmpdir(), 'claimgraph-bulk-'));
    url = `http://127.0.0.1:${(t.raw.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A non-terminal stream that keeps what is written to it. */
  const captured = (): Writable & { text: string } => {
    const out = new Writable({
      write(chunk: Buffer, _encoding, done) {
        out.text += chunk.toString();
        done();
      },
    }) as Writable & { text: string };
    out.text = '';
    return out;
  };

  it('streams a file with progress lines, then prints the counts', async () => {
    const file = join(dir, 'example.ndjson');
    writeFileSync(file, foundingArticleFile());
    const out = captured();
    const outcome = await importFile({ file, url, key: t.adminKey, out, plainEveryMs: 0 });
    expect(outcome.ok).toBe(true);
    expect(out.text).toMatch(
      /100\.0% {2}0\.0 MB of 0\.0 MB {2}24 rows {2}[\d,]+ rows\/s {2}ETA 0:00/,
    );
    expect(describeOutcome(outcome, 1500)).toBe(
      'Imported 24 lines in 1.5 s: 7 sources, 5 claims, 9 stances, 3 links; 5 claims recomputed.',
    );
  });

  it('prints the problem and each wrong line, and fails', async () => {
    const file = join(dir, 'wrong.ndjson');
    writeFileSync(
      file,
      ndjson([
        { type: 'claim', statement: 'ok' },
        { type: 'claim', statement: 'A claim in red', colour: 'red' },
      ]),
    );
    const outcome = await importFile({ file, url, key: t.adminKey, out: captured() });
    expect(outcome).toMatchObject({ ok: false, status: 422 });
    expect(describeOutcome(outcome, 10).split('\n')).toEqual([
      'The server answered 422 IMPORT_INVALID: 2 errors in the file; nothing was imported.',
      '  line 1 statement: statement must be longer than or equal to 3 characters',
      '  line 2 colour: is not a known field',
    ]);
  });

  it('fails without a key', async () => {
    const file = join(dir, 'unauthorised.ndjson');
    writeFileSync(file, ndjson([{ type: 'claim', statement: 'Nobody may' }]));
    const outcome = await importFile({ file, url, out: captured() });
    expect(outcome).toMatchObject({ ok: false, status: 401 });
    expect(describeOutcome(outcome, 10)).toMatch(/^The server answered 401 UNAUTHENTICATED: /);
  });

  it('saves the export to a file', async () => {
    const file = join(dir, 'export.ndjson');
    const { createWriteStream } = await import('node:fs');
    const outcome = await exportFile({ url, key: t.adminKey, to: createWriteStream(file) });
    expect(outcome.ok).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe(await exportText(t));
  });
});
