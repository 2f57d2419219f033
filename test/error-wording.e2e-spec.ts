import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClaim, createSource } from './factories.js';
import { expectProblem } from './problem.js';
import { createTestApp, type TestApp } from './test-app.js';

/**
 * A refused request says how to fix it: the field it most likely meant, what is wrong with a URL,
 * what an import reference may be. `code` and `field` stay as machines read them.
 */
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});

afterAll(async () => {
  await t?.close();
});

const count = async (table: string): Promise<number> =>
  Number((await t.db.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n);

const messages = (res: request.Response): Record<string, string> =>
  Object.fromEntries(
    (res.body.errors as { field: string; message: string }[]).map((e) => [e.field, e.message]),
  );

describe('an unknown field', () => {
  it('names the field other tools call type, grade and affiliation, and stores nothing', async () => {
    const parent = await createSource(t.http, { name: 'A ministry', kind: 'government' });
    const before = await count('sources');
    const res = await request(t.http)
      .post('/v1/sources')
      .send({ name: 'A spokesman', type: 'person', grade: 'C', affiliation: parent.id });
    expectProblem(res, 400, 'VALIDATION_FAILED', ['type', 'grade', 'affiliation', 'kind']);
    expect(messages(res)).toMatchObject({
      type: 'is not a known field; did you mean `kind`?',
      grade: 'is not a known field; did you mean `reliability`?',
      affiliation: 'is not a known field; did you mean `affiliatedWithId`?',
    });
    expect(await count('sources')).toBe(before);
  });

  it('recognises a field written in snake case or misspelt, in bodies, nested stances and queries', async () => {
    const source = await createSource(t.http);
    const claim = await request(t.http)
      .post('/v1/claims')
      .send({
        statment: 'Misspelt',
        stances: [{ source_id: source.id, kind: 'asserts' }],
      });
    expectProblem(claim, 400, 'VALIDATION_FAILED');
    expect(messages(claim)).toMatchObject({
      statment: 'is not a known field; did you mean `statement`?',
      'stances[0].source_id': 'is not a known field; did you mean `sourceId`?',
    });

    const list = await request(t.http).get('/v1/claims?stauts=disputed');
    expectProblem(list, 400, 'VALIDATION_FAILED', ['stauts']);
    expect(messages(list).stauts).toBe('is not a known field; did you mean `status`?');
  });

  it('guesses nothing when no field is close', async () => {
    const res = await request(t.http)
      .post('/v1/sources')
      .send({ name: 'A source', kind: 'person', colour: 'red' });
    expectProblem(res, 400, 'VALIDATION_FAILED', ['colour']);
    expect(messages(res).colour).toBe('is not a known field');
  });
});

describe('a URL', () => {
  it.each([
    ['nytimes.com', 'url has no scheme: start it with https:// (or http://)'],
    [
      'ftp://files.example.org/a',
      'url must be a web address: its scheme is ftp, not http or https',
    ],
    ['https://', 'url is not a valid web address'],
    [`https://example.org/${'a'.repeat(2040)}`, 'url is too long: a URL may have at most 2048'],
    [`https://example.org/${'a'.repeat(3000)}`, 'url is too long: a URL may have at most 2048'],
  ])('%s: says what is wrong with it', async (url, words) => {
    const before = await count('sources');
    const res = await request(t.http)
      .post('/v1/sources')
      .send({ name: 'An outlet', kind: 'outlet', url });
    expectProblem(res, 400, 'VALIDATION_FAILED', ['url']);
    expect(messages(res).url).toContain(words);
    expect(await count('sources')).toBe(before);
  });

  it('on a stance, names its own field', async () => {
    const [claim, source] = [await createClaim(t.http), await createSource(t.http)];
    const res = await request(t.http)
      .post(`/v1/claims/${claim.id}/stances`)
      .send({ sourceId: source.id, kind: 'asserts', evidenceUrl: 'www.example.org/story' });
    expectProblem(res, 400, 'VALIDATION_FAILED', ['evidenceUrl']);
    expect(messages(res).evidenceUrl).toContain('evidenceUrl has no scheme');
  });
});

describe('an import reference', () => {
  it('says it may be the key of an earlier line or an id, whatever it is', async () => {
    const before = await count('stances');
    const lines = [
      { type: 'claim', key: 'c', statement: 'A claim to take stances on' },
      { type: 'source', key: 's', name: 'A source for references', kind: 'person' },
      { type: 'stance', claimId: 'c', sourceId: 42, kind: 'asserts' },
      { type: 'stance', claimId: 'c', sourceId: 'nobody', kind: 'asserts' },
    ];
    const res = await request(t.http)
      .post('/v1/import')
      .set('Content-Type', 'application/x-ndjson')
      .send(lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    expectProblem(res, 422, 'IMPORT_INVALID');
    expect(res.body.errors).toEqual([
      {
        line: 3,
        field: 'sourceId',
        message:
          'sourceId must be the key of an earlier line or the id of a stored record, as a string',
      },
      {
        line: 4,
        field: 'sourceId',
        message: 'no earlier line has the key "nobody", and it is not an id',
      },
    ]);
    expect(await count('stances')).toBe(before);
  });
});
