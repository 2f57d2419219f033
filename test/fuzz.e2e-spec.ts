/**
 * Bad input at scale: thousands of generated malformed and hostile requests at every write and list
 * endpoint (and the corroboration `asOf` and `knownAt`, the ClaimReview JSON-LD and its `Host`),
 * reviews, the review queue, history, the audit trail, merge and unmerge (also interleaved, mostly
 * well-formed, so that chains of merges build up), each checked for
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
 * URLs over Node's 16 KB header limit are refused by Node's HTTP parser before the app sees them;
 * they still get a 431 problem with a request id. Each generated query value and path id is kept
 * under 6 KB encoded (`encodeBounded`), so most requests reach the app and a few, with several long
 * values, exercise that refusal.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '../src/domain/actors.js';
import { AUDIT_ENTITY_TYPES } from '../src/domain/audit.js';
import { CLAIM_SORTS } from '../src/claims/dto/claim.dto.js';
import { CLAIM_STATUSES } from '../src/domain/claims.js';
import { RELIABILITY_GRADES } from '../src/domain/grades.js';
import { STANCE_KINDS } from '../src/domain/stances.js';
import { LINK_KINDS } from '../src/domain/links.js';
import { LINK_DIRECTIONS } from '../src/links/dto/link.dto.js';
import { REVIEW_STATES, VERDICTS } from '../src/domain/review.rules.js';
import { SOURCE_KINDS } from '../src/domain/sources.js';
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

const RUNS = Math.max(1, Number(process.env.FUZZ_RUNS ?? 3500) || 3500);
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

/**
 * The dashboard's aggregates and their pending deltas are left out: triggers derive them from
 * `claims`, `claim_history` and `claim_group_sides` (which are fingerprinted, so no write to them can
 * hide), and a background timer folds the deltas in, so they change with no request at all. The
 * stats suite checks they always agree with the tables they come from.
 */
const DERIVED_IN_BACKGROUND = new Set([
  // The rate limiter's counters: every request spends from its caller's budget, refused or not.
  'rate_limit_windows',
  // The learned assessments, which a refresher keeps current in the background.
  'claim_assessments',
  'assessment_queue',
  'assessment_model',
  'claim_status_counts',
  'claim_tag_counts',
  'claim_count_deltas',
  'status_changes_daily',
  'status_change_deltas',
  'group_agreement',
  'group_agreement_deltas',
]);

async function discoverTables(): Promise<string[]> {
  const rows: { name: string }[] = await t.db.query(
    `SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> 'schema_migrations'`,
  );
  const found = rows.map((r) => r.name);
  for (const table of TABLES) expect(found, `table ${table}`).toContain(table);
  return [
    ...TABLES,
    ...found.filter((name) => !TABLES.includes(name) && !DERIVED_IN_BACKGROUND.has(name)).sort(),
  ];
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
  /** Claims of their own for merge and unmerge, so merges never take the other claims away. */
  mergeClaims: string[];
  /** A claim that was deleted: its history stays answerable. */
  deletedClaim: string;
  cursors: Record<string, string[]>;
}

let seeds: Seeds;

interface Endpoint {
  name: string;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Path with `{id}` for the generated id segment. */
  path: string;
  /** Other paths sent to the same property, picked at random with `path` (interleaved writes). */
  altPaths?: string[];
  /** Which seeded ids are "own" for `{id}`. */
  ids?: () => string[];
  /** Ids of other kinds for `{id}`; every seeded id unless given. */
  others?: () => string[];
  /**
   * Mostly well-formed requests on own ids, so that writes succeed and build up state (chains of
   * merges, unmerges out of order) for the hostile ones among them to meet.
   */
  stateful?: boolean;
  /** Extra headers this endpoint reads (the publisher URL is built from `Host`). */
  headers?: () => Record<string, fc.Arbitrary<string>>;
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
  ...VERDICTS,
  ...REVIEW_STATES,
  ...AUDIT_ENTITY_TYPES,
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

const reviewFields = (): FieldSpec[] => [
  {
    name: 'verdict',
    required: true,
    valid: fc.constantFrom(...VERDICTS).map(json),
    near: [...ALL_ENUMS, 'True', 'TRUE', 'mostly-true', 'mostly true', 'half_true', ''],
  },
  { name: 'rationale', required: true, valid: text(1, 10_000).map(json) },
];

const mergeFields = (): FieldSpec[] => [
  {
    name: 'into',
    required: true,
    valid: idOf(() => seeds.mergeClaims).map(json),
    // Claims outside the merge set are fine as a survivor (they stay live), so they may appear.
    near: [...BAD_UUIDS, ...seeds.sources, ...seeds.claims, seeds.deletedClaim],
  },
];

const limit = (): fc.Arbitrary<string> =>
  fc.oneof(
    { arbitrary: fc.constantFrom('1', '2', '50', '200'), weight: 2 },
    { arbitrary: fc.constantFrom(...BAD_NUMBERS), weight: 4 },
    { arbitrary: hostileString({ maxLength: 3000 }), weight: 1 },
  );
/** `foreign`: real cursors of the other lists ride along, so a cursor of the wrong list is tried too. */
const page = (
  cursors: string,
  sorts: string[],
  shapes: CursorValueKind[][],
  { foreign = false } = {},
) => ({
  limit: limit(),
  cursor: cursor(
    sorts,
    foreign
      ? [
          ...(seeds.cursors[cursors] ?? []),
          ...Object.entries(seeds.cursors)
            .filter(([name]) => name !== cursors)
            .flatMap(([, c]) => c),
        ]
      : (seeds.cursors[cursors] ?? []),
    shapes,
  ),
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
/** The queue's cursor names its filters: `queue-<status>-<tag>`. */
const QUEUE_SORTS = [
  'queue--',
  'queue--iran',
  ...CLAIM_STATUSES.map((status) => `queue-${status}-`),
  'queue-confirmed-iran',
];
const AUDIT_ACTIONS = ['create', 'update', 'delete', 'review', 'merge', 'unmerge'];
/** `Host` and the forwarding headers (ignored: trust proxy is off) for the JSON-LD publisher URL. */
const hostHeaders = (): Record<string, fc.Arbitrary<string>> => {
  const host = fc.oneof(
    fc.constantFrom(
      'evil.example',
      'evil.example:99999',
      'a"b',
      '<script>alert(1)</script>',
      '[::1]',
      '[::1',
      'localhost:0',
      'user@host',
      'host/path?q#f',
      'x'.repeat(1000),
      ' ',
      "'; DROP TABLE claims; --",
    ),
    headerValue(300),
  );
  return {
    host,
    'x-forwarded-host': host,
    'x-forwarded-proto': fc.constantFrom('javascript', 'https', 'ftp', '', 'http, https'),
    forwarded: fc.constantFrom('host=evil.example;proto=https', 'for=_hidden', '"'),
  };
};
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
    ids: () => [...seeds.claims, seeds.deletedClaim, ...seeds.mergeClaims],
    // asOf (the story then), knownAt (what was shown then), or both (refused).
    query: () => ({ asOf: dates(), knownAt: dates() }),
    weight: 2,
  },
  {
    name: 'POST /v1/claims/{id}/reviews',
    method: 'POST',
    path: '/v1/claims/{id}/reviews',
    ids: () => [...seeds.claims, seeds.deletedClaim, ...seeds.mergeClaims],
    body: reviewFields,
    weight: 3,
  },
  {
    name: 'GET /v1/claims/{id}/reviews',
    method: 'GET',
    path: '/v1/claims/{id}/reviews',
    ids: () => [...seeds.claims, seeds.deletedClaim, ...seeds.mergeClaims],
    query: () => page('reviews', ['reviews'], [['timestamp', 'uuid']], { foreign: true }),
    weight: 1,
  },
  {
    name: 'GET /v1/reviews/queue',
    method: 'GET',
    path: '/v1/reviews/queue',
    query: () => ({
      ...page('queue', QUEUE_SORTS, [['integer', 'timestamp', 'uuid']], { foreign: true }),
      status: enumOf(CLAIM_STATUSES, ALL_ENUMS),
      tag: fc.oneof(fc.constantFrom('iran', 'IRAN', ' iran ', 'iran,x'), search()),
    }),
    weight: 2,
  },
  {
    name: 'GET /v1/claims/{id}/history',
    method: 'GET',
    path: '/v1/claims/{id}/history',
    ids: () => [...seeds.claims, seeds.deletedClaim, ...seeds.mergeClaims],
    query: () => page('history', ['history'], [['integer']], { foreign: true }),
    weight: 2,
  },
  {
    name: 'GET /v1/audit',
    method: 'GET',
    path: '/v1/audit',
    query: () => ({
      ...page('audit', ['audit'], [['integer']], { foreign: true }),
      entityType: enumOf(AUDIT_ENTITY_TYPES, ALL_ENUMS),
      entityId: uuidParam(() => [...seeds.claims, ...seeds.sources, ...seeds.stances]),
      keyId: uuidParam(() => seeds.keys),
      action: enumOf(AUDIT_ACTIONS, ALL_ENUMS),
      from: dates(),
      to: dates(),
    }),
    weight: 3,
  },
  {
    name: 'POST /v1/claims/{id}/merge',
    method: 'POST',
    path: '/v1/claims/{id}/merge',
    ids: () => seeds.mergeClaims,
    others: () => [...seeds.sources, ...seeds.stances, ...seeds.links, seeds.deletedClaim],
    body: mergeFields,
    weight: 2,
  },
  {
    name: 'POST /v1/claims/{id}/unmerge',
    method: 'POST',
    path: '/v1/claims/{id}/unmerge',
    ids: () => seeds.mergeClaims,
    others: () => [...seeds.claims, ...seeds.sources, seeds.deletedClaim],
    weight: 1,
  },
  {
    // Merges and unmerges in one random sequence: chains, merges of survivors, undoing out of order.
    name: 'POST /v1/claims/{id}/merge and /unmerge, interleaved',
    method: 'POST',
    path: '/v1/claims/{id}/merge',
    altPaths: ['/v1/claims/{id}/unmerge'],
    ids: () => seeds.mergeClaims,
    others: () => [seeds.deletedClaim],
    body: mergeFields,
    stateful: true,
    weight: 2,
  },
  {
    name: 'GET /v1/claims/{id}/claim-review',
    method: 'GET',
    path: '/v1/claims/{id}/claim-review',
    ids: () => [...seeds.claims, seeds.deletedClaim, ...seeds.mergeClaims],
    headers: hostHeaders,
    weight: 1,
  },
  {
    name: 'GET /v1/claim-reviews',
    method: 'GET',
    path: '/v1/claim-reviews',
    query: () =>
      page('claimReviews', ['claim-reviews'], [['timestamp', 'uuid']], { foreign: true }),
    headers: hostHeaders,
    weight: 1,
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

/**
 * Edges of the routes added after the fuzzer was written that random generation rarely reaches
 * whole (a right-shaped cursor needs every value valid at once): integers past smallint, int and
 * the safe range in the queue, audit and history cursors, and the year edges as `knownAt`. None has
 * failed; they are replayed so that a regression shows on every run, whatever the seed.
 */
function edges(): FuzzRequest[] {
  const late = '9999-12-31T23:59:59-14:00';
  const early = '0001-01-01T00:00:00+14:00';
  const id = '00000000-0000-4000-8000-000000000000';
  const [claim] = seeds.claims;
  const b64 = (text: string) => Buffer.from(text).toString('base64url');
  const get = (path: string): FuzzRequest => ({
    endpoint: 'edges',
    method: 'GET',
    path,
    headers: {},
  });
  const at = (d: string) => encodeURIComponent(d);
  const ints = ['32768', '-32769', '2147483648', '9007199254740991', '-9007199254740991'];
  return [
    ...[late, early].map((d) => get(`/v1/claims/${claim}/corroboration?knownAt=${at(d)}`)),
    get(`/v1/claims/${claim}/corroboration?knownAt=${at(GOOD_DATES[0])}&asOf=${at(GOOD_DATES[0])}`),
    get(`/v1/claims/${seeds.deletedClaim}/corroboration?knownAt=${at(GOOD_DATES[0])}`),
    ...ints.flatMap((n) => [
      get(
        `/v1/reviews/queue?cursor=${b64(`{"s":"queue--","v":[${n},"${GOOD_DATES[0]}","${id}"]}`)}`,
      ),
      get(`/v1/reviews/queue?cursor=${b64(`{"s":"queue--","v":[1,"${late}","${id}"]}`)}`),
      get(`/v1/audit?cursor=${b64(`{"s":"audit","v":[${n}]}`)}`),
      get(`/v1/claims/${claim}/history?cursor=${b64(`{"s":"history","v":[${n}]}`)}`),
    ]),
    ...[late, early].flatMap((d) => [
      get(`/v1/audit?from=${at(d)}&to=${at(d)}`),
      get(`/v1/claims/${claim}/reviews?cursor=${b64(`{"s":"reviews","v":["${d}","${id}"]}`)}`),
      get(`/v1/claim-reviews?cursor=${b64(`{"s":"claim-reviews","v":["${d}","${id}"]}`)}`),
    ]),
  ];
}

/** The body part of a request: a (mutated) JSON object, junk, a wrong content type, or nothing. */
interface BodyPart {
  body?: Body;
  headers: Record<string, string>;
}

function bodyPart(fields: FieldSpec[], { stateful = false } = {}): fc.Arbitrary<BodyPart> {
  const jsonType: Record<string, string> = { 'content-type': 'application/json' };
  const object = objectOf(fields).map((node) => toJsonText(node));
  return fc.oneof<fc.MaybeWeightedArbitrary<BodyPart>[]>(
    ...(stateful
      ? [
          {
            arbitrary: objectOf(fields, { maxMutations: 0 }).map((node) => ({
              body: toJsonText(node),
              headers: jsonType,
            })),
            weight: 40,
          },
        ]
      : []),
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
  const hostileId = ep.ids ? pathId(ep.ids(), ep.others ? ep.others() : others) : fc.constant('');
  const id =
    ep.stateful && ep.ids ? fc.oneof({ arbitrary: idOf(ep.ids), weight: 4 }, hostileId) : hostileId;
  // Writes get a few stray query parameters now and then; lists get their own.
  const query = ep.query
    ? queryString(ep.query())
    : fc.oneof({ arbitrary: fc.constant(''), weight: 9 }, queryString({}));
  const body: fc.Arbitrary<BodyPart> = ep.body
    ? bodyPart(ep.body(), { stateful: ep.stateful })
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
  const ownHeaders = ep.headers
    ? fc.oneof(
        { arbitrary: fc.constant({}), weight: 1 },
        fc.record(ep.headers(), { requiredKeys: [] }),
      )
    : fc.constant({});
  const path = ep.altPaths ? fc.constantFrom(ep.path, ...ep.altPaths) : fc.constant(ep.path);
  // Now and then, the right path with a method it does not serve.
  const method = fc.oneof(
    { arbitrary: fc.constant(ep.method), weight: 30 },
    fc.constantFrom('PUT', 'OPTIONS'),
  );
  return fc
    .record({
      method,
      path,
      id,
      query,
      body,
      extra: fc.oneof({ arbitrary: fc.constant(undefined), weight: 3 }, extraHeaders),
      own: ownHeaders,
    })
    .map(({ method: m, path: p, id: segment, query: q, body: b, extra, own }) => ({
      endpoint: ep.name,
      method: m,
      path: `${p.replace('{id}', segment)}${q}`,
      headers: { ...(extra ?? {}), ...own, ...b.headers },
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

  const post = async (path: string, body: Record<string, unknown>, status = 201) => {
    const res = await request(t.http).post(path).send(body);
    expect(res.status, `${path}: ${JSON.stringify(res.body)}`).toBe(status);
    return res.body as Record<string, unknown>;
  };
  // Verdicts: two on c1 (a page of reviews), one on c2 (a page of ClaimReviews); c3 has none.
  await post(`/v1/claims/${c1.id}/reviews`, { verdict: 'mostly_true', rationale: 'First look' });
  await post(`/v1/claims/${c1.id}/reviews`, { verdict: 'false', rationale: 'Second look' });
  await post(`/v1/claims/${c2.id}/reviews`, { verdict: 'unproven', rationale: 'Too early' });
  // Claims of their own for merging: stances, links between them and to the others, m5 already
  // merged into m4 (so unmerge has something to undo from the first run).
  const merges = [];
  for (let i = 0; i < 5; i++) {
    merges.push(
      await createClaim(t.http, {
        tags: i % 2 === 0 ? ['iran'] : [],
        stances: [
          { sourceId: [s1.id, s2.id, s3.id][i % 3], kind: i % 2 === 0 ? 'asserts' : 'denies' },
          ...(i === 1 ? [{ sourceId: s1.id, kind: 'confirms' }] : []),
        ],
      }),
    );
  }
  const [m1, m2, m3, m4, m5] = merges.map((c) => c.id as string);
  for (const [from, to, kind] of [
    [m1, m2, 'part_of'],
    [m3, m1, 'related'],
    [m2, m3, 'depends_on'],
    [m4, m1, 'part_of'],
    [m5, m1, 'part_of'],
    [m5, m2, 'related'],
    [m2, c3.id, 'related'],
  ] as const) {
    await post(`/v1/claims/${from}/links`, { toClaimId: to, kind });
  }
  await post(`/v1/claims/${m2}/reviews`, { verdict: 'mixed', rationale: 'Before the merge' });
  await post(`/v1/claims/${m5}/merge`, { into: m4 }, 200);
  // A deleted claim, with a history and an audit trail.
  const deleted = await createClaim(t.http, { stances: [{ sourceId: s2.id, kind: 'asserts' }] });
  const del = await request(t.http).delete(`/v1/claims/${deleted.id}`);
  expect(del.status, JSON.stringify(del.body)).toBe(204);

  seeds = {
    sources: [s1.id, s2.id, s3.id],
    lonelySource: lonely.id,
    claims: [c1.id, c2.id, c3.id],
    stances: (c1.stances as { id: string }[]).map((s) => s.id),
    links,
    keys: [t.adminKeyId, key.body.id as string],
    mergeClaims: [m1, m2, m3, m4, m5],
    deletedClaim: deleted.id as string,
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
      reviews: await nextCursorOf(`/v1/claims/${c1.id}/reviews?limit=1`),
      queue: [
        ...(await nextCursorOf('/v1/reviews/queue?limit=1')),
        ...(await nextCursorOf('/v1/reviews/queue?limit=1&tag=iran')),
      ],
      history: await nextCursorOf(`/v1/claims/${c1.id}/history?limit=1`),
      audit: await nextCursorOf('/v1/audit?limit=1'),
      claimReviews: await nextCursorOf('/v1/claim-reviews?limit=1'),
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

describe('edges of the routes added later, replayed on every run', () => {
  it('never 5xx, 4xx are problem+json and write nothing', async () => {
    const failures: string[] = [];
    for (const req of edges()) {
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
      [
        'claim_reviews',
        `UPDATE claim_reviews SET rationale = 'changed' WHERE id = (SELECT min(id::text)::uuid FROM claim_reviews)`,
      ],
      [
        'claim_history',
        `UPDATE claim_history SET request_id = 'changed' WHERE id = (SELECT min(id) FROM claim_history)`,
      ],
      // Append-only: an update is refused by its trigger, so the change is a new row.
      [
        'audit_log',
        `INSERT INTO audit_log (action, entity_type, entity_id) VALUES ('changed', 'claim', gen_random_uuid())`,
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

/** Keeps `encodeBounded` honest: one generated value stays well inside Node's header limit. */
describe('the generators', () => {
  it('keep URLs under the server header limit', () => {
    fc.assert(
      fc.property(hostileString(), (s) => encodeBounded(s).length <= 6000),
      { numRuns: 200 },
    );
  });
});
