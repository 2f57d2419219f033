import { readFileSync } from 'node:fs';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProblemError, ok } from '../src/client/index.js';
import {
  DOCUMENT_PATH,
  SCHEMA_PATH,
  renderDocument,
  renderSchema,
} from '../src/scripts/client-schema.js';
import type { OpenAPIObject } from '@nestjs/swagger';
import { clientOf } from './factories.js';
import { createTestApp, type TestApp } from './test-app.js';

const STALE = 'is stale: run `npm run client:generate` and commit the result';

/** The published document and the typed client generated from it (src/client/). */
describe('typed client', () => {
  let t: TestApp;
  let served: OpenAPIObject;

  beforeAll(async () => {
    t = await createTestApp();
    served = (await request(t.http).get('/docs-json').expect(200)).body;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('is generated from the document the server serves', async () => {
    expect(
      readFileSync(DOCUMENT_PATH, 'utf8') === renderDocument(served),
      `${DOCUMENT_PATH} ${STALE}`,
    ).toBe(true);
    const schema = await renderSchema(served);
    expect(readFileSync(SCHEMA_PATH, 'utf8') === schema, `${SCHEMA_PATH} ${STALE}`).toBe(true);
  });

  it('creates and reads through the API with typed paths, bodies and answers', async () => {
    const api = clientOf(t.http);
    const source = await ok(
      api.POST('/v1/sources', { body: { name: 'Typed Outlet', kind: 'outlet', reliability: 'B' } }),
    );
    expect(source).toMatchObject({ name: 'Typed Outlet', kind: 'outlet', reliability: 'B' });
    const claim = await ok(
      api.POST('/v1/claims', {
        body: {
          statement: 'The typed client reached the server',
          stances: [{ sourceId: source.id, kind: 'asserts' }],
        },
      }),
    );
    const read = await ok(api.GET('/v1/claims/{id}', { params: { path: { id: claim.id } } }));
    expect(read.id).toBe(claim.id);
    expect(read.support.sources).toBe(1);
    const [stored] = await t.db.query('SELECT statement FROM claims WHERE id = $1', [claim.id]);
    expect(stored.statement).toBe('The typed client reached the server');
  });

  it('throws the problem the server answered, with its stable code', async () => {
    const api = clientOf(t.http);
    const refusal = await ok(
      api.GET('/v1/claims/{id}', {
        params: { path: { id: '00000000-0000-4000-8000-000000000000' } },
      }),
    ).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ProblemError);
    expect((refusal as ProblemError).status).toBe(404);
    expect((refusal as ProblemError).problem?.code).toBe('CLAIM_NOT_FOUND');
    expect((refusal as ProblemError).message).toContain(
      '/v1/claims/00000000-0000-4000-8000-000000000000 answered 404 CLAIM_NOT_FOUND',
    );
  });

  it('sends its own key when given one, and answers 401 without a valid one', async () => {
    const stranger = clientOf(t.raw, 'cg_' + 'x'.repeat(43));
    const refusal = await ok(stranger.GET('/v1/claims')).catch((error: unknown) => error);
    expect((refusal as ProblemError).status).toBe(401);
    const admin = clientOf(t.raw, t.adminKey);
    const page = await ok(admin.GET('/v1/claims', { params: { query: { limit: 1 } } }));
    expect(Array.isArray(page.items)).toBe(true);
  });
});
