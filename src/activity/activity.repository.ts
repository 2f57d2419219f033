import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { date, numeric, parsedJson } from '../common/columns.js';
import { queryRows } from '../common/sql.js';
import type { AuditFact, HistoryFact } from '../domain/activity.js';
import type { ClaimStatus } from '../domain/claims.js';

/** The audit entries that can concern a claim: those idx_audit_log_claim covers. */
const ABOUT_CLAIMS = `a.entity_type IN ('claim', 'stance', 'link', 'review')`;

export interface Span {
  since: Date;
  /** Exclusive; infinity when open. */
  until: Date | null;
  keyId: string | null;
}

export interface TouchedClaims {
  claims: { claimId: string; lastAt: Date }[];
  /** Whether either scan stopped at its cap (older changes in the span were not weighed). */
  capped: boolean;
}

export interface ClaimRow {
  id: string;
  statement: string;
  status: ClaimStatus;
  score: number;
  mergedIntoId: string | null;
}

const spanParams = (s: Span): unknown[] => [
  s.since.toISOString(),
  s.until ? s.until.toISOString() : 'infinity',
  s.keyId,
];

const toTime = (value: Date | string): Date => date.from(value) as Date;

/** Rows of several claims, each made into `T`, listed by claim in the order they came. */
function byClaim<R extends { claimId: string }, T>(
  rows: R[],
  make: (row: R) => T,
): Map<string, T[]> {
  const lists = new Map<string, T[]>();
  for (const r of rows) {
    const list = lists.get(r.claimId);
    if (list) list.push(make(r));
    else lists.set(r.claimId, [make(r)]);
  }
  return lists;
}

@Injectable()
export class ActivityRepository {
  /**
   * The claims changed in the span, newest change first, after `after`: worked out from the newest
   * `cap` audit entries and the newest `cap` status changes in it, so one answer weighs a bounded
   * number of rows however busy the span was. A key filter applies to those rows (filtering first
   * would have a rarely seen key walk the whole span's index).
   */
  async touchedClaims(
    db: EntityManager,
    span: Span,
    cap: number,
    after: { at: Date; claimId: string } | undefined,
    limit: number,
  ): Promise<TouchedClaims> {
    const [row] = await queryRows<{
      audits: number | string;
      histories: number | string;
      page: string | { claimId: string; lastAt: string }[];
    }>(
      db,
      `WITH a AS (
         SELECT audit_claim_ids(a.entity_type, a.entity_id, a.before, a.after) AS ids, a.at, a.key_id
           FROM audit_log a
          WHERE a.at >= $1::timestamptz AND a.at < $2::timestamptz AND ${ABOUT_CLAIMS}
          ORDER BY a.at DESC, a.id DESC
          LIMIT $4
       ), h AS (
         SELECT h.claim_id, h.changed_at AS at, h.key_id
           FROM claim_history h
          WHERE h.changed_at >= $1::timestamptz AND h.changed_at < $2::timestamptz
          ORDER BY h.changed_at DESC, h.id DESC
          LIMIT $4
       ), touched AS (
         SELECT claim_id, max(at) AS last_at
           FROM (SELECT c.claim_id, a.at FROM a CROSS JOIN LATERAL unnest(a.ids) AS c(claim_id)
                  WHERE $3::uuid IS NULL OR a.key_id = $3::uuid
                 UNION ALL
                 SELECT claim_id, at FROM h WHERE $3::uuid IS NULL OR h.key_id = $3::uuid) t
          GROUP BY claim_id
       )
       SELECT (SELECT count(*) FROM a) AS audits,
              (SELECT count(*) FROM h) AS histories,
              (SELECT coalesce(json_agg(json_build_object('claimId', p.claim_id, 'lastAt', p.last_at)
                                        ORDER BY p.last_at DESC, p.claim_id DESC), '[]')
                 FROM (SELECT claim_id, last_at FROM touched
                        WHERE $5::timestamptz IS NULL OR (last_at, claim_id) < ($5::timestamptz, $6::uuid)
                        ORDER BY last_at DESC, claim_id DESC
                        LIMIT $7) p) AS page`,
      [
        ...spanParams(span),
        cap,
        after ? after.at.toISOString() : null,
        after ? after.claimId : null,
        limit,
      ],
    );
    const page = parsedJson(row.page) as { claimId: string; lastAt: string }[];
    return {
      claims: page.map((p) => ({ claimId: p.claimId, lastAt: toTime(p.lastAt) })),
      capped: Number(row.audits) >= cap || Number(row.histories) >= cap,
    };
  }

  /** Each claim's newest `perClaim` audit entries in the span that concern it. */
  async entries(
    db: EntityManager,
    claimIds: string[],
    span: Span,
    perClaim: number,
  ): Promise<Map<string, AuditFact[]>> {
    const rows = await queryRows<
      Omit<AuditFact, 'id' | 'at'> & { claimId: string; id: string; at: Date | string }
    >(
      db,
      `SELECT p.claim_id AS "claimId", x.*
         FROM unnest($4::uuid[]) AS p(claim_id)
        CROSS JOIN LATERAL (
          SELECT a.id::text AS id, a.at, a.key_id AS "keyId", a.request_id AS "requestId", a.action,
                 a.entity_type AS "entityType", a.entity_id AS "entityId", a.before, a.after
            FROM audit_log a
           WHERE audit_claim_ids(a.entity_type, a.entity_id, a.before, a.after) @> ARRAY[p.claim_id]
             AND ${ABOUT_CLAIMS}
             AND a.at >= $1::timestamptz AND a.at < $2::timestamptz
             AND ($3::uuid IS NULL OR a.key_id = $3::uuid)
           ORDER BY a.id DESC
           LIMIT $5) x`,
      [...spanParams(span), claimIds, perClaim],
    );
    return byClaim(rows, (r) => ({
      id: Number(r.id),
      at: toTime(r.at),
      keyId: r.keyId,
      requestId: r.requestId,
      action: r.action,
      entityType: r.entityType,
      entityId: r.entityId,
      before: parsedJson(r.before),
      after: parsedJson(r.after),
    }));
  }

  /** Each claim's newest `perClaim` status and score changes in the span. */
  async history(
    db: EntityManager,
    claimIds: string[],
    span: Span,
    perClaim: number,
  ): Promise<Map<string, HistoryFact[]>> {
    const rows = await queryRows<
      Omit<HistoryFact, 'id' | 'at' | 'fromScore' | 'toScore'> & {
        claimId: string;
        id: string;
        at: Date | string;
        fromScore: number | string | null;
        toScore: number | string;
      }
    >(
      db,
      `SELECT p.claim_id AS "claimId", x.*
         FROM unnest($4::uuid[]) AS p(claim_id)
        CROSS JOIN LATERAL (
          SELECT h.id::text AS id, h.changed_at AS at, h.key_id AS "keyId", h.request_id AS "requestId",
                 h.cause, h.cause_id AS "causeId", h.from_status AS "fromStatus", h.to_status AS "toStatus",
                 h.from_score AS "fromScore", h.to_score AS "toScore"
            FROM claim_history h
           WHERE h.claim_id = p.claim_id
             AND h.changed_at >= $1::timestamptz AND h.changed_at < $2::timestamptz
             AND ($3::uuid IS NULL OR h.key_id = $3::uuid)
           ORDER BY h.changed_at DESC, h.id DESC
           LIMIT $5) x`,
      [...spanParams(span), claimIds, perClaim],
    );
    return byClaim(rows, (r) => ({
      id: Number(r.id),
      at: toTime(r.at),
      keyId: r.keyId,
      requestId: r.requestId,
      cause: r.cause,
      causeId: r.causeId,
      fromStatus: r.fromStatus,
      toStatus: r.toStatus,
      fromScore: r.fromScore === null ? null : (numeric.from(r.fromScore) as number),
      toScore: numeric.from(r.toScore) as number,
    }));
  }

  /** Each claim's status just before `since`, from its history; claims that did not exist are left out. */
  async statusesAt(
    db: EntityManager,
    claimIds: string[],
    since: Date,
  ): Promise<Map<string, ClaimStatus>> {
    const rows = await queryRows<{ claimId: string; status: ClaimStatus | null }>(
      db,
      `SELECT p.claim_id AS "claimId",
              (SELECT h.to_status FROM claim_history h
                WHERE h.claim_id = p.claim_id AND h.changed_at < $2::timestamptz
                ORDER BY h.changed_at DESC, h.id DESC LIMIT 1) AS status
         FROM unnest($1::uuid[]) AS p(claim_id)`,
      [claimIds, since.toISOString()],
    );
    return new Map(
      rows.filter((r) => r.status !== null).map((r) => [r.claimId, r.status as ClaimStatus]),
    );
  }

  async claims(db: EntityManager, ids: string[]): Promise<Map<string, ClaimRow>> {
    if (ids.length === 0) return new Map();
    const rows = await queryRows<Omit<ClaimRow, 'score'> & { score: number | string }>(
      db,
      `SELECT id::text AS id, statement, status, score, merged_into_id AS "mergedIntoId"
         FROM claims WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, { ...r, score: numeric.from(r.score) as number }]));
  }

  async sourceNames(db: EntityManager, ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await queryRows<{ id: string; name: string }>(
      db,
      `SELECT id::text AS id, name FROM sources WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r.name]));
  }
}
