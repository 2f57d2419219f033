/**
 * The benchmark's baseline: node:http and a pg Pool answering the same reads as Claimgraph with the
 * same SQL and the same corroboration rules, and nothing else (no framework, no validation beyond
 * what a query needs, no API keys, no logging). Claimgraph's figures are shown as a ratio to this.
 * The statements Claimgraph runs prepared (the claim by id, an explanation's facts) are prepared
 * here too, so the ratio compares the same database work.
 *
 *   GET /health
 *   GET /claims/:id                      one claim row as JSON, with dependsOnContested
 *   GET /claims?status=&tag=&limit=      the filtered list, best score first, with dependsOnContested
 *   GET /claims?q=&limit=                a search: the first 1000 matches ranked, with snippets
 *   GET /claims/:id/corroboration        stances joined to sources, evaluated by status.rules
 *   GET /graph?claimId=&depth=&maxNodes= breadth-first neighbourhood, one query per kind and step
 *   POST /claims/:id/stances             the least a correct stance write does, in one transaction:
 *                                        lock the claim, insert the stance, read the claim's stances
 *                                        with their sources, evaluate them by status.rules and
 *                                        update the claim
 *
 * The writes go to the tables of the `bare` schema (see `prepareBareWrites` in database.ts): copies
 * of `claims` and `stances` with the same columns, constraints, indexes and foreign keys but none of
 * Claimgraph's triggers, so what they cost is what any correct write must pay.
 *
 * Environment: DATABASE_URL, PORT, HOST (default 127.0.0.1), POOL_SIZE (default 10).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import pg from 'pg';
import { evaluateClaim } from '../src/corroboration/status.rules.js';
import { type ReliabilityGrade } from '../src/domain/grades.js';
import { type StanceFact } from '../src/corroboration/evaluation.js';
import { STANCE_KINDS, type StanceKind } from '../src/domain/stances.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.POOL_SIZE ?? 10),
});
/** The writes' connections: `bare.claims` and `bare.stances` first, the real sources after them. */
const writePool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.POOL_SIZE ?? 10),
  options: '-c search_path=bare,public',
});

interface ClaimRow {
  id: string;
  statement: string;
  context: string | null;
  tags: string[];
  occurred_at: Date | null;
  language: string;
  status: string;
  score: number;
  support_groups: number;
  support_sources: number;
  refute_groups: number;
  refute_sources: number;
  status_changed_at: Date;
  version: number;
  created_at: Date;
  updated_at: Date;
  created_by_key_id: string | null;
  updated_by_key_id: string | null;
  review_state: string;
  review_verdict: string | null;
  review_divergent: boolean;
  reviewed_at: Date | null;
  reviewed_by_key_id: string | null;
}

const CLAIM_COLUMNS = `id, statement, context, tags, occurred_at, language, status, score, support_groups, support_sources,
  refute_groups, refute_sources, status_changed_at, version, created_at, updated_at, created_by_key_id, updated_by_key_id,
  review_state, review_verdict, review_divergent, reviewed_at, reviewed_by_key_id`;

/** Which of these claims `depends_on` a live claim now disputed or denied. */
async function dependingOnContested(claimIds: string[]): Promise<Set<string>> {
  if (claimIds.length === 0) return new Set();
  const { rows } = await pool.query<{ id: string }>(
    `SELECT DISTINCT l.from_claim_id AS id FROM claim_links l JOIN claims t ON t.id = l.to_claim_id
      WHERE l.kind = 'depends_on' AND l.from_claim_id = ANY($1::uuid[])
        AND t.status IN ('disputed', 'denied') AND t.merged_into_id IS NULL`,
    [claimIds],
  );
  return new Set(rows.map((r) => r.id));
}

function claimJson(c: ClaimRow, dependsOnContested: boolean) {
  return {
    id: c.id,
    statement: c.statement,
    context: c.context,
    tags: c.tags,
    occurredAt: c.occurred_at ? c.occurred_at.toISOString() : null,
    language: c.language,
    status: c.status,
    score: Number(c.score),
    support: { groups: c.support_groups, sources: c.support_sources },
    refute: { groups: c.refute_groups, sources: c.refute_sources },
    statusChangedAt: c.status_changed_at.toISOString(),
    version: c.version,
    createdAt: c.created_at.toISOString(),
    updatedAt: c.updated_at.toISOString(),
    createdByKeyId: c.created_by_key_id,
    updatedByKeyId: c.updated_by_key_id,
    review: {
      state: c.review_state,
      verdict: c.review_verdict,
      divergent: c.review_divergent,
      reviewedAt: c.reviewed_at ? c.reviewed_at.toISOString() : null,
      reviewedByKeyId: c.reviewed_by_key_id,
    },
    dependsOnContested,
  };
}

async function getClaim(id: string): Promise<[number, unknown]> {
  const { rows } = await pool.query<ClaimRow & { depends_on_contested: boolean }>({
    name: 'claim-by-id',
    text: `SELECT ${CLAIM_COLUMNS},
            EXISTS (SELECT 1 FROM claim_links l JOIN claims t ON t.id = l.to_claim_id
                     WHERE l.kind = 'depends_on' AND l.from_claim_id = c.id
                       AND t.status IN ('disputed', 'denied') AND t.merged_into_id IS NULL) AS depends_on_contested
       FROM claims c WHERE id = $1 AND merged_into_id IS NULL`,
    values: [id],
  });
  return rows[0]
    ? [200, claimJson(rows[0], rows[0].depends_on_contested)]
    : [404, { code: 'CLAIM_NOT_FOUND' }];
}

async function listClaims(q: URLSearchParams): Promise<[number, unknown]> {
  const limit = Math.min(200, Math.max(1, Number(q.get('limit') ?? 50) || 50));
  const { rows } = await pool.query<ClaimRow>(
    `SELECT ${CLAIM_COLUMNS} FROM claims
      WHERE merged_into_id IS NULL AND ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR tags @> ARRAY[$2]::text[])
      ORDER BY score DESC, id DESC LIMIT $3`,
    [q.get('status'), q.get('tag'), limit + 1],
  );
  const more = rows.length > limit;
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  const nextCursor =
    more && last
      ? Buffer.from(JSON.stringify([Number(last.score), last.id])).toString('base64url')
      : null;
  const contested = await dependingOnContested(items.map((c) => c.id));
  return [200, { items: items.map((c) => claimJson(c, contested.has(c.id))), nextCursor }];
}

/**
 * A search, as Claimgraph runs it: the first 1000 claims the full-text index finds, ranked by their
 * stored vectors, the best page with each claim's snippet and dependsOnContested.
 */
async function searchClaims(q: URLSearchParams): Promise<[number, unknown]> {
  const text = q.get('q') ?? '';
  const limit = Math.min(200, Math.max(1, Number(q.get('limit') ?? 50) || 50));
  const { rows } = await pool.query<ClaimRow & { rank: number }>(
    `SELECT ${CLAIM_COLUMNS},
            ts_rank_cd(search_vector, websearch_to_tsquery(claimgraph_search_config(language), $1))::float8 AS rank
       FROM claims
      WHERE id IN (
        SELECT id FROM claims
         WHERE merged_into_id IS NULL
           AND search_vector @@ (SELECT string_agg(DISTINCT '(' || t::text || ')', ' | ')::tsquery
                                  FROM (SELECT websearch_to_tsquery(cfg.oid::regconfig, $1) AS t FROM pg_ts_config cfg) parsed
                                 WHERE numnode(t) > 0)
           AND search_vector @@ websearch_to_tsquery(claimgraph_search_config(language), $1)
         LIMIT 1000)
      ORDER BY rank DESC, id DESC LIMIT $2`,
    [text, limit + 1],
  );
  const more = rows.length > limit;
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  const nextCursor =
    more && last ? Buffer.from(JSON.stringify([last.rank, last.id])).toString('base64url') : null;
  const ids = items.map((c) => c.id);
  const snippets = new Map(
    (
      await pool.query<{ id: string; snippet: string }>(
        `SELECT id, ts_headline(claimgraph_search_config(language), claimgraph_search_document(statement, context),
                                websearch_to_tsquery(claimgraph_search_config(language), $2),
                                'MaxWords=35, MinWords=12, ShortWord=3, MaxFragments=2') AS snippet
           FROM claims WHERE id = ANY($1::uuid[])`,
        [ids, text],
      )
    ).rows.map((r) => [r.id, r.snippet]),
  );
  const contested = await dependingOnContested(ids);
  return [
    200,
    {
      items: items.map((c) => ({
        ...claimJson(c, contested.has(c.id)),
        match: { rank: c.rank, snippet: snippets.get(c.id) ?? '' },
      })),
      nextCursor,
    },
  ];
}

interface FactRow {
  stanceId: string;
  sourceId: string;
  sourceName: string;
  reliability: ReliabilityGrade;
  groupId: string;
  groupName: string;
  kind: StanceKind;
  statedAt: Date;
  recordedAt: Date;
  seq: string;
}

/** A claim's stances with what the rules need of their sources. */
const FACTS = `SELECT st.id AS "stanceId", st.source_id AS "sourceId", src.name AS "sourceName", src.reliability,
         src.independence_group_id AS "groupId", root.name AS "groupName", st.kind,
         st.stated_at AS "statedAt", st.recorded_at AS "recordedAt", st.seq
    FROM stances st
    JOIN sources src ON src.id = st.source_id
    JOIN sources root ON root.id = src.independence_group_id
   WHERE st.claim_id = $1`;

async function explainClaim(id: string): Promise<[number, unknown]> {
  const present = await pool.query({
    name: 'claim-present',
    text: 'SELECT 1 FROM claims WHERE id = $1 AND merged_into_id IS NULL',
    values: [id],
  });
  if (present.rowCount === 0) return [404, { code: 'CLAIM_NOT_FOUND' }];
  const { rows } = await pool.query<FactRow>({ name: 'claim-facts', text: FACTS, values: [id] });
  const facts: StanceFact[] = rows.map((r) => ({ ...r, seq: Number(r.seq) }));
  return [200, { claimId: id, ...evaluateClaim(facts) }];
}

type NodeType = 'claim' | 'source';
interface StanceEdge {
  id: string;
  claimId: string;
  sourceId: string;
  kind: string;
  statedAt: Date;
}
interface LinkEdge {
  id: string;
  fromClaimId: string;
  toClaimId: string;
  kind: string;
}
interface Affiliation {
  id: string;
  parentId: string;
}

async function graph(q: URLSearchParams): Promise<[number, unknown]> {
  const seed = q.get('claimId') ?? '';
  const depth = Math.min(3, Math.max(1, Number(q.get('depth') ?? 1) || 1));
  const maxNodes = Math.min(2000, Math.max(1, Number(q.get('maxNodes') ?? 500) || 500));
  if (!UUID.test(seed)) return [400, { code: 'VALIDATION_FAILED' }];
  const present = await pool.query(
    'SELECT 1 FROM claims WHERE id = $1 AND merged_into_id IS NULL',
    [seed],
  );
  if (present.rowCount === 0) return [404, { code: 'CLAIM_NOT_FOUND' }];

  const nodes = new Map<string, NodeType>([[seed, 'claim']]);
  let truncated = false;
  const stances = new Map<string, StanceEdge>();
  const links = new Map<string, LinkEdge>();
  const affiliations = new Map<string, Affiliation>();
  let frontier: Array<[string, NodeType]> = [[seed, 'claim']];
  for (let step = 0; step < depth && frontier.length > 0 && !truncated; step++) {
    const claims = frontier.filter(([, t]) => t === 'claim').map(([id]) => id);
    const sources = frontier.filter(([, t]) => t === 'source').map(([id]) => id);
    const next: Array<[string, NodeType]> = [];
    const reach = (id: string, type: NodeType) => {
      if (nodes.has(id)) return;
      if (nodes.size >= maxNodes) {
        truncated = true;
        return;
      }
      nodes.set(id, type);
      next.push([id, type]);
    };
    const effective = async (column: 'claim_id' | 'source_id', ids: string[]) =>
      ids.length === 0
        ? []
        : (
            await pool.query<StanceEdge>(
              `SELECT DISTINCT ON (claim_id, source_id) id, claim_id AS "claimId", source_id AS "sourceId", kind, stated_at AS "statedAt"
                 FROM stances WHERE ${column} = ANY($1::uuid[])
                ORDER BY claim_id, source_id, stated_at DESC, recorded_at DESC, seq DESC`,
              [ids],
            )
          ).rows;
    for (const s of [
      ...(await effective('claim_id', claims)),
      ...(await effective('source_id', sources)),
    ]) {
      stances.set(s.id, s);
      reach(s.claimId, 'claim');
      reach(s.sourceId, 'source');
    }
    if (claims.length > 0) {
      const { rows } = await pool.query<LinkEdge>(
        `SELECT id, from_claim_id AS "fromClaimId", to_claim_id AS "toClaimId", kind FROM claim_links
          WHERE from_claim_id = ANY($1::uuid[]) OR to_claim_id = ANY($1::uuid[])`,
        [claims],
      );
      for (const l of rows) {
        links.set(l.id, l);
        reach(l.fromClaimId, 'claim');
        reach(l.toClaimId, 'claim');
      }
    }
    if (sources.length > 0) {
      const { rows } = await pool.query<Affiliation>(
        `SELECT id, affiliated_with_id AS "parentId" FROM sources
          WHERE affiliated_with_id IS NOT NULL AND (id = ANY($1::uuid[]) OR affiliated_with_id = ANY($1::uuid[]))`,
        [sources],
      );
      for (const a of rows) {
        affiliations.set(a.id, a);
        reach(a.id, 'source');
        reach(a.parentId, 'source');
      }
    }
    frontier = next;
  }

  const claimIds = [...nodes].filter(([, t]) => t === 'claim').map(([id]) => id);
  const sourceIds = [...nodes].filter(([, t]) => t === 'source').map(([id]) => id);
  const claimNodes = (
    await pool.query<{ id: string; statement: string; status: string; score: number }>(
      'SELECT id, statement, status, score FROM claims WHERE id = ANY($1::uuid[]) AND merged_into_id IS NULL',
      [claimIds],
    )
  ).rows;
  const sourceNodes = (
    await pool.query<{
      id: string;
      name: string;
      kind: string;
      reliability: string;
      groupId: string;
    }>(
      'SELECT id, name, kind, reliability, independence_group_id AS "groupId" FROM sources WHERE id = ANY($1::uuid[])',
      [sourceIds],
    )
  ).rows;
  const contested = await dependingOnContested(claimIds);
  const shown = new Set([...claimNodes.map((c) => c.id), ...sourceNodes.map((s) => s.id)]);
  const both = (a: string, b: string) => shown.has(a) && shown.has(b);
  return [
    200,
    {
      truncated,
      elements: {
        nodes: [
          ...claimNodes.map((c) => ({
            data: {
              id: c.id,
              type: 'claim',
              label: c.statement,
              status: c.status,
              score: Number(c.score),
              dependsOnContested: contested.has(c.id),
            },
          })),
          ...sourceNodes.map((s) => ({
            data: {
              id: s.id,
              type: 'source',
              label: s.name,
              kind: s.kind,
              reliability: s.reliability,
              group: s.groupId,
            },
          })),
        ],
        edges: [
          ...[...stances.values()]
            .filter((s) => both(s.sourceId, s.claimId))
            .map((s) => ({
              data: {
                id: s.id,
                type: 'stance',
                source: s.sourceId,
                target: s.claimId,
                kind: s.kind,
                statedAt: s.statedAt.toISOString(),
              },
            })),
          ...[...links.values()]
            .filter((l) => both(l.fromClaimId, l.toClaimId))
            .map((l) => ({
              data: {
                id: l.id,
                type: 'link',
                source: l.fromClaimId,
                target: l.toClaimId,
                kind: l.kind,
              },
            })),
          ...[...affiliations.values()]
            .filter((a) => both(a.id, a.parentId))
            .map((a) => ({
              data: {
                id: `affiliation:${a.id}`,
                type: 'affiliation',
                source: a.id,
                target: a.parentId,
              },
            })),
        ],
      },
    },
  ];
}

const KINDS = new Set<string>(STANCE_KINDS);
const MAX_BODY = 16 * 1024;

async function readJson(req: IncomingMessage): Promise<Record<string, unknown> | null> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) return null;
    chunks.push(chunk);
  }
  try {
    const body: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    return body && typeof body === 'object' ? (body as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * A stance write: one transaction that locks the claim (so concurrent writers to it queue), inserts
 * the stance, evaluates the claim's stances with their sources by the same rules, and stores the
 * claim's new status, score and tallies.
 */
async function writeStance(claimId: string, req: IncomingMessage): Promise<[number, unknown]> {
  const body = await readJson(req);
  const sourceId = body?.sourceId;
  const kind = body?.kind;
  const stated = body?.statedAt;
  const statedAt = typeof stated === 'string' ? new Date(stated) : null;
  if (
    typeof sourceId !== 'string' ||
    !UUID.test(sourceId) ||
    typeof kind !== 'string' ||
    !KINDS.has(kind) ||
    (stated !== undefined && (statedAt === null || Number.isNaN(statedAt.getTime())))
  ) {
    return [400, { code: 'VALIDATION_FAILED' }];
  }
  const client = await writePool.connect();
  try {
    await client.query('BEGIN');
    const claim = await client.query(
      'SELECT status FROM claims WHERE id = $1 AND merged_into_id IS NULL FOR UPDATE',
      [claimId],
    );
    if (claim.rowCount === 0) {
      await client.query('ROLLBACK');
      return [404, { code: 'CLAIM_NOT_FOUND' }];
    }
    const id = randomUUID();
    const inserted = await client.query<{ id: string }>(
      `INSERT INTO stances (id, claim_id, source_id, kind, stated_at)
       SELECT $1, $2, s.id, $4, coalesce($5, now()) FROM sources s WHERE s.id = $3
       RETURNING id`,
      [id, claimId, sourceId, kind, statedAt],
    );
    if (inserted.rowCount === 0) {
      await client.query('ROLLBACK');
      return [422, { code: 'STANCE_SOURCE_NOT_FOUND' }];
    }
    const { rows } = await client.query<FactRow>(FACTS, [claimId]);
    const e = evaluateClaim(rows.map((r) => ({ ...r, seq: Number(r.seq) })));
    await client.query(
      `UPDATE claims SET status = $2, score = $3, support_groups = $4, support_sources = $5,
              refute_groups = $6, refute_sources = $7, version = version + 1, updated_at = now(),
              status_changed_at = CASE WHEN status = $2 THEN status_changed_at ELSE now() END
        WHERE id = $1`,
      [
        claimId,
        e.status,
        e.score,
        e.support.groups,
        e.support.sources,
        e.refute.groups,
        e.refute.sources,
      ],
    );
    await client.query('COMMIT');
    return [201, { id, claimId, status: e.status, score: e.score }];
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

async function route(req: IncomingMessage): Promise<[number, unknown]> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const parts = url.pathname.split('/').filter(Boolean);
  if (req.method === 'POST') {
    if (parts.length === 3 && parts[0] === 'claims' && parts[2] === 'stances')
      return UUID.test(parts[1]) ? writeStance(parts[1], req) : [400, { code: 'INVALID_ID' }];
    return [405, { code: 'METHOD_NOT_ALLOWED' }];
  }
  if (req.method !== 'GET') return [405, { code: 'METHOD_NOT_ALLOWED' }];
  if (parts.length === 1 && parts[0] === 'health') return [200, { status: 'ok' }];
  if (parts.length === 1 && parts[0] === 'graph') return graph(url.searchParams);
  if (parts[0] === 'claims') {
    if (parts.length === 1)
      return url.searchParams.has('q')
        ? searchClaims(url.searchParams)
        : listClaims(url.searchParams);
    if (!UUID.test(parts[1])) return [400, { code: 'INVALID_ID' }];
    if (parts.length === 2) return getClaim(parts[1]);
    if (parts.length === 3 && parts[2] === 'corroboration') return explainClaim(parts[1]);
  }
  return [404, { code: 'ROUTE_NOT_FOUND' }];
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

const server = createServer((req, res) => {
  route(req).then(
    ([status, body]) => send(res, status, body),
    (error: unknown) => {
      console.error(error);
      send(res, 500, { code: 'INTERNAL_ERROR' });
    },
  );
});

server.listen(Number(process.env.PORT ?? 3001), process.env.HOST ?? '127.0.0.1');

const stop = () => {
  server.close();
  server.closeAllConnections();
  void Promise.all([pool.end(), writePool.end()]).then(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
