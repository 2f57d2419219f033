import type { Server } from 'node:http';
import request from 'supertest';
import { expect } from 'vitest';
import {
  loadWorkedExample,
  readWorkedExample,
  type WorkedExample,
} from '../src/scripts/worked-example.js';

let counter = 0;
const unique = (prefix: string): string =>
  `${prefix} ${++counter}-${Math.random().toString(36).slice(2, 8)}`;

/** Creates a source through the API and returns the response body. */
export async function createSource(
  http: Server,
  overrides: Record<string, unknown> = {},
): Promise<any> {
  const res = await request(http)
    .post('/v1/sources')
    .send({ name: unique('Source'), kind: 'person', ...overrides });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

/** Creates a claim (optionally with inline stances) through the API and returns the response body. */
export async function createClaim(
  http: Server,
  overrides: Record<string, unknown> = {},
): Promise<any> {
  const res = await request(http)
    .post('/v1/claims')
    .send({ statement: unique('A checkable claim'), ...overrides });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

export async function addStance(
  http: Server,
  claimId: string,
  body: Record<string, unknown>,
): Promise<any> {
  const res = await request(http).post(`/v1/claims/${claimId}/stances`).send(body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

export async function getClaim(http: Server, claimId: string): Promise<any> {
  const res = await request(http).get(`/v1/claims/${claimId}`);
  expect(res.status).toBe(200);
  return res.body;
}

export type FoundingArticle = WorkedExample;

export const foundingArticle = (): FoundingArticle => readWorkedExample();

/**
 * Loads the worked example through the API (see src/scripts/worked-example.ts), expecting each
 * record to be created. Returns the ids by fixture key.
 */
export async function loadFoundingArticle(http: Server): Promise<{
  sources: Record<string, string>;
  claims: Record<string, string>;
  data: FoundingArticle;
}> {
  const data = foundingArticle();
  const ids = await loadWorkedExample(data, async (path, body) => {
    const res = await request(http).post(path).send(body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return (res.body as { id: string }).id;
  });
  return { ...ids, data };
}
