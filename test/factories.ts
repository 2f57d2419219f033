import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import request from 'supertest';
import { expect } from 'vitest';

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

export interface FoundingArticle {
  sources: { key: string; affiliatedWith?: string; [field: string]: unknown }[];
  claims: { key: string; [field: string]: unknown }[];
  stances: { claim: string; source: string; via?: string; [field: string]: unknown }[];
  links: { from: string; to: string; kind: string }[];
  expected: Record<
    string,
    {
      status: string;
      support: { groups: number; sources: number };
      refute: { groups: number; sources: number };
    }
  >;
}

export const foundingArticle = (): FoundingArticle =>
  JSON.parse(
    readFileSync(new URL('../fixtures/founding-article.json', import.meta.url), 'utf8'),
  ) as FoundingArticle;

/**
 * Loads the worked example through the API, in the order a person would: sources (parents before
 * the sources affiliated with them), claims, stances, links. Returns the ids by fixture key.
 */
export async function loadFoundingArticle(http: Server): Promise<{
  sources: Record<string, string>;
  claims: Record<string, string>;
  data: FoundingArticle;
}> {
  const data = foundingArticle();
  const sources: Record<string, string> = {};
  const claims: Record<string, string> = {};
  const pending = [...data.sources];
  while (pending.length > 0) {
    const i = pending.findIndex((s) => !s.affiliatedWith || sources[s.affiliatedWith]);
    const { key, affiliatedWith, ...fields } = pending.splice(i, 1)[0];
    const body = await createSource(http, {
      ...fields,
      ...(affiliatedWith && { affiliatedWithId: sources[affiliatedWith] }),
    });
    sources[key] = body.id;
  }
  for (const { key, ...fields } of data.claims) {
    claims[key] = (await createClaim(http, fields)).id;
  }
  for (const { claim, source, via, ...fields } of data.stances) {
    await addStance(http, claims[claim], {
      ...fields,
      sourceId: sources[source],
      ...(via && { viaSourceId: sources[via] }),
    });
  }
  for (const link of data.links) {
    const res = await request(http)
      .post(`/v1/claims/${claims[link.from]}/links`)
      .send({ toClaimId: claims[link.to], kind: link.kind });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  }
  return { sources, claims, data };
}
