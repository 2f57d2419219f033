import type { HistoryCause } from '../domain/claims.js';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Prepared, queryRows } from '../common/sql.js';
import { appendAuditRows, auditParams, type AuditRow } from '../audit/audit.repository.js';
import { ClaimHistoryEntity } from './claim-history.entity.js';
import type { ReviewState, Verdict } from '../domain/review.rules.js';
import type { ClaimStatus } from '../domain/claims.js';
import type { GroupSide } from './group-sides.js';
import type { StanceFact } from './evaluation.js';

export interface StoredCorroboration {
  id: string;
  status: ClaimStatus;
  score: number;
  supportGroups: number;
  supportSources: number;
  refuteGroups: number;
  refuteSources: number;
}

/** A claim as locked for re-evaluation: its corroboration, its review, and whether it was merged away. */
export interface LockedClaim extends StoredCorroboration {
  reviewState: ReviewState;
  reviewVerdict: Verdict | null;
  mergedIntoId: string | null;
}

export interface CorroborationUpdate extends StoredCorroboration {
  reviewState: ReviewState;
  reviewDivergent: boolean;
  reviewPriority: number;
}

/** What made a claim's values change, for its history: `cause` names the kind of write. */
export interface ChangeCause {
  cause: HistoryCause;
  causeId: string | null;
  keyId: string | null;
  requestId: string | null;
}

export interface HistoryEntry {
  claimId: string;
  from: StoredCorroboration | null;
  to: StoredCorroboration;
}

/** A stance fact as the driver hands it over: its claim, times and order not yet converted. */
export type FactRow = Omit<StanceFact, 'statedAt' | 'recordedAt' | 'seq' | 'via'> & {
  claimId: string;
  viaSourceId: string | null;
  viaSourceName: string | null;
  viaGroupId: string | null;
  viaGroupName: string | null;
  statedAt: Date | string;
  recordedAt: Date | string;
  seq: string | number;
};

/**
 * What the rules need of a claim's stances and their sources, as columns of a select list over
 * `st` (the stances) and STANCE_FACT_LOOKUPS.
 */
export const STANCE_FACT_COLUMNS = `st.claim_id AS "claimId", st.id AS "stanceId", st.source_id AS "sourceId", src.name AS "sourceName",
          src.reliability, src.independence_group_id AS "groupId", root.name AS "groupName",
          st.kind, st.stated_at AS "statedAt", st.recorded_at AS "recordedAt", st.seq, src.anonymous,
          st.via_source_id AS "viaSourceId", via.name AS "viaSourceName",
          via.independence_group_id AS "viaGroupId", via_root.name AS "viaGroupName"`;

/**
 * What STANCE_FACT_COLUMNS reads from, after `FROM <stances> st`: each stance's source, its group's
 * root, its relay and the relay's root, each looked up by primary key on its own (`OFFSET 0` keeps
 * the planner from turning the lookups back into joins). A claim has a handful of stances; as
 * joins, a plan would hash all the sources (20,000 at the benchmark's full size) to find a few dozen
 * of them: for the 50 claims a refresh of assessments reads at once, 31 ms against 59–94 ms.
 */
export const STANCE_FACT_LOOKUPS = `CROSS JOIN LATERAL (SELECT s.name, s.reliability, s.independence_group_id, s.anonymous
                           FROM sources s WHERE s.id = st.source_id OFFSET 0) src
     CROSS JOIN LATERAL (SELECT r.name FROM sources r WHERE r.id = src.independence_group_id OFFSET 0) root
     LEFT JOIN LATERAL (SELECT v.name, v.independence_group_id
                          FROM sources v WHERE v.id = st.via_source_id OFFSET 0) via ON true
     LEFT JOIN LATERAL (SELECT r.name FROM sources r WHERE r.id = via.independence_group_id OFFSET 0) via_root ON true`;

/** Rows of STANCE_FACT_COLUMNS as the rules take them, by claim (every claim asked for has a list). */
export function factsByClaim(claimIds: string[], rows: FactRow[]): Map<string, StanceFact[]> {
  const byClaim = new Map<string, StanceFact[]>(claimIds.map((id) => [id, []]));
  for (const r of rows) {
    byClaim.get(r.claimId)?.push({
      stanceId: r.stanceId,
      sourceId: r.sourceId,
      sourceName: r.sourceName,
      reliability: r.reliability,
      groupId: r.groupId,
      groupName: r.groupName,
      kind: r.kind,
      statedAt: new Date(r.statedAt),
      recordedAt: new Date(r.recordedAt),
      seq: Number(r.seq),
      anonymous: r.anonymous,
      via: r.viaSourceId
        ? {
            sourceId: r.viaSourceId,
            sourceName: r.viaSourceName!,
            groupId: r.viaGroupId!,
            groupName: r.viaGroupName!,
          }
        : null,
    });
  }
  return byClaim;
}

/** The SQL behind keeping each claim's stored status, score and counts current. */
@Injectable()
export class CorroborationRepository {
  /** Locks the claims' rows, in id order so concurrent writers never deadlock; returns those found. */
  async lockClaims(db: EntityManager, claimIds: string[]): Promise<LockedClaim[]> {
    if (claimIds.length === 0) return [];
    return queryRows<LockedClaim>(db, LOCK_CLAIMS, [claimIds]).then((rows) => rows.map(toLocked));
  }

  /**
   * Share-locks the sources a write names, then locks the claim, in one statement: the sources are
   * locked while the claim's row is read, before its lock is taken, the order every writer follows.
   * Returns the claim (undefined if there is none) and which of the sources exist.
   */
  async lockClaimAfterSources(
    db: EntityManager,
    claimId: string,
    sourceIds: string[],
  ): Promise<{ claim: LockedClaim | undefined; sources: Set<string> }> {
    const unique = [...new Set(sourceIds)];
    const [row] = await queryRows<LockedClaim & { sourceIds: string[] }>(
      db,
      unique.length <= 2 ? LOCK_CLAIM_AFTER_TWO_SOURCES : LOCK_CLAIM_AFTER_SOURCES,
      unique.length <= 2 ? [claimId, unique[0] ?? null, unique[1] ?? null] : [claimId, unique],
    );
    if (!row) return { claim: undefined, sources: new Set() };
    const { sourceIds: found, ...claim } = row;
    return { claim: toLocked(claim), sources: new Set(found) };
  }

  /** Whether the claim exists, and if so whether it was merged into another, and its verdict. */
  async findClaimPresence(
    db: EntityManager,
    claimId: string,
  ): Promise<{ mergedIntoId: string | null; reviewVerdict: Verdict | null } | undefined> {
    const rows = await queryRows<{ mergedIntoId: string | null; reviewVerdict: Verdict | null }>(
      db,
      CLAIM_PRESENCE,
      [claimId],
    );
    return rows[0];
  }

  /** Every stance of these claims with its source's grade and independence group, grouped by claim. */
  async findStanceFacts(
    db: EntityManager,
    claimIds: string[],
    asOf?: Date,
  ): Promise<Map<string, StanceFact[]>> {
    if (claimIds.length === 0) return new Map();
    const rows = await queryRows<FactRow>(
      db,
      claimIds.length === 1 ? ONE_CLAIM_STANCE_FACTS : STANCE_FACTS,
      [claimIds.length === 1 ? claimIds[0] : claimIds, asOf ? asOf.toISOString() : null],
    );
    return factsByClaim(claimIds, rows);
  }

  /**
   * Claims any of these sources has taken a stance on or relayed one on, in id order (a relay's
   * group is the group of the anonymous sources it carries).
   */
  async findClaimIdsBySources(db: EntityManager, sourceIds: string[]): Promise<string[]> {
    if (sourceIds.length === 0) return [];
    const rows = await queryRows<{ claimId: string }>(
      db,
      `SELECT claim_id AS "claimId" FROM stances WHERE source_id = ANY($1::uuid[])
       UNION
       SELECT claim_id FROM stances WHERE via_source_id = ANY($1::uuid[])
       ORDER BY 1`,
      [sourceIds],
    );
    return rows.map((r) => r.claimId);
  }

  /** Live claim ids after `afterId`, in id order: the recompute walks the table with this. A merged
   * claim keeps the values it had when it was merged away. */
  async findClaimIdsAfter(
    db: EntityManager,
    afterId: string | null,
    limit: number,
  ): Promise<string[]> {
    const rows = await queryRows<{ id: string }>(
      db,
      `SELECT id FROM claims WHERE ($1::uuid IS NULL OR id > $1::uuid) AND merged_into_id IS NULL ORDER BY id LIMIT $2`,
      [afterId, limit],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Stores what re-evaluating these claims found, in one statement: their new values, a history row
   * for each whose values moved, and the removal of group sides they no longer have. Each claim in
   * `updates` is marked changed (a new `version` and `updated_at`); `status_changed_at` moves only
   * when the status does. A claim this transaction created keeps the `updated_at` it was created
   * with (its row's `xmin` is the transaction's id): an import gives claims their recorded times, and
   * their first evaluation, in the same transaction, is part of their creation. (No writer creates
   * claims inside a savepoint, whose rows would carry the subtransaction's id instead.) New sides are added afterwards by `addGroupSides`: a side can change in
   * place (a row removed and one with the same key added), which one statement cannot do. Every
   * claim in `claimIds` is also queued for its learned assessment to be recomputed.
   */
  async saveEvaluations(
    db: EntityManager,
    { updates, history, cause, claimIds, sides, audit = [] }: EvaluationWrite,
  ): Promise<void> {
    if (
      updates.length === 0 &&
      history.length === 0 &&
      claimIds.length === 0 &&
      audit.length === 0
    ) {
      return;
    }
    const [update] = updates;
    const [entry] = history;
    if (
      updates.length === 1 &&
      claimIds.length === 1 &&
      claimIds[0] === update.id &&
      history.length <= 1 &&
      (!entry || entry.claimId === update.id) &&
      sides.every((x) => x.claimId === update.id)
    ) {
      await queryRows(db, SAVE_ONE_EVALUATION, [
        update.id,
        update.status,
        update.score,
        update.supportGroups,
        update.supportSources,
        update.refuteGroups,
        update.refuteSources,
        update.reviewState,
        update.reviewDivergent,
        update.reviewPriority,
        entry !== undefined,
        entry?.from?.status ?? null,
        entry?.from?.score ?? null,
        cause.cause,
        cause.causeId,
        cause.keyId,
        cause.requestId,
        sides.map((x) => x.groupId),
        sides.map((x) => x.side),
        ...auditParams(audit),
      ]);
      return;
    }
    await queryRows(db, SAVE_EVALUATIONS, [
      updates.map((u) => u.id),
      updates.map((u) => u.status),
      updates.map((u) => u.score),
      updates.map((u) => u.supportGroups),
      updates.map((u) => u.supportSources),
      updates.map((u) => u.refuteGroups),
      updates.map((u) => u.refuteSources),
      updates.map((u) => u.reviewState),
      updates.map((u) => u.reviewDivergent),
      updates.map((u) => u.reviewPriority),
      ...historyParams(history, cause),
      claimIds,
      ...sideColumns(sides),
      ...auditParams(audit),
    ]);
  }

  /** A claim's history, oldest first (keyset on id). */
  findHistory(
    db: EntityManager,
    claimId: string,
    afterId: number | undefined,
    limit: number,
  ): Promise<ClaimHistoryEntity[]> {
    const qb = db
      .getRepository(ClaimHistoryEntity)
      .createQueryBuilder('h')
      .where('h.claim_id = :claimId', { claimId });
    if (afterId !== undefined) qb.andWhere('h.id > :afterId', { afterId });
    return qb
      .orderBy('h.id', 'ASC')
      .limit(limit + 1)
      .getMany();
  }

  /** Each claim's latest change of status (a score-only change is skipped), by claim id. */
  async findLatestStatusChanges(
    db: EntityManager,
    claimIds: string[],
  ): Promise<Map<string, ClaimHistoryEntity>> {
    if (claimIds.length === 0) return new Map();
    const rows = await db
      .getRepository(ClaimHistoryEntity)
      .createQueryBuilder('h')
      .distinctOn(['h.claim_id'])
      .where('h.claim_id = ANY(:ids::uuid[])', { ids: claimIds })
      .andWhere('h.from_status IS DISTINCT FROM h.to_status')
      .orderBy('h.claim_id')
      .addOrderBy('h.id', 'DESC')
      .getMany();
    return new Map(rows.map((h) => [h.claimId, h]));
  }

  /** The last change recorded at or before `at`: what the system showed then. */
  findHistoryAt(db: EntityManager, claimId: string, at: Date): Promise<ClaimHistoryEntity | null> {
    return db
      .getRepository(ClaimHistoryEntity)
      .createQueryBuilder('h')
      .where('h.claim_id = :claimId AND h.changed_at <= :at', { claimId, at: at.toISOString() })
      .orderBy('h.changed_at', 'DESC')
      .addOrderBy('h.id', 'DESC')
      .limit(1)
      .getOne();
  }

  /** Marks claims' learned assessments out of date: the refresher recomputes them (see AssessmentService). */
  async enqueueAssessments(db: EntityManager, claimIds: string[]): Promise<void> {
    if (claimIds.length === 0) return;
    await db.query(`INSERT INTO assessment_queue (claim_id) SELECT unnest($1::uuid[])`, [claimIds]);
  }

  /** Appends one history row per claim whose status or score changed. */
  async appendHistory(
    db: EntityManager,
    entries: HistoryEntry[],
    cause: ChangeCause,
  ): Promise<void> {
    if (entries.length === 0) return;
    await db.query(APPEND_HISTORY, historyParams(entries, cause));
  }

  /**
   * Adds the group sides `saveEvaluations` found new. Rows that stay the same are not written, so the
   * triggers that count agreement between groups (see the dashboard-aggregates migration) only see
   * what changed; each statement's triggers see the table as that statement left it, which is why
   * removals and additions are two statements.
   */
  async addGroupSides(db: EntityManager, sides: ClaimGroupSide[]): Promise<void> {
    if (sides.length === 0) return;
    await queryRows(db, ADD_GROUP_SIDES, sideColumns(sides));
  }
}

/** One independence group's side on one claim, for the dashboard's agreement matrix. */
export interface ClaimGroupSide {
  claimId: string;
  groupId: string;
  side: GroupSide;
}

/** The history's record of a write: which kind, on what, by which key in which request. */
export const changeCause = (
  cause: HistoryCause,
  causeId: string | null,
  actor: { keyId: string | null; requestId: string | null } | null,
): ChangeCause => ({
  cause,
  causeId,
  keyId: actor?.keyId ?? null,
  requestId: actor?.requestId ?? null,
});

/** What re-evaluating a batch of claims writes: `sides` is every side of the claims in `claimIds`. */
export interface EvaluationWrite {
  updates: CorroborationUpdate[];
  history: HistoryEntry[];
  cause: ChangeCause;
  claimIds: string[];
  sides: ClaimGroupSide[];
  /** The write's own audit entries, stored by the same statement. */
  audit?: AuditRow[];
}

/**
 * Placeholders for a statement's parameters when it is one part of a larger statement: `p(1)` is
 * the part's first parameter, numbered after the `before` parameters of the parts ahead of it.
 */
const placeholders =
  (before: number) =>
  (n: number): string =>
    `$${before + n}`;

/** Appends history rows from the 13 parameters of `historyParams`, numbered after `before` others. */
const appendHistory = (before = 0): string => {
  const p = placeholders(before);
  return `INSERT INTO claim_history (claim_id, from_status, to_status, from_score, to_score, support_groups,
                                  support_sources, refute_groups, refute_sources, cause, cause_id, key_id, request_id)
       SELECT v.claim_id, v.from_status, v.to_status, v.from_score, v.to_score, v.sg, v.ss, v.rg, v.rs,
              ${p(10)}, ${p(11)}, ${p(12)}, ${p(13)}
         FROM unnest(${p(1)}::uuid[], ${p(2)}::text[], ${p(3)}::text[], ${p(4)}::float8[], ${p(5)}::float8[],
                     ${p(6)}::int[], ${p(7)}::int[], ${p(8)}::int[], ${p(9)}::int[])
              AS v(claim_id, from_status, to_status, from_score, to_score, sg, ss, rg, rs)`;
};
const APPEND_HISTORY = appendHistory();

const historyParams = (entries: HistoryEntry[], cause: ChangeCause): unknown[] => [
  entries.map((e) => e.claimId),
  entries.map((e) => e.from?.status ?? null),
  entries.map((e) => e.to.status),
  entries.map((e) => e.from?.score ?? null),
  entries.map((e) => e.to.score),
  entries.map((e) => e.to.supportGroups),
  entries.map((e) => e.to.supportSources),
  entries.map((e) => e.to.refuteGroups),
  entries.map((e) => e.to.refuteSources),
  cause.cause,
  cause.causeId,
  cause.keyId,
  cause.requestId,
];

/**
 * Drops the sides of the claims in the first parameter that are not among the next three (claim,
 * group, side): gone or changed. Its 4 parameters are numbered after `before` others.
 */
const dropGroupSides = (before = 0): string => {
  const p = placeholders(before);
  return `DELETE FROM claim_group_sides s
        WHERE s.claim_id = ANY(${p(1)}::uuid[])
          AND NOT EXISTS (SELECT 1 FROM unnest(${p(2)}::uuid[], ${p(3)}::uuid[], ${p(4)}::text[]) AS v(claim_id, group_id, side)
                           WHERE v.claim_id = s.claim_id AND v.group_id = s.group_id AND v.side = s.side)`;
};

const sideColumns = (sides: ClaimGroupSide[]): unknown[] => [
  sides.map((s) => s.claimId),
  sides.map((s) => s.groupId),
  sides.map((s) => s.side),
];

/** A claim's row as `LockedClaim` wants it (`score` still to be made a number). */
const LOCKED_CLAIM_COLUMNS = `id, status, score, support_groups AS "supportGroups", support_sources AS "supportSources",
          refute_groups AS "refuteGroups", refute_sources AS "refuteSources",
          review_state AS "reviewState", review_verdict AS "reviewVerdict", merged_into_id AS "mergedIntoId"`;

const LOCK_CLAIMS = new Prepared(
  'claims-lock',
  `SELECT ${LOCKED_CLAIM_COLUMNS}
     FROM claims WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
);

const lockClaimAfterSources = (sources: string): string => `SELECT ${LOCKED_CLAIM_COLUMNS},
          ARRAY(SELECT s.id FROM sources s WHERE ${sources} AND s.merged_into_id IS NULL ORDER BY s.id FOR SHARE)::text[]
            AS "sourceIds"
     FROM claims WHERE id = $1::uuid FOR UPDATE OF claims`;

const LOCK_CLAIM_AFTER_SOURCES = new Prepared(
  'claims-lock-after-sources',
  lockClaimAfterSources('s.id = ANY($2::uuid[])'),
);

/**
 * The same for a stance's source and relay, the common write: with a fixed number of parameters,
 * PostgreSQL settles on one generic plan rather than planning the statement on every call.
 */
const LOCK_CLAIM_AFTER_TWO_SOURCES = new Prepared(
  'claims-lock-after-two-sources',
  lockClaimAfterSources('s.id IN ($2::uuid, $3::uuid)'),
);

const toLocked = <T extends LockedClaim>(row: T): T => ({ ...row, score: Number(row.score) });

const STANCE_FACTS = new Prepared(
  'claims-stance-facts',
  `SELECT ${STANCE_FACT_COLUMNS}
     FROM stances st
     ${STANCE_FACT_LOOKUPS}
    WHERE st.claim_id = ANY($1::uuid[]) AND ($2::timestamptz IS NULL OR st.stated_at <= $2::timestamptz)`,
);

/**
 * STANCE_FACTS for one claim, the common read (an explanation, a write): with the claim as a single
 * parameter PostgreSQL keeps one generic plan, where an array made it plan every call afresh
 * (0.4 ms, twice what running it took).
 */
const ONE_CLAIM_STANCE_FACTS = new Prepared(
  'claim-stance-facts',
  `SELECT ${STANCE_FACT_COLUMNS}
     FROM stances st
     ${STANCE_FACT_LOOKUPS}
    WHERE st.claim_id = $1::uuid AND ($2::timestamptz IS NULL OR st.stated_at <= $2::timestamptz)`,
);

/** Whether a claim exists, was merged away, and its standing verdict: checked before most reads. */
const CLAIM_PRESENCE = new Prepared(
  'claim-presence',
  'SELECT merged_into_id AS "mergedIntoId", review_verdict AS "reviewVerdict" FROM claims WHERE id = $1',
);

/** What saving an evaluation sets on the claim's row (`c`) from its new values (`v`). */
const SET_EVALUATION = `status = v.status,
            score = v.score,
            support_groups = v.support_groups,
            support_sources = v.support_sources,
            refute_groups = v.refute_groups,
            refute_sources = v.refute_sources,
            review_state = v.review_state,
            review_divergent = v.review_divergent,
            review_priority = v.review_priority,
            status_changed_at = CASE WHEN c.status <> v.status THEN now() ELSE c.status_changed_at END,
            updated_at = CASE WHEN c.xmin = pg_current_xact_id()::xid THEN c.updated_at ELSE now() END,
            version = c.version + 1`;

/**
 * SAVE_EVALUATIONS for one claim's new values (and at most one history row), the common write, as
 * single parameters rather than arrays, so PostgreSQL settles on one generic plan instead of
 * planning the statement on every call: $1–$10 the values (as the arrays' elements there), $11
 * whether they make a history row, $12–$13 the status and score before, $14–$17 the cause, $18–$19
 * the claim's group sides (group, side), $20–$26 the audit entries.
 */
const SAVE_ONE_EVALUATION = new Prepared(
  'claims-save-one-evaluation',
  `WITH v AS (
     SELECT $1::uuid AS id, $2::text AS status, $3::float8 AS score, $4::int AS support_groups,
            $5::int AS support_sources, $6::int AS refute_groups, $7::int AS refute_sources,
            $8::text AS review_state, $9::boolean AS review_divergent, $10::smallint AS review_priority
   ), updated AS (
     UPDATE claims AS c SET ${SET_EVALUATION} FROM v WHERE c.id = v.id
     RETURNING 1
   ), appended AS (
     INSERT INTO claim_history (claim_id, from_status, to_status, from_score, to_score, support_groups,
                                support_sources, refute_groups, refute_sources, cause, cause_id, key_id, request_id)
     SELECT v.id, $12::text, v.status, $13::float8, v.score, v.support_groups, v.support_sources,
            v.refute_groups, v.refute_sources, $14, $15, $16, $17
       FROM v WHERE $11::boolean
     RETURNING 1
   ), dropped AS (
     DELETE FROM claim_group_sides s
      WHERE s.claim_id = $1::uuid
        AND NOT EXISTS (SELECT 1 FROM unnest($18::uuid[], $19::text[]) AS x(group_id, side)
                         WHERE x.group_id = s.group_id AND x.side = s.side)
     RETURNING 1
   ), queued AS (
     INSERT INTO assessment_queue (claim_id) VALUES ($1::uuid)
     RETURNING 1
   ), audited AS (
     ${appendAuditRows(20)}
     RETURNING 1
   )
   SELECT 1`,
);

const SAVE_EVALUATIONS = new Prepared(
  'claims-save-evaluations',
  `WITH updated AS (
     UPDATE claims AS c
        SET ${SET_EVALUATION}
       FROM unnest($1::uuid[], $2::text[], $3::float8[], $4::int[], $5::int[], $6::int[], $7::int[],
                   $8::text[], $9::boolean[], $10::smallint[])
            AS v(id, status, score, support_groups, support_sources, refute_groups, refute_sources,
                 review_state, review_divergent, review_priority)
      WHERE c.id = v.id
     RETURNING 1
   ), appended AS (
     ${appendHistory(10)}
     RETURNING 1
   ), dropped AS (
     ${dropGroupSides(23)}
     RETURNING 1
   ), queued AS (
     INSERT INTO assessment_queue (claim_id) SELECT unnest($24::uuid[])
     RETURNING 1
   ), audited AS (
     ${appendAuditRows(28)}
     RETURNING 1
   )
   SELECT 1`,
);

const ADD_GROUP_SIDES = new Prepared(
  'claims-add-group-sides',
  `INSERT INTO claim_group_sides (claim_id, group_id, side)
   SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[]) AS v(claim_id, group_id, side) ORDER BY 1, 2
   ON CONFLICT (claim_id, group_id) DO NOTHING`,
);
