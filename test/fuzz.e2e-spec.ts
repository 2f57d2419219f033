/**
 * Bad input at scale: thousands of generated malformed and hostile requests at every write and list
 * endpoint (and the corroboration `asOf`), each checked for
 *   - never a 5xx (nor a dropped connection),
 *   - every 4xx an application/problem+json body with a SCREAMING_SNAKE `code`, `status` equal to
 *     the HTTP status and the response's `requestId`,
 *   - the database unchanged by every rejected (4xx) request.
 *
 * Requests are sent one at a time, as the admin, so a fingerprint of every table taken after each
 * request is the "before" of the next. Volume: FUZZ_RUNS (default 3000) spread over the endpoints
 * by weight; FUZZ_SEED replays a run (endpoint i uses FUZZ_SEED + i; the seed is printed at the end,
 * and fast-check prints the seed, path and shrunk request of any failure); FUZZ_VERBOSE=1 prints
 * every request and answer.
 *
 * Out of scope: URLs over Node's 16 KB header limit are answered 431 by Node's HTTP parser itself,
 * before the app (no body, no problem+json), so generated query values and path ids are kept under
 * 6 KB encoded (`encodeBounded`).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '../src/api-keys/api-key.entity.js';
import { CLAIM_SORTS } from '../src/claims/dto/claim.dto.js';
import {
  CLAIM_STATUSES,
  RELIABILITY_GRADES,
  STANCE_KINDS,
} from '../src/corroboration/status.rules.js';
import { LINK_KINDS } from '../src/links/claim-link.entity.js';
import { LINK_DIRECTIONS } from '../src/links/dto/link.dto.js';
import { SOURCE_KINDS } from '../src/sources/source.entity.js';
import { createClaim, createSource } from './factories.js';
import {
  BAD_DATES,
  BAD_NUMBERS,
  BAD_URLS,
  BAD_UUIDS,
  CONTENT_TYPES,
  GOOD_DATES,
  IF_MATCH,
  SQL_FRAGMENTS,
  SCRIPT_FRAGMENTS,
  cursor,
  encodeBounded,
  headerValue,
  hostileString,
  json,
  junkBody,
  objectOf,
  pathId,
  queryString,
  toJsonText,
  type Body,
  type CursorValueKind,
  type FieldSpec,
} from './fuzz.arbitraries.js';
import { createTestApp, type TestApp } from './test-app.js';

const RUNS = Math.max(1, Number(process.env.FUZZ_RUNS ?? 3000) || 3000);
const BASE_SEED =
  process.env.FUZZ_SEED !== undefined
    ? Number(process.env.FUZZ_SEED)
    : Math.floor(Math.random() * 2 ** 31);
const REQUEST_TIMEOUT_MS = 30_000;
/** FUZZ_VERBOSE=1 prints every request and its answer. */
const VERBOSE = Boolean(process.env.FUZZ_VERBOSE);

let t: TestApp;
const stats = {
  requests: 0,
  byOutcome: new Map<string, number>(),
  byEndpoint: new Map<string, number>(),
};

// ---------------------------------------------------------------------------------------------
// Sending exactly the bytes generated
// ---------------------------------------------------------------------------------------------

interface FuzzRequest {
  endpoint: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Body;
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

let agent: http.Agent;

/**
 * A raw HTTP request, so no client library rewrites the path or body, sent as the admin: with the
 * same `Authorization` header the key proxy (`t.http`) would add, but straight to the app. The
 * proxy keeps piping a body the app has already refused (a 1 MiB+ body answered 415 or 413), then
 * destroys the client connection, so the *next* request on it fails with ECONNRESET after a
 * multi-second stall; talking to the app directly tests the app, not that.
 */
function send(req: FuzzRequest): Promise<Answer> {
  const { port } = t.raw.address() as AddressInfo;
  stats.requests++;
  stats.byEndpoint.set(req.endpoint, (stats.byEndpoint.get(req.endpoint) ?? 0) + 1);
  const body =
    req.body === undefined
      ? undefined
      : typeof req.body === 'string'
        ? Buffer.from(req.body, 'utf8')
        : req.body;
  const headers: Record<string, string> = { authorization: `Bearer ${t.adminKey}`, ...req.headers };
  if (body !== undefined) headers['content-length'] = String(body.length);
  return new Promise((resolve, reject) => {
    let answered = false;
    const r = http.request(
      { host: '127.0.0.1', port, method: req.method, path: req.path, headers, agent },
      (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    r.setTimeout(REQUEST_TIMEOUT_MS, () =>
      r.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)),
    );
    r.on('error', (err) => {
      // The server may answer (413, 415) and close before reading a large body: that is fine.
      if (!answered) reject(err);
    });
    r.end(body);
  });
}

// ---------------------------------------------------------------------------------------------
// Database fingerprint
// ---------------------------------------------------------------------------------------------

/**
 * The tables every request is checked against: these, plus any other table of the schema (history,
 * audit, reviews, whatever later migrations add), found at start. `idempotency_records` too: a
 * rejected POST gives its Idempotency-Key back (the interceptor releases it), so it must leave no
 * record either.
 */
const TABLES = ['sources', 'claims', 'stances', 'claim_links', 'api_keys', 'idempotency_records'];
let tables: string[] = TABLES;

async function discoverTables(): Promise<string[]> {
  const rows: { name: string }[] = await t.db.query(
    `SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> 'schema_migrations'`,
  );
  const found = rows.map((r) => r.name);
  for (const table of TABLES) expect(found, `table ${table}`).toContain(table);
  return [...TABLES, ...found.filter((name) => !TABLES.includes(name)).sort()];
}

/**
 * Row count and a hash of every row's full text, per table: any insert, update or delete shows.
 * Rows are hashed and the hashes sorted, so no table needs a particular key.
 */
async function fingerprint(db: Pick<DataSource, 'query'> = t.db): Promise<Record<string, string>> {
  const [row] = await db.query(
    `SELECT ${tables
      .map(
        (table) =>
          `(SELECT count(*)::text || ' ' || coalesce(md5(string_agg(h, '' ORDER BY h)), '-')
              FROM (SELECT md5(t::text) AS h FROM "${table}" t) rows) AS "${table}"`,
      )
      .join(', ')}`,
  );
  return row as Record<string, string>;
}

// ---------------------------------------------------------------------------------------------
// The property
// ---------------------------------------------------------------------------------------------

const clip = (s: string, n = 600): string =>
  s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s;

function describeRequest(req: FuzzRequest): string {
  const body =
    req.body === undefined
      ? ''
      : typeof req.body === 'string'
        ? clip(JSON.stringify(req.body))
        : `<${req.body.length} bytes: ${clip(req.body.toString('hex'), 200)}>`;
  return `${req.method} ${clip(req.path, 400)} ${JSON.stringify(req.headers)} ${body}`;
}

let current: Record<string, string> | undefined;

async function exercise(req: FuzzRequest): Promise<void> {
  const before = current ?? (await fingerprint());
  let res: Answer;
  try {
    res = await send(req);
  } catch (err) {
    current = await fingerprint();
    throw new Error(`no HTTP answer (${String(err)}) to ${describeRequest(req)}`, { cause: err });
  }
  const after = await fingerprint();
  current = after;

  let problem: any;
  const isProblem = /^application\/problem\+json/.test(String(res.headers['content-type'] ?? ''));
  if (isProblem) {
    try {
      problem = JSON.parse(res.text);
    } catch {
      problem = undefined;
    }
  }
  const outcome = `${res.status}${problem?.code ? ` ${problem.code}` : ''}`;
  stats.byOutcome.set(outcome, (stats.byOutcome.get(outcome) ?? 0) + 1);

  const context = `${describeRequest(req)}\n→ ${res.status} ${String(res.headers['content-type'])} ${clip(res.text)}`;
  if (VERBOSE) console.log(clip(context, 1500));
  expect(res.status, `5xx: ${context}`).toBeLessThan(500);
  if (res.status >= 400) {
    expect(isProblem, `4xx without application/problem+json: ${context}`).toBe(true);
    expect(problem, `unparseable problem body: ${context}`).toBeTypeOf('object');
    expect(problem.code, `problem code: ${context}`).toMatch(/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/);
    expect(problem.status, `problem status: ${context}`).toBe(res.status);
    expect(problem.requestId, `problem requestId: ${context}`).toBeTypeOf('string');
    expect(problem.requestId, `problem requestId vs X-Request-Id: ${context}`).toBe(
      res.headers['x-request-id'],
    );
    expect(after, `rejected request changed the database: ${context}`).toEqual(before);
  }
}

// ---------------------------------------------------------------------------------------------
// Endpoints
// ---------------------------------------------------------------------------------------------

interface Seeds {
  sources: string[];
  /** A source with no stances: deletable (once). */
  lonelySource: string;
  claims: string[];
  stances: string[];
  links: string[];
  keys: string[];
  cursors: Record<string, string[]>;
}

let seeds: Seeds;

interface Endpoint {
  name: string;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Path with `{id}` for the generated id segment. */
  path: string;
  /** Which seeded ids are "own" for `{id}`. */
  ids?: () => string[];
  body?: () => FieldSpec[];
  query?: () => Record<string, fc.Arbitrary<string>>;
  weight: number;
}

const enumOf = (values: readonly string[], near: string[] = []): fc.Arbitrary<string> =>
  fc.oneof(
    { arbitrary: fc.constantFrom(...values), weight: 3 },
    { arbitrary: fc.constantFrom(...values).map((v) => v.toUpperCase()), weight: 1 },
    { arbitrary: hostileString({ maxLength: 3000, extra: near }), weight: 3 },
  );
const ALL_ENUMS = [
  ...SOURCE_KINDS,
  ...STANCE_KINDS,
  ...LINK_KINDS,
  ...ROLES,
  ...RELIABILITY_GRADES,
  ...CLAIM_STATUSES,
  ...CLAIM_SORTS,
  ...LINK_DIRECTIONS,
];

/** Valid-looking strings that are still hostile: SQL, markup and odd Unicode inside the length limits. */
const text = (min: number, max: number): fc.Arbitrary<string> =>
  fc.oneof(
    {
      arbitrary: fc
        .string({ minLength: min, maxLength: Math.min(max, 40) })
        .map((s) => `Fuzz ${s}`.slice(0, max)),
      weight: 2,
    },
    {
      arbitrary: fc
        .constantFrom(...SQL_FRAGMENTS, ...SCRIPT_FRAGMENTS)
        .map((s) => `${s}${'x'.repeat(Math.max(0, min - s.length))}`.slice(0, max)),
      weight: 3,
    },
    {
      arbitrary: fc.string({ unit: 'binary', minLength: min, maxLength: Math.min(max, 40) }),
      weight: 1,
    },
    {
      arbitrary: fc
        .constantFrom('x', "'", '\\')
        .chain((c) => fc.integer({ min, max }).map((n) => c.repeat(n))),
      weight: 1,
    },
  );
const nullable = (a: fc.Arbitrary<unknown>) =>
  fc.oneof({ arbitrary: a, weight: 4 }, fc.constant(null)).map(json);
const idOf = (ids: () => string[]) =>
  fc.oneof(
    fc.constantFrom(...ids()),
    fc.constantFrom(...ids()).map((id) => id.toUpperCase()),
  );
const url = fc.constantFrom(
  'https://example.org/a',
  'http://example.org/?q=1&r=%27',
  'https://x.example/<script>',
);

const sourceFields = (create: boolean): FieldSpec[] => [
  { name: 'name', required: create, valid: text(1, 200).map(json) },
  {
    name: 'kind',
    required: create,
    valid: fc.constantFrom(...SOURCE_KINDS).map(json),
    near: ALL_ENUMS,
  },
  { name: 'description', valid: nullable(text(0, 2000)) },
  { name: 'aliases', valid: fc.array(text(1, 200), { maxLength: 3 }).map(json) },
  { name: 'url', valid: nullable(url), near: BAD_URLS },
  {
    name: 'affiliatedWithId',
    valid: nullable(idOf(() => seeds.sources)),
    near: [...BAD_UUIDS, ...seeds.claims],
  },
  { name: 'reliability', valid: fc.constantFrom(...RELIABILITY_GRADES).map(json), near: ALL_ENUMS },
];

const stanceFields = (create: boolean): FieldSpec[] => [
  ...(create
    ? [
        {
          name: 'sourceId',
          required: true,
          valid: idOf(() => seeds.sources).map(json),
          near: [...BAD_UUIDS, ...seeds.claims],
        },
      ]
    : []),
  {
    name: 'kind',
    required: create,
    valid: fc.constantFrom(...STANCE_KINDS).map(json),
    near: ALL_ENUMS,
  },
  { name: 'statedAt', valid: fc.constantFrom(...GOOD_DATES).map(json), near: BAD_DATES },
  { name: 'quote', valid: nullable(text(0, 5000)) },
  { name: 'evidenceUrl', valid: nullable(url), near: BAD_URLS },
  {
    name: 'viaSourceId',
    valid: nullable(idOf(() => seeds.sources)),
    near: [...BAD_UUIDS, ...seeds.stances],
  },
  { name: 'note', valid: nullable(text(0, 5000)) },
];

const claimFields = (create: boolean): FieldSpec[] => [
  { name: 'statement', required: create, valid: text(3, 2000).map(json) },
  { name: 'context', valid: nullable(text(0, 10_000)) },
  { name: 'tags', valid: fc.array(text(1, 64), { maxLength: 4 }).map(json) },
  { name: 'occurredAt', valid: nullable(fc.constantFrom(...GOOD_DATES)), near: BAD_DATES },
  {
    name: 'language',
    valid: fc.constantFrom('en', 'fa', 'pt-BR', 'zh-Hant-TW').map(json),
    near: ['', 'xx-', 'en_US', 'a'.repeat(36), 'i-klingon', 'x-private', 'EN', 'und'],
  },
  ...(create
    ? [
        {
          name: 'stances',
          // Each inline stance valid or hostile in its own right.
          valid: fc
            .array(
              fc.oneof(
                { arbitrary: objectOf(stanceFields(true), { maxMutations: 0 }), weight: 2 },
                objectOf(stanceFields(true), { minMutations: 1, maxMutations: 2 }),
              ),
              {
                maxLength: 4,
              },
            )
            .map((arr) => ({ arr })),
        },
      ]
    : []),
];

const linkFields = (): FieldSpec[] => [
  {
    name: 'toClaimId',
    required: true,
    valid: idOf(() => seeds.claims).map(json),
    near: [...BAD_UUIDS, ...seeds.sources],
  },
  {
    name: 'kind',
    required: true,
    valid: fc.constantFrom(...LINK_KINDS).map(json),
    near: ALL_ENUMS,
  },
  { name: 'note', valid: nullable(text(0, 2000)) },
];

const keyFields = (): FieldSpec[] => [
  { name: 'name', required: true, valid: text(1, 200).map(json) },
  {
    name: 'role',
    required: true,
    valid: fc.constantFrom(...ROLES).map(json),
    near: [...ALL_ENUMS, 'root', 'superuser', 'Admin'],
  },
];

const limit = (): fc.Arbitrary<string> =>
  fc.oneof(
    { arbitrary: fc.constantFrom('1', '2', '50', '200'), weight: 2 },
    { arbitrary: fc.constantFrom(...BAD_NUMBERS), weight: 4 },
    { arbitrary: hostileString({ maxLength: 3000 }), weight: 1 },
  );
const page = (cursors: string, sorts: string[], shapes: CursorValueKind[][]) => ({
  limit: limit(),
  cursor: cursor(sorts, seeds.cursors[cursors] ?? [], shapes),
});
const STANCE_SHAPE: CursorValueKind[] = ['timestamp', 'timestamp', 'number'];
const search = (): fc.Arbitrary<string> =>
  fc.oneof(text(1, 30), hostileString({ maxLength: 3000 }));
const dates = (): fc.Arbitrary<string> =>
  fc.oneof(
    { arbitrary: fc.constantFrom(...GOOD_DATES, ...BAD_DATES), weight: 4 },
    hostileString({ maxLength: 3000 }),
  );
const uuidParam = (ids: () => string[]): fc.Arbitrary<string> =>
  fc.oneof(idOf(ids), fc.uuid(), hostileString({ maxLength: 3000, extra: BAD_UUIDS }));

const STANCE_SORTS = ['history', 'effective', 'source'];
const LINK_SORTS = LINK_DIRECTIONS.flatMap((d) =>
  [...LINK_KINDS, 'all'].map((k) => `links-${d}-${k}`),
);

const ENDPOINTS: Endpoint[] = [
  {
    name: 'POST /v1/sources',
    method: 'POST',
    path: '/v1/sources',
    body: () => sourceFields(true),
    weight: 3,
  },
  {
    name: 'PATCH /v1/sources/{id}',
    method: 'PATCH',
    path: '/v1/sources/{id}',
    ids: () => seeds.sources,
    body: () => sourceFields(false),
    weight: 3,
  },
  {
    name: 'DELETE /v1/sources/{id}',
    method: 'DELETE',
    path: '/v1/sources/{id}',
    ids: () => [...seeds.sources, seeds.lonelySource],
    weight: 1,
  },
  {
    name: 'POST /v1/claims',
    method: 'POST',
    path: '/v1/claims',
    body: () => claimFields(true),
    weight: 5,
  },
  {
    name: 'PATCH /v1/claims/{id}',
    method: 'PATCH',
    path: '/v1/claims/{id}',
    ids: () => seeds.claims,
    body: () => claimFields(false),
    weight: 3,
  },
  {
    name: 'POST /v1/claims/{id}/stances',
    method: 'POST',
    path: '/v1/claims/{id}/stances',
    ids: () => seeds.claims,
    body: () => stanceFields(true),
    weight: 3,
  },
  {
    name: 'PATCH /v1/stances/{id}',
    method: 'PATCH',
    path: '/v1/stances/{id}',
    ids: () => seeds.stances,
    body: () => stanceFields(false),
    weight: 3,
  },
  {
    name: 'POST /v1/claims/{id}/links',
    method: 'POST',
    path: '/v1/claims/{id}/links',
    ids: () => seeds.claims,
    body: linkFields,
    weight: 2,
  },
  { name: 'POST /v1/api-keys', method: 'POST', path: '/v1/api-keys', body: keyFields, weight: 2 },
  {
    name: 'GET /v1/sources',
    method: 'GET',
    path: '/v1/sources',
    query: () => ({
      ...page('sources', ['name'], [['string', 'uuid']]),
      kind: enumOf(SOURCE_KINDS, ALL_ENUMS),
      q: search(),
    }),
    weight: 2,
  },
  {
    name: 'GET /v1/claims',
    method: 'GET',
    path: '/v1/claims',
    query: () => ({
      ...page(
        'claims',
        [...CLAIM_SORTS],
        [
          ['timestamp', 'uuid'],
          ['number', 'uuid'],
        ],
      ),
      status: enumOf(CLAIM_STATUSES, ALL_ENUMS),
      tag: search(),
      sourceId: uuidParam(() => seeds.sources),
      q: search(),
      updatedSince: dates(),
      sort: enumOf(CLAIM_SORTS, ['updatedAt', '+score', '-updatedAt,-score', 'id', '-id', '']),
    }),
    weight: 3,
  },
  {
    name: 'GET /v1/claims/{id}/stances',
    method: 'GET',
    path: '/v1/claims/{id}/stances',
    ids: () => seeds.claims,
    query: () => ({
      ...page('claimStances', STANCE_SORTS, [STANCE_SHAPE]),
      effective: enumOf(['true', 'false'], ['TRUE', '1', '0', 'yes', '', 'null']),
    }),
    weight: 2,
  },
  {
    name: 'GET /v1/sources/{id}/stances',
    method: 'GET',
    path: '/v1/sources/{id}/stances',
    ids: () => seeds.sources,
    query: () => page('sourceStances', STANCE_SORTS, [STANCE_SHAPE]),
    weight: 2,
  },
  {
    name: 'GET /v1/claims/{id}/links',
    method: 'GET',
    path: '/v1/claims/{id}/links',
    ids: () => seeds.claims,
    query: () => ({
      ...page('links', LINK_SORTS, [['timestamp', 'uuid']]),
      direction: enumOf(LINK_DIRECTIONS, ALL_ENUMS),
      kind: enumOf(LINK_KINDS, ALL_ENUMS),
    }),
    weight: 2,
  },
  {
    name: 'GET /v1/api-keys',
    method: 'GET',
    path: '/v1/api-keys',
    query: () => page('keys', ['keys'], [['timestamp', 'uuid']]),
    weight: 2,
  },
  {
    name: 'GET /v1/claims/{id}/corroboration',
    method: 'GET',
    path: '/v1/claims/{id}/corroboration',
    ids: () => seeds.claims,
    query: () => ({ asOf: dates() }),
    weight: 2,
  },
];

/**
 * Requests sent on every run, whatever the seed: the 5xx this suite has found, so they stay fixed.
 * An instant whose local date is in range but whose UTC instant is year 10000
 * (`9999-12-31T23:59:59-14:00`) passed parseInstant and reached PostgreSQL as
 * `+010000-01-01T13:59:59.000Z`: error 22009, answered 500, as `asOf`, `updatedSince` and inside
 * every timestamp cursor (fixed in 85e5af2, "Refuse instants whose UTC offset pushes them past
 * year 9999"). The year-1 edge (`0001-01-01T00:00:00+14:00`) and a huge score cursor ride along.
 */
function regressions(): Record<string, FuzzRequest[]> {
  const late = '9999-12-31T23:59:59-14:00';
  const early = '0001-01-01T00:00:00+14:00';
  const id = '00000000-0000-4000-8000-000000000000';
  const [claim] = seeds.claims;
  const [source] = seeds.sources;
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const get = (endpoint: string, path: string): FuzzRequest => ({
    endpoint,
    method: 'GET',
    path,
    headers: {},
  });
  const at = (s: string) => encodeURIComponent(s);
  return {
    'GET /v1/claims/{id}/corroboration': [late, early].map((d) =>
      get('GET /v1/claims/{id}/corroboration', `/v1/claims/${claim}/corroboration?asOf=${at(d)}`),
    ),
    'GET /v1/claims': [
      ...[late, early].map((d) => get('GET /v1/claims', `/v1/claims?updatedSince=${at(d)}`)),
      get('GET /v1/claims', `/v1/claims?cursor=${b64({ s: '-updatedAt', v: [late, id] })}`),
      get(
        'GET /v1/claims',
        `/v1/claims?sort=-statusChangedAt&cursor=${b64({ s: '-statusChangedAt', v: [late, id] })}`,
      ),
      get('GET /v1/claims', `/v1/claims?sort=score&cursor=${b64({ s: 'score', v: [1e308, id] })}`),
    ],
    'GET /v1/api-keys': [
      get('GET /v1/api-keys', `/v1/api-keys?cursor=${b64({ s: 'keys', v: [late, id] })}`),
    ],
    'GET /v1/claims/{id}/links': [
      get(
        'GET /v1/claims/{id}/links',
        `/v1/claims/${claim}/links?cursor=${b64({ s: 'links-both-all', v: [late, id] })}`,
      ),
    ],
    'GET /v1/claims/{id}/stances': [
      get(
        'GET /v1/claims/{id}/stances',
        `/v1/claims/${claim}/stances?cursor=${b64({ s: 'history', v: [late, late, 1] })}`,
      ),
      get(
        'GET /v1/claims/{id}/stances',
        `/v1/claims/${claim}/stances?effective=true&cursor=${b64({ s: 'effective', v: [late, late, 1] })}`,
      ),
      get(
        'GET /v1/claims/{id}/stances',
        `/v1/claims/${claim}/stances?cursor=${b64({ s: 'history', v: [GOOD_DATES[0], GOOD_DATES[0], 1e308] })}`,
      ),
    ],
    'GET /v1/sources/{id}/stances': [
      get(
        'GET /v1/sources/{id}/stances',
        `/v1/sources/${source}/stances?cursor=${b64({ s: 'source', v: [late, late, 1] })}`,
      ),
    ],
  };
}

/** The body part of a request: a (mutated) JSON object, junk, a wrong content type, or nothing. */
interface BodyPart {
  body?: Body;
  headers: Record<string, string>;
}

function bodyPart(fields: FieldSpec[]): fc.Arbitrary<BodyPart> {
  const jsonType: Record<string, string> = { 'content-type': 'application/json' };
  const object = objectOf(fields).map((node) => toJsonText(node));
  return fc.oneof<fc.MaybeWeightedArbitrary<BodyPart>[]>(
    { arbitrary: object.map((body) => ({ body, headers: jsonType })), weight: 14 },
    { arbitrary: junkBody.map((body) => ({ body, headers: jsonType })), weight: 3 },
    {
      arbitrary: fc
        .tuple(
          fc.oneof(object, junkBody),
          fc.option(fc.constantFrom(...CONTENT_TYPES), { nil: undefined }),
        )
        .map(([body, type]): BodyPart => ({
          body,
          headers: type === undefined ? {} : { 'content-type': type },
        })),
      weight: 2,
    },
    {
      arbitrary: fc
        .tuple(object, fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'bogus', 'gzip, gzip'))
        .map(([body, encoding]) => ({
          body,
          headers: { ...jsonType, 'content-encoding': encoding },
        })),
      weight: 1,
    },
    { arbitrary: fc.constantFrom({ headers: {} }, { headers: jsonType }), weight: 1 },
  );
}

function requestFor(ep: Endpoint): fc.Arbitrary<FuzzRequest> {
  const others = [
    ...seeds.sources,
    ...seeds.claims,
    ...seeds.stances,
    ...seeds.links,
    ...seeds.keys,
  ];
  const id = ep.ids ? pathId(ep.ids(), others) : fc.constant('');
  // Writes get a few stray query parameters now and then; lists get their own.
  const query = ep.query
    ? queryString(ep.query())
    : fc.oneof({ arbitrary: fc.constant(''), weight: 9 }, queryString({}));
  const body: fc.Arbitrary<BodyPart> = ep.body
    ? bodyPart(ep.body())
    : fc.oneof<fc.MaybeWeightedArbitrary<BodyPart>[]>(
        { arbitrary: fc.constant({ headers: {} }), weight: 12 },
        junkBody.map((b) => ({ body: b, headers: { 'content-type': 'application/json' } })),
      );
  const extraHeaders = fc.record(
    {
      'if-match': ep.method === 'PATCH' ? fc.constantFrom(...IF_MATCH) : fc.constant('"1"'),
      'x-request-id': fc.oneof(
        fc.constantFrom(
          'a'.repeat(129),
          '../../etc/passwd',
          'id with spaces',
          "'; DROP TABLE claims; --",
        ),
        headerValue(200),
      ),
      'idempotency-key':
        ep.method === 'POST'
          ? fc.oneof(
              fc.uuid(),
              fc.constant('fuzz-reused-key'),
              headerValue(300),
              fc.string({
                unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)),
                minLength: 1,
                maxLength: 300,
              }),
            )
          : fc.constant('k'),
      accept: fc.constantFrom('text/html', 'application/xml', '*/*', 'application/json;q=0'),
    },
    { requiredKeys: [] },
  );
  // Now and then, the right path with a method it does not serve.
  const method = fc.oneof(
    { arbitrary: fc.constant(ep.method), weight: 30 },
    fc.constantFrom('PUT', 'OPTIONS'),
  );
  return fc
    .record({
      method,
      id,
      query,
      body,
      extra: fc.oneof({ arbitrary: fc.constant(undefined), weight: 3 }, extraHeaders),
    })
    .map(({ method: m, id: segment, query: q, body: b, extra }) => ({
      endpoint: ep.name,
      method: m,
      path: `${ep.path.replace('{id}', segment)}${q}`,
      headers: { ...(extra ?? {}), ...b.headers },
      ...(b.body === undefined ? {} : { body: b.body }),
    }));
}

// ---------------------------------------------------------------------------------------------
// Setup
// ---------------------------------------------------------------------------------------------

async function nextCursorOf(path: string): Promise<string[]> {
  const res = await request(t.http).get(path);
  expect(res.status, `${path}: ${JSON.stringify(res.body)}`).toBe(200);
  return res.body.nextCursor ? [res.body.nextCursor as string] : [];
}

let startedAt = 0;

beforeAll(async () => {
  t = await createTestApp();
  tables = await discoverTables();
  agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const s1 = await createSource(t.http, { kind: 'person' });
  const s2 = await createSource(t.http, { kind: 'organization', reliability: 'B' });
  const s3 = await createSource(t.http, {
    kind: 'outlet',
    affiliatedWithId: s2.id,
    aliases: ['Outlet'],
  });
  const lonely = await createSource(t.http, { kind: 'other' });
  const c1 = await createClaim(t.http, {
    tags: ['iran'],
    stances: [
      { sourceId: s1.id, kind: 'asserts', statedAt: '2017-10-29T08:00:00Z' },
      { sourceId: s2.id, kind: 'denies', statedAt: '2017-10-29T09:00:00Z' },
      { sourceId: s3.id, kind: 'reports', viaSourceId: s2.id },
    ],
  });
  const c2 = await createClaim(t.http);
  const c3 = await createClaim(t.http, { stances: [{ sourceId: s1.id, kind: 'confirms' }] });
  const links: string[] = [];
  for (const [to, kind] of [
    [c2.id, 'related'],
    [c3.id, 'part_of'],
  ] as const) {
    const res = await request(t.http)
      .post(`/v1/claims/${c1.id}/links`)
      .send({ toClaimId: to, kind });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    links.push(res.body.id as string);
  }
  const key = await request(t.http)
    .post('/v1/api-keys')
    .send({ name: 'fuzz viewer', role: 'viewer' });
  expect(key.status, JSON.stringify(key.body)).toBe(201);

  seeds = {
    sources: [s1.id, s2.id, s3.id],
    lonelySource: lonely.id,
    claims: [c1.id, c2.id, c3.id],
    stances: (c1.stances as { id: string }[]).map((s) => s.id),
    links,
    keys: [t.adminKeyId, key.body.id as string],
    cursors: {
      sources: await nextCursorOf('/v1/sources?limit=1'),
      claims: [
        ...(await nextCursorOf('/v1/claims?limit=1')),
        ...(await nextCursorOf('/v1/claims?limit=1&sort=-score')),
        ...(await nextCursorOf('/v1/claims?limit=1&sort=score')),
        ...(await nextCursorOf('/v1/claims?limit=1&sort=-statusChangedAt')),
      ],
      claimStances: [
        ...(await nextCursorOf(`/v1/claims/${c1.id}/stances?limit=1`)),
        ...(await nextCursorOf(`/v1/claims/${c1.id}/stances?limit=1&effective=true`)),
      ],
      sourceStances: await nextCursorOf(`/v1/sources/${s1.id}/stances?limit=1`),
      links: await nextCursorOf(`/v1/claims/${c1.id}/links?limit=1`),
      keys: await nextCursorOf('/v1/api-keys?limit=1'),
    },
  };
  startedAt = Date.now();
});

afterAll(async () => {
  agent?.destroy();
  await t?.close();
  const seconds = startedAt > 0 ? ((Date.now() - startedAt) / 1000).toFixed(1) : '0';
  const outcomes = [...stats.byOutcome.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${k}: ${n}`);
  const endpoints = [...stats.byEndpoint.entries()].map(([k, n]) => `${k}: ${n}`);
  console.log(
    [
      `fuzz: ${stats.requests} generated requests in ${seconds}s (FUZZ_RUNS=${RUNS}, FUZZ_SEED=${BASE_SEED}, database: ${t?.config.DATABASE_URL ? 'PostgreSQL' : 'embedded PGlite'})`,
      `  by endpoint: ${endpoints.join(', ')}`,
      `  by outcome: ${outcomes.join(', ')}`,
      `  tables fingerprinted: ${tables.join(', ')}`,
    ].join('\n'),
  );
});

// ---------------------------------------------------------------------------------------------
// One property per endpoint
// ---------------------------------------------------------------------------------------------

const totalWeight = ENDPOINTS.reduce((sum, ep) => sum + ep.weight, 0);

describe('hostile input at every write and list endpoint', () => {
  ENDPOINTS.forEach((ep, index) => {
    const numRuns = Math.max(5, Math.round((RUNS * ep.weight) / totalWeight));
    it(
      `${ep.name}: never 5xx, 4xx are problem+json and write nothing (${numRuns} runs)`,
      { timeout: 60_000 + numRuns * 500 },
      async () => {
        await fc.assert(
          fc.asyncProperty(requestFor(ep), (req) => exercise(req)),
          { numRuns, seed: BASE_SEED + index },
        );
      },
    );
  });
});

describe('requests the fuzzer found answering 5xx, replayed on every run', () => {
  for (const name of [
    'GET /v1/claims/{id}/corroboration',
    'GET /v1/claims',
    'GET /v1/api-keys',
    'GET /v1/claims/{id}/links',
    'GET /v1/claims/{id}/stances',
    'GET /v1/sources/{id}/stances',
  ]) {
    it(name, async () => {
      const failures: string[] = [];
      for (const req of regressions()[name]) {
        try {
          await exercise(req);
        } catch (err) {
          failures.push(
            err instanceof Error ? err.message.split('\n').slice(0, 2).join(' ') : String(err),
          );
        }
      }
      expect(failures).toEqual([]);
    });
  }
});

describe('the fuzz harness', () => {
  it('sees a change to one column of one row in every table', async () => {
    const changes: [string, string][] = [
      [
        'sources',
        `UPDATE sources SET description = 'changed' WHERE id = (SELECT min(id::text)::uuid FROM sources)`,
      ],
      [
        'claims',
        `UPDATE claims SET language = 'xx' WHERE id = (SELECT min(id::text)::uuid FROM claims)`,
      ],
      [
        'stances',
        `UPDATE stances SET note = 'changed' WHERE id = (SELECT min(id::text)::uuid FROM stances)`,
      ],
      [
        'claim_links',
        `UPDATE claim_links SET note = 'changed' WHERE id = (SELECT min(id::text)::uuid FROM claim_links)`,
      ],
      [
        'api_keys',
        `UPDATE api_keys SET name = 'changed' WHERE id = (SELECT min(id::text)::uuid FROM api_keys)`,
      ],
      [
        'idempotency_records',
        `INSERT INTO idempotency_records (id, actor, idempotency_key, request_hash) VALUES (gen_random_uuid(), 'a', 'k', 'h')`,
      ],
    ];
    for (const [table, sql] of changes) {
      const before = await fingerprint();
      const runner = t.db.createQueryRunner();
      await runner.startTransaction();
      try {
        await runner.query(sql);
        const during = await fingerprint(runner);
        expect(during[table], table).not.toBe(before[table]);
        expect({ ...during, [table]: before[table] }).toEqual(before);
      } finally {
        await runner.rollbackTransaction();
        await runner.release();
      }
    }
  });
});

/** Keeps `encodeBounded` honest: the URL of every generated request fits in Node's header limit. */
describe('the generators', () => {
  it('keep URLs under the server header limit', () => {
    fc.assert(
      fc.property(hostileString(), (s) => encodeBounded(s).length <= 6000),
      { numRuns: 200 },
    );
  });
});
