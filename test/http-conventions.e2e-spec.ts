import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClaim, createSource } from './factories.js';
import { createTestApp, type TestApp } from './test-app.js';
import { expectProblem } from './problem.js';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});

afterAll(async () => {
  await t?.close();
});

const api = () => request(t.http);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MIB = 1024 * 1024;

/** Counts rows in every table a POST could write to. */
async function storedCounts(): Promise<Record<string, number>> {
  const [row] = await t.db.query(
    `SELECT (SELECT count(*)::int FROM claims) AS claims, (SELECT count(*)::int FROM stances) AS stances,
            (SELECT count(*)::int FROM sources) AS sources`,
  );
  return { claims: Number(row.claims), stances: Number(row.stances), sources: Number(row.sources) };
}

/** Sends `raw` exactly as given, with the given Content-Type. */
function postRaw(path: string, raw: string, contentType = 'application/json') {
  return api().post(path).set('Content-Type', contentType).send(raw);
}

describe('request bodies', () => {
  it.each([
    ['malformed JSON', '{"statement": "A claim", ', 'application/json', 400, 'MALFORMED_JSON'],
    [
      'a JSON array',
      '[{"statement": "A claim in an array"}]',
      'application/json',
      400,
      'INVALID_BODY',
    ],
    ['a JSON string', '"A claim as a bare string"', 'application/json', 400, 'INVALID_BODY'],
    ['a JSON number', '42', 'application/json', 400, 'INVALID_BODY'],
    ['JSON null', 'null', 'application/json', 400, 'INVALID_BODY'],
    ['text/plain', 'A claim in plain text', 'text/plain', 415, 'UNSUPPORTED_MEDIA_TYPE'],
    [
      'a form',
      'statement=A+claim+in+a+form',
      'application/x-www-form-urlencoded',
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    ],
  ])(
    'answers %s with problem+json and stores nothing',
    async (_case, raw, contentType, status, code) => {
      const before = await storedCounts();

      const res = await postRaw('/v1/claims', raw, contentType);

      expectProblem(res, status, code);
      expect(await storedCounts()).toEqual(before);
    },
  );

  it('answers a body over 1 MiB with 413 PAYLOAD_TOO_LARGE and stores nothing', async () => {
    const before = await storedCounts();
    const raw = JSON.stringify({ statement: 'A claim', context: 'x'.repeat(MIB) });

    const res = await postRaw('/v1/claims', raw);

    expectProblem(res, 413, 'PAYLOAD_TOO_LARGE');
    expect(await storedCounts()).toEqual(before);
  });

  it('accepts a body just under 1 MiB as far as the validation rules', async () => {
    const raw = JSON.stringify({ statement: 'A claim', context: 'x'.repeat(MIB - 100) });

    const res = await postRaw('/v1/claims', raw);

    expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'context' }));
  });

  it('accepts application/json with a charset', async () => {
    const res = await postRaw(
      '/v1/claims',
      JSON.stringify({ statement: 'A claim with a charset' }),
      'application/json; charset=utf-8',
    );

    expect(res.status, JSON.stringify(res.body)).toBe(201);
  });

  it('names an unknown field in errors[].field', async () => {
    const before = await storedCounts();

    const res = await api()
      .post('/v1/claims')
      .send({ statement: 'A claim with an extra field', colour: 'red' });

    expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'colour' }));
    expect(await storedCounts()).toEqual(before);
  });

  it('names an unknown field inside an inline stance', async () => {
    const source = await createSource(t.http);

    const res = await api()
      .post('/v1/claims')
      .send({
        statement: 'A claim with a nested extra field',
        stances: [{ sourceId: source.id, kind: 'asserts', weight: 3 }],
      });

    expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'stances[0].weight' }));
  });

  it.each([
    ['statement', { statement: 123 }],
    ['tags', { statement: 'A claim with bad tags', tags: 'x' }],
    ['tags', { statement: 'A claim with bad tags', tags: [1, 2] }],
    ['occurredAt', { statement: 'A claim with a bad date', occurredAt: 20170920 }],
    ['stances', { statement: 'A claim with bad stances', stances: { sourceId: randomUUID() } }],
  ])('rejects a wrong type for %s with 400 and stores nothing', async (field, body) => {
    const before = await storedCounts();

    const res = await api().post('/v1/claims').send(body);

    expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field }));
    expect(await storedCounts()).toEqual(before);
  });
});

describe('prototype pollution', () => {
  const DANGEROUS_BODIES = [
    [
      '__proto__ at the top of a claim',
      'post',
      '{"statement": "A claim with a proto", "__proto__": {"polluted": "yes"}}',
    ],
    [
      'constructor at the top of a claim',
      'post',
      '{"statement": "A claim with a constructor", "constructor": {"prototype": {"polluted": "yes"}}}',
    ],
    [
      '__proto__ in an inline stance',
      'post',
      '{"statement": "A claim with a nested proto", "stances": [{"sourceId": "SOURCE_ID", "kind": "asserts", "__proto__": {"polluted": "yes"}}]}',
    ],
    [
      '__proto__ in a claim PATCH',
      'patch',
      '{"__proto__": {"polluted": "yes"}, "context": "patched"}',
    ],
    [
      'constructor in a claim PATCH',
      'patch',
      '{"constructor": {"prototype": {"polluted": "yes"}}, "context": "patched"}',
    ],
  ] as const;

  /** Sends one of the bodies above (POST /v1/claims, or PATCH of a fresh claim); `before` counts rows just before. */
  async function sendDangerous(method: 'post' | 'patch', raw: string) {
    const claimId: string = (await createClaim(t.http)).id;
    const body = raw.replace('SOURCE_ID', (await createSource(t.http)).id);
    const before = await storedCounts();
    const res =
      method === 'post'
        ? await postRaw('/v1/claims', body)
        : await api()
            .patch(`/v1/claims/${claimId}`)
            .set('Content-Type', 'application/json')
            .send(body);
    return { res, claimId, before };
  }

  it.each(DANGEROUS_BODIES)(
    'rejects %s as an unknown field with 400 and stores nothing',
    async (_case, method, raw) => {
      const { res, claimId, before } = await sendDangerous(method, raw);

      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(await storedCounts()).toEqual(before);
      expect(
        (await t.db.query('SELECT context, version FROM claims WHERE id = $1', [claimId]))[0],
      ).toEqual({ context: null, version: 1 });
    },
  );

  it.each(DANGEROUS_BODIES)(
    'never answers %s with a 500, nor pollutes Object.prototype',
    async (_case, method, raw) => {
      const { res } = await sendDangerous(method, raw);

      expect(res.status).toBeLessThan(500);
      expect(({} as any).polluted).toBeUndefined();
      expect((Object.prototype as any).polluted).toBeUndefined();
      expect(Object.getPrototypeOf({})).toBe(Object.prototype);
    },
  );

  it('rejects a source body with __proto__ with 400 and stores nothing', async () => {
    const before = await storedCounts();

    const res = await postRaw(
      '/v1/sources',
      '{"name": "Proto", "kind": "person", "__proto__": {"reliability": "A"}}',
    );

    expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(({} as any).reliability).toBeUndefined();
    expect(await storedCounts()).toEqual(before);
  });
});

describe('ids and routes', () => {
  it.each([
    ['GET', '/v1/claims/not-a-uuid'],
    ['PATCH', '/v1/claims/123'],
    ['DELETE', '/v1/claims/zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz'],
    ['GET', '/v1/stances/not-a-uuid'],
    ['GET', '/v1/claims/not-a-uuid/stances'],
    ['GET', '/v1/claims/not-a-uuid/corroboration'],
    ['GET', '/v1/sources/not-a-uuid/stances'],
  ])('answers %s %s with 400 INVALID_ID', async (method, path) => {
    const req = api()[method.toLowerCase() as 'get' | 'patch' | 'delete'](path);

    const res = method === 'PATCH' ? await req.send({ context: 'x' }) : await req;

    expectProblem(res, 400, 'INVALID_ID');
  });

  it.each([
    ['GET', '/v1/nothing-here'],
    ['GET', '/v2/claims'],
    ['POST', '/v1/claims/stances'],
    // `/` is the console's page; nothing else outside /v1 is served.
    ['GET', '/index.html'],
  ])('answers %s %s with 404 ROUTE_NOT_FOUND', async (method, path) => {
    const res = method === 'POST' ? await api().post(path).send({}) : await api().get(path);

    expectProblem(res, 404, 'ROUTE_NOT_FOUND');
  });
});

describe('X-Request-Id', () => {
  it('is on a successful response', async () => {
    const res = await api().get('/v1/claims');

    expect(res.status).toBe(200);
    expect(res.headers['x-request-id']).toMatch(UUID);
  });

  it('is on an error response, equal to the problem body’s requestId', async () => {
    const res = await api().get(`/v1/claims/${randomUUID()}`);

    expectProblem(res, 404, 'CLAIM_NOT_FOUND');
    expect(res.headers['x-request-id']).toMatch(UUID);
  });

  it('is on a 204 and on a 413', async () => {
    const claim = await createClaim(t.http);
    const deleted = await api().delete(`/v1/claims/${claim.id}`);
    expect(deleted.status).toBe(204);
    expect(deleted.headers['x-request-id']).toMatch(UUID);

    const tooLarge = await postRaw(
      '/v1/claims',
      JSON.stringify({ statement: 'x'.repeat(MIB + 1) }),
    );
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.headers['x-request-id']).toMatch(UUID);
  });

  it('differs from one request to the next', async () => {
    const a = await api().get('/health');
    const b = await api().get('/health');

    expect(a.headers['x-request-id']).not.toBe(b.headers['x-request-id']);
  });

  it("echoes the caller's id, in the header and in problem bodies", async () => {
    const ok = await api().get('/v1/claims').set('X-Request-Id', 'abc-123');
    expect(ok.status).toBe(200);
    expect(ok.headers['x-request-id']).toBe('abc-123');

    const problem = await api().get(`/v1/claims/${randomUUID()}`).set('X-Request-Id', 'abc-123');
    expectProblem(problem, 404, 'CLAIM_NOT_FOUND');
    expect(problem.headers['x-request-id']).toBe('abc-123');
    expect(problem.body.requestId).toBe('abc-123');

    const malformed = await postRaw('/v1/claims', '{').set('X-Request-Id', 'abc-123');
    expectProblem(malformed, 400, 'MALFORMED_JSON');
    expect(malformed.body.requestId).toBe('abc-123');
  });

  it.each([
    ['with spaces', 'abc 123'],
    ['of 300 characters', 'a'.repeat(300)],
    ['with markup', '<script>alert(1)</script>'],
    ['with a CRLF-free header injection attempt', 'abc;Set-Cookie=x'],
  ])('replaces an unsafe caller id %s with a generated one', async (_case, unsafe) => {
    const res = await api().get(`/v1/claims/${randomUUID()}`).set('X-Request-Id', unsafe);

    expectProblem(res, 404);
    expect(res.headers['x-request-id']).not.toBe(unsafe);
    expect(res.headers['x-request-id']).toMatch(UUID);
    expect(res.body.requestId).toBe(res.headers['x-request-id']);
  });
});

describe('problem bodies', () => {
  let claimId: string;

  beforeAll(async () => {
    claimId = (await createClaim(t.http)).id;
    await api().patch(`/v1/claims/${claimId}`).send({ context: 'now at version 2' }).expect(200);
  });

  const errors: [string, number, string, () => request.Test][] = [
    ['validation', 400, 'VALIDATION_FAILED', () => api().post('/v1/claims').send({ statement: 1 })],
    ['bad id', 400, 'INVALID_ID', () => api().get('/v1/claims/nope')],
    ['bad cursor', 400, 'INVALID_CURSOR', () => api().get('/v1/claims').query({ cursor: 'nope' })],
    [
      'bad If-Match',
      400,
      'INVALID_IF_MATCH',
      () =>
        api().patch(`/v1/claims/${claimId}`).set('If-Match', 'yesterday').send({ context: 'x' }),
    ],
    [
      'bad consistency token',
      400,
      'INVALID_CONSISTENCY_TOKEN',
      () => api().get(`/v1/claims/${claimId}`).set('Claimgraph-Consistency', 'yesterday'),
    ],
    ['missing claim', 404, 'CLAIM_NOT_FOUND', () => api().get(`/v1/claims/${randomUUID()}`)],
    ['missing route', 404, 'ROUTE_NOT_FOUND', () => api().get('/v1/nope')],
    [
      'stale If-Match',
      412,
      'VERSION_MISMATCH',
      () => api().patch(`/v1/claims/${claimId}`).set('If-Match', '"1"').send({ context: 'x' }),
    ],
    [
      'wrong media type',
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      () => postRaw('/v1/sources', 'name', 'text/plain'),
    ],
    [
      'missing source',
      422,
      'STANCE_SOURCE_NOT_FOUND',
      () =>
        api()
          .post(`/v1/claims/${claimId}/stances`)
          .send({ sourceId: randomUUID(), kind: 'asserts' }),
    ],
  ];

  it.each(errors)(
    'a %s error has type, title, status, detail, code and requestId',
    async (_case, status, code, send) => {
      const res = await send();

      expectProblem(res, status, code);
      expect(res.body.type).toMatch(/\S/);
      expect(
        Object.keys(res.body).every((k) =>
          ['type', 'title', 'status', 'detail', 'code', 'errors', 'requestId'].includes(k),
        ),
      ).toBe(true);
    },
  );

  it('lists field errors as { field, message }', async () => {
    const res = await api().post('/v1/claims').send({ statement: 'ab', tags: 'x', colour: 'red' });

    expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(res.body.errors.length).toBeGreaterThanOrEqual(3);
    for (const e of res.body.errors) {
      expect(e).toEqual({ field: expect.any(String), message: expect.stringMatching(/\S/) });
    }
    expect(res.body.errors.map((e: any) => e.field)).toEqual(
      expect.arrayContaining(['statement', 'tags', 'colour']),
    );
  });
});

describe('OpenAPI document and Swagger UI', () => {
  let doc: any;

  beforeAll(async () => {
    const res = await api().get('/docs-json');
    expect(res.status).toBe(200);
    doc = res.body;
  });

  /** Every operation under /v1 and /health, as `METHOD path`. */
  const operations = (): [string, any][] =>
    Object.entries(doc.paths as Record<string, Record<string, any>>)
      .filter(([path]) => path.startsWith('/v1/') || path === '/v1' || path === '/health')
      .flatMap(([path, item]) =>
        Object.entries(item)
          .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
          .map(([method, op]): [string, any] => [`${method.toUpperCase()} ${path}`, op]),
      );

  it('is an OpenAPI 3 document', () => {
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
  });

  it('describes the routes of docs/design.md §4', () => {
    const names = operations().map(([name]) => name);

    expect(names).toEqual(
      expect.arrayContaining([
        'POST /v1/sources',
        'GET /v1/sources',
        'GET /v1/sources/{id}',
        'PATCH /v1/sources/{id}',
        'DELETE /v1/sources/{id}',
        'POST /v1/claims',
        'GET /v1/claims',
        'GET /v1/claims/{id}',
        'PATCH /v1/claims/{id}',
        'DELETE /v1/claims/{id}',
        'POST /v1/claims/{id}/stances',
        'GET /v1/claims/{id}/stances',
        'GET /v1/stances/{id}',
        'PATCH /v1/stances/{id}',
        'DELETE /v1/stances/{id}',
        'GET /v1/claims/{id}/corroboration',
        'POST /v1/claims/{id}/links',
        'GET /v1/claims/{id}/links',
        'DELETE /v1/links/{id}',
        'GET /v1/sources/{id}/stances',
        'GET /health',
      ]),
    );
  });

  it('gives every operation a summary', () => {
    const missing = operations()
      .filter(([, op]) => typeof op.summary !== 'string' || op.summary.trim() === '')
      .map(([name]) => name);

    expect(missing).toEqual([]);
  });

  it('gives every operation a unique operationId', () => {
    const ops = operations();
    const missing = ops
      .filter(([, op]) => typeof op.operationId !== 'string' || op.operationId === '')
      .map(([name]) => name);
    const ids = ops.map(([, op]) => op.operationId);

    expect(missing).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('gives every operation a 2xx response with a schema, or a 204', () => {
    const hasTypedSuccess = (op: any): boolean =>
      Object.entries(op.responses ?? {}).some(
        ([status, response]: [string, any]) =>
          status === '204' ||
          (/^2\d\d$/.test(status) &&
            Object.values(response.content ?? {}).some(
              (media: any) => media?.schema !== undefined,
            )),
      );

    const missing = operations()
      .filter(([, op]) => !hasTypedSuccess(op))
      .map(([name]) => name);

    expect(missing).toEqual([]);
  });

  it('serves Swagger UI at /docs', async () => {
    const res = await api().get('/docs').redirects(2);

    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toMatch(/swagger/i);
  });
});

describe('GET /health', () => {
  it('answers 200 with the database up', async () => {
    const res = await api().get('/health');

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
    expect(res.headers['x-request-id']).toMatch(UUID);
  });
});

describe('text, dates and caching that once slipped through', () => {
  it.each([
    ['occurredAt', '2017-02-30'],
    ['occurredAt', '2017-02-31T24:00:00Z'],
    ['occurredAt', '2017-10-29T08:60:00Z'],
    ['occurredAt', '2017-13-01'],
  ])('refuses the impossible date %s=%s instead of rolling it forward', async (field, value) => {
    const before = await storedCounts();
    const res = await api()
      .post('/v1/claims')
      .send({ statement: 'A dated claim', [field]: value });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field })]);
    expect(await storedCounts()).toEqual(before);
  });

  it('accepts the last day of February in a leap year', async () => {
    const res = await api()
      .post('/v1/claims')
      .send({ statement: 'A leap-day claim', occurredAt: '2016-02-29' });
    expect(res.status).toBe(201);
    expect(res.body.occurredAt).toBe('2016-02-29T00:00:00.000Z');
  });

  it('refuses asOf on an impossible date', async () => {
    const claim = await createClaim(t.http);
    const res = await api()
      .get(`/v1/claims/${claim.id}/corroboration`)
      .query({ asOf: '2017-02-30' });
    expect(res.status).toBe(400);
  });

  it('refuses a cursor whose timestamp PostgreSQL would choke on', async () => {
    const cursor = Buffer.from(
      JSON.stringify({ s: '-updatedAt', v: ['Tue, 1 Jan 2019 00:00:00 GMT+9999', randomUUID()] }),
    ).toString('base64url');
    const res = await api().get('/v1/claims').query({ cursor });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('INVALID_CURSOR');
  });

  it.each([
    ['a NUL character', 'bad\u0000name'],
    ['an unpaired surrogate', 'bad\ud83dname'],
  ])('refuses %s in a body string, naming the field', async (_what, name) => {
    const before = await storedCounts();
    const res = await api()
      .post('/v1/sources')
      .set('content-type', 'application/json')
      .send(JSON.stringify({ name, kind: 'person' }));
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'name' }] });
    expect(await storedCounts()).toEqual(before);
  });

  it('refuses a NUL character in a query string', async () => {
    const res = await api().get('/v1/claims?q=%00');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'q' }] });
  });

  it('refuses a compressed body with 415', async () => {
    const res = await api()
      .post('/v1/sources')
      .set('content-type', 'application/json')
      .set('content-encoding', 'gzip')
      .send(Buffer.from('not really gzip'));
    expect(res.status).toBe(415);
  });

  it.each([['0x10'], [' 1'], ['1e2']])('refuses limit=%s', async (limit) => {
    const res = await api().get('/v1/claims').query({ limit });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { field: 'limit', message: expect.stringMatching(/integer/) },
    ]);
  });

  it('reports the wrong type before the wrong size', async () => {
    const res = await api().post('/v1/claims').send({ statement: 'Typed claim', tags: 'abc' });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'tags', message: 'tags must be an array' }]);
  });

  it('never answers 304 with a claim whose status has since changed', async () => {
    const source = await createSource(t.http);
    const claim = await createClaim(t.http);
    const first = await api().get(`/v1/claims/${claim.id}`);
    await api()
      .post(`/v1/claims/${claim.id}/stances`)
      .send({ sourceId: source.id, kind: 'asserts' })
      .expect(201);
    const again = await api()
      .get(`/v1/claims/${claim.id}`)
      .set('If-None-Match', first.headers['etag']);
    expect(again.status).toBe(200);
    expect(again.body.status).toBe('unverified');
    expect(again.headers['etag']).not.toBe(first.headers['etag']);
  });

  it('gives a source a new version when its parent moves it to another group', async () => {
    const government = await createSource(t.http, { kind: 'government' });
    const ministry = await createSource(t.http, { kind: 'government' });
    const spokesman = await createSource(t.http, { affiliatedWithId: ministry.id });
    await api()
      .patch(`/v1/sources/${ministry.id}`)
      .send({ affiliatedWithId: government.id })
      .expect(200);
    const moved = await api().get(`/v1/sources/${spokesman.id}`);
    expect(moved.body).toMatchObject({
      independenceGroupId: government.id,
      version: spokesman.version + 1,
    });
  });
});

describe('requests refused before routing', () => {
  it('answers a URL over 16 KiB with a 431 problem', async () => {
    const res = await fetch(
      `http://127.0.0.1:${(t.raw.address() as { port: number }).port}/v1/claims?q=${'x'.repeat(20_000)}`,
    );
    expect(res.status).toBe(431);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const problem = (await res.json()) as { requestId: string };
    expect(problem).toMatchObject({ status: 431, code: 'HEADERS_TOO_LARGE' });
    // The caller's headers were never read, so the answer names an id of its own, in both places.
    expect(problem.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get('x-request-id')).toBe(problem.requestId);
  });
});
