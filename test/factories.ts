import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { expect } from 'vitest';
import { createClaimgraphClient, type ClaimgraphClient } from '../src/client/index.js';
import {
  loadWorkedExample,
  readWorkedExample,
  type WorkedExample,
} from '../src/scripts/worked-example.js';

/** The typed client, speaking to a test server that listens (the key proxy sends the admin key when `key` is left out). */
export function clientOf(http: Server, key?: string): ClaimgraphClient {
  const { port } = http.address() as AddressInfo;
  return createClaimgraphClient({ baseUrl: `http://127.0.0.1:${port}`, key });
}

let counter = 0;
const unique = (prefix: string): string =>
  `${prefix} ${++counter}-${Math.random().toString(36).slice(2, 8)}`;

/** Creates an API key with this name and role (the admin key asks); returns its id and secret. */
export async function createApiKey(
  http: Server,
  name: string,
  role: string,
): Promise<{ id: string; key: string }> {
  const res = await request(http).post('/v1/api-keys').send({ name, role });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { id: res.body.id as string, key: res.body.key as string };
}

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
  const ids = await loadWorkedExample(data, clientOf(http));
  return { ...ids, data };
}
