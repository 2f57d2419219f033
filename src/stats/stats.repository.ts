import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { queryOne, queryRows } from '../common/sql.js';
import { CLAIM_STATUSES, type ClaimStatus } from '../domain/claims.js';

/** Any fixed 64-bit number works; every instance must use the same one. */
const FOLD_LOCK_KEY = '5161703924118';

const STATUS_COLUMNS = CLAIM_STATUSES.map((s) => `"${s}"`).join(', ');
const SIDE = `('supports', 'refutes')`;

/**
 * Every query `GET /v1/stats` answers from, by section. Each reads an aggregate or walks an index
 * for as many rows as it returns; the stats suite checks their plans.
 */
export const STATS_QUERIES = {
  statusCounts: `SELECT status, claims FROM claim_status_counts`,
  topTags: `
    SELECT tag, claims, ${STATUS_COLUMNS} FROM claim_tag_counts
     ORDER BY claims DESC, tag LIMIT $1`,
  statusChanges: `
    SELECT to_char(day, 'YYYY-MM-DD') AS day, to_status AS "toStatus", changes FROM status_changes_daily
     WHERE day BETWEEN $1::date AND $2::date`,
  mostDisputed: `
    SELECT id, statement, tags, score, support_groups AS "supportGroups", support_sources AS "supportSources",
           refute_groups AS "refuteGroups", refute_sources AS "refuteSources", status_changed_at AS "statusChangedAt"
      FROM claims
     WHERE status = 'disputed' AND merged_into_id IS NULL
     ORDER BY LEAST(support_groups, refute_groups) DESC, support_groups + refute_groups DESC, status_changed_at DESC, id DESC
     LIMIT $1`,
  // Names by primary key, one lookup per row returned, whatever the size of the sources table.
  agreement: `
    SELECT p.group_a AS "groupA", (SELECT name FROM sources WHERE id = p.group_a) AS "nameA",
           p.group_b AS "groupB", (SELECT name FROM sources WHERE id = p.group_b) AS "nameB",
           p.agree, p.disagree, p.shared
      FROM (SELECT * FROM group_agreement ORDER BY shared DESC, group_a, group_b LIMIT $1) p
     ORDER BY p.shared DESC, p.group_a, p.group_b`,
  groupAgreement: `
    SELECT $1::uuid AS "groupA", (SELECT name FROM sources WHERE id = $1::uuid) AS "nameA",
           p.other AS "groupB", (SELECT name FROM sources WHERE id = p.other) AS "nameB",
           p.agree, p.disagree, p.shared
      FROM (
        (SELECT group_b AS other, agree, disagree, shared FROM group_agreement WHERE group_a = $1::uuid ORDER BY shared DESC, group_b LIMIT $2)
        UNION ALL
        (SELECT group_a AS other, agree, disagree, shared FROM group_agreement WHERE group_b = $1::uuid ORDER BY shared DESC, group_a LIMIT $2)
      ) p
     ORDER BY p.shared DESC, p.other
     LIMIT $2`,
} as const;

export interface TagCountRow extends Record<ClaimStatus, number | string> {
  tag: string;
  claims: number | string;
}

export interface DayChangeRow {
  day: string;
  toStatus: ClaimStatus;
  changes: number | string;
}

export interface DisputedClaimRow {
  id: string;
  statement: string;
  tags: string[];
  score: number | string;
  supportGroups: number;
  supportSources: number;
  refuteGroups: number;
  refuteSources: number;
  statusChangedAt: Date | string;
}

export interface AgreementRow {
  groupA: string;
  nameA: string | null;
  groupB: string;
  nameB: string | null;
  agree: number;
  disagree: number;
  shared: number;
}

/** How many entries of each aggregate disagreed with a fresh count over the base tables. */
export interface AggregateCheck {
  claims: number;
  tags: number;
  statusChanges: number;
  agreement: number;
}

/**
 * Fresh counts over the base tables, in the shape of each aggregate: what the triggers must have
 * kept. Whole-table scans, for verifying and rebuilding only, never for answering a request.
 */
const FRESH = {
  claim_status_counts: {
    key: ['status'],
    values: ['claims'],
    sql: `SELECT s.status, count(c.id) AS claims
            FROM unnest($1::text[]) AS s(status) LEFT JOIN claims c ON c.status = s.status AND c.merged_into_id IS NULL
           GROUP BY s.status`,
  },
  claim_tag_counts: {
    key: ['tag'],
    values: ['claims', ...CLAIM_STATUSES],
    sql: `SELECT t.tag, count(*) AS claims, ${CLAIM_STATUSES.map((s) => `count(*) FILTER (WHERE c.status = '${s}') AS "${s}"`).join(', ')}
            FROM claims c CROSS JOIN LATERAL unnest(c.tags) AS t(tag)
           WHERE c.merged_into_id IS NULL GROUP BY t.tag`,
  },
  status_changes_daily: {
    key: ['day', 'to_status'],
    values: ['changes'],
    sql: `SELECT (changed_at AT TIME ZONE 'UTC')::date AS day, to_status, count(*) AS changes
            FROM claim_history WHERE from_status <> to_status GROUP BY 1, 2`,
  },
  group_agreement: {
    key: ['group_a', 'group_b'],
    values: ['agree', 'disagree', 'shared'],
    sql: `SELECT a.group_id AS group_a, b.group_id AS group_b,
                 count(*) FILTER (WHERE a.side = b.side AND a.side IN ${SIDE}) AS agree,
                 count(*) FILTER (WHERE a.side <> b.side AND a.side IN ${SIDE} AND b.side IN ${SIDE}) AS disagree,
                 count(*) AS shared
            FROM claim_group_sides a JOIN claim_group_sides b ON b.claim_id = a.claim_id AND b.group_id > a.group_id
           GROUP BY 1, 2`,
  },
} as const;

type AggregateTable = keyof typeof FRESH;
const CHECKED: Record<keyof AggregateCheck, AggregateTable> = {
  claims: 'claim_status_counts',
  tags: 'claim_tag_counts',
  statusChanges: 'status_changes_daily',
  agreement: 'group_agreement',
};

const toNumber = (v: number | string): number => Number(v);

/** The newest delta id of each kind, as text (bigint). */
export interface DeltaCeiling {
  counts: string;
  changes: string;
  pairs: string;
}

/** The SQL behind the dashboard: reading the aggregates, folding deltas into them, checking them. */
@Injectable()
export class StatsRepository {
  /** The newest delta of each kind now: a fold in chunks stops there, so steady writes cannot keep it going. */
  async deltaCeiling(db: EntityManager): Promise<DeltaCeiling> {
    const [row] = await queryRows<{
      counts: string | null;
      changes: string | null;
      pairs: string | null;
    }>(
      db,
      `SELECT (SELECT max(id) FROM claim_count_deltas)::text AS counts,
              (SELECT max(id) FROM status_change_deltas)::text AS changes,
              (SELECT max(id) FROM group_agreement_deltas)::text AS pairs`,
    );
    return { counts: row.counts ?? '0', changes: row.changes ?? '0', pairs: row.pairs ?? '0' };
  }

  /**
   * Folds the deltas writers appended into the aggregates, in the caller's transaction. One folder
   * at a time (an advisory lock); writers are never waited for, and deltas committed meanwhile wait
   * for the next fold. Pairs and tags that come to nothing are removed. With `chunk`, folds at most
   * that many deltas of each kind, up to `ceiling`, and says whether any are left there: a bulk
   * import leaves millions, which one statement could not fold within the statement timeout.
   */
  async fold(db: EntityManager, chunk?: { size: number; ceiling: DeltaCeiling }): Promise<boolean> {
    await db.query('SELECT pg_advisory_xact_lock($1)', [FOLD_LOCK_KEY]);
    const take = (table: string, ceiling: string | undefined) =>
      chunk
        ? `DELETE FROM ${table} WHERE id IN (SELECT id FROM ${table} WHERE id <= ${BigInt(ceiling!)} ORDER BY id LIMIT ${chunk.size})`
        : `DELETE FROM ${table}`;
    const sum = (s: string) => `coalesce(sum(delta) FILTER (WHERE status = '${s}'), 0)`;
    const emptyTags = await queryRows<{ tag: string }>(
      db,
      `WITH moved AS (${take('claim_count_deltas', chunk?.ceiling.counts)} RETURNING tag, status, delta),
       totals AS (
         UPDATE claim_status_counts c SET claims = c.claims + m.delta
           FROM (SELECT status, sum(delta) AS delta FROM moved WHERE tag IS NULL GROUP BY status) m
          WHERE c.status = m.status
       ),
       tagged AS (
         INSERT INTO claim_tag_counts (tag, claims, ${STATUS_COLUMNS})
         SELECT tag, sum(delta), ${CLAIM_STATUSES.map(sum).join(', ')}
           FROM moved WHERE tag IS NOT NULL GROUP BY tag ORDER BY tag
         ON CONFLICT (tag) DO UPDATE SET claims = claim_tag_counts.claims + EXCLUDED.claims,
           ${CLAIM_STATUSES.map((s) => `"${s}" = claim_tag_counts."${s}" + EXCLUDED."${s}"`).join(', ')}
         RETURNING tag, claims
       )
       SELECT tag FROM tagged WHERE claims = 0`,
    );
    if (emptyTags.length > 0) {
      await db.query('DELETE FROM claim_tag_counts WHERE tag = ANY($1::text[]) AND claims = 0', [
        emptyTags.map((r) => r.tag),
      ]);
    }

    await db.query(
      `WITH moved AS (${take('status_change_deltas', chunk?.ceiling.changes)} RETURNING day, to_status, changes)
       INSERT INTO status_changes_daily (day, to_status, changes)
       SELECT day, to_status, sum(changes) FROM moved GROUP BY day, to_status ORDER BY day, to_status
       ON CONFLICT (day, to_status) DO UPDATE SET changes = status_changes_daily.changes + EXCLUDED.changes`,
    );

    const emptyPairs = await queryRows<{ a: string; b: string }>(
      db,
      `WITH moved AS (${take('group_agreement_deltas', chunk?.ceiling.pairs)} RETURNING group_a, group_b, agree, disagree, shared),
       folded AS (
         INSERT INTO group_agreement (group_a, group_b, agree, disagree, shared)
         SELECT group_a, group_b, sum(agree), sum(disagree), sum(shared)
           FROM moved GROUP BY group_a, group_b
         HAVING sum(agree) <> 0 OR sum(disagree) <> 0 OR sum(shared) <> 0
          ORDER BY group_a, group_b
         ON CONFLICT (group_a, group_b) DO UPDATE SET agree = group_agreement.agree + EXCLUDED.agree,
           disagree = group_agreement.disagree + EXCLUDED.disagree, shared = group_agreement.shared + EXCLUDED.shared
         RETURNING group_a, group_b, shared
       )
       SELECT group_a AS a, group_b AS b FROM folded WHERE shared = 0`,
    );
    if (emptyPairs.length > 0) {
      await db.query(
        `DELETE FROM group_agreement g USING unnest($1::uuid[], $2::uuid[]) AS e(a, b)
          WHERE g.group_a = e.a AND g.group_b = e.b AND g.shared = 0`,
        [emptyPairs.map((p) => p.a), emptyPairs.map((p) => p.b)],
      );
    }
    if (!chunk) return false;
    const [left] = await queryRows<{ left: boolean }>(
      db,
      `SELECT EXISTS (SELECT 1 FROM claim_count_deltas WHERE id <= $1)
           OR EXISTS (SELECT 1 FROM status_change_deltas WHERE id <= $2)
           OR EXISTS (SELECT 1 FROM group_agreement_deltas WHERE id <= $3) AS left`,
      [chunk.ceiling.counts, chunk.ceiling.changes, chunk.ceiling.pairs],
    );
    return left.left;
  }

  async statusCounts(db: EntityManager): Promise<Partial<Record<ClaimStatus, number>>> {
    const rows = await queryRows<{ status: ClaimStatus; claims: number | string }>(
      db,
      STATS_QUERIES.statusCounts,
    );
    return Object.fromEntries(rows.map((r) => [r.status, toNumber(r.claims)]));
  }

  topTags(db: EntityManager, limit: number): Promise<TagCountRow[]> {
    return queryRows<TagCountRow>(db, STATS_QUERIES.topTags, [limit]);
  }

  statusChanges(db: EntityManager, from: string, to: string): Promise<DayChangeRow[]> {
    return queryRows<DayChangeRow>(db, STATS_QUERIES.statusChanges, [from, to]);
  }

  mostDisputed(db: EntityManager, limit: number): Promise<DisputedClaimRow[]> {
    return queryRows<DisputedClaimRow>(db, STATS_QUERIES.mostDisputed, [limit]);
  }

  agreement(db: EntityManager, limit: number): Promise<AgreementRow[]> {
    return queryRows<AgreementRow>(db, STATS_QUERIES.agreement, [limit]);
  }

  /** One group's pairs, with it as group A. */
  groupAgreement(db: EntityManager, groupId: string, limit: number): Promise<AgreementRow[]> {
    return queryRows<AgreementRow>(db, STATS_QUERIES.groupAgreement, [groupId, limit]);
  }

  /** The independence group of a source, when the source exists. */
  async findGroupOf(db: EntityManager, sourceId: string): Promise<string | undefined> {
    const row = await queryOne<{ groupId: string }>(
      db,
      'SELECT independence_group_id AS "groupId" FROM sources WHERE id = $1',
      [sourceId],
    );
    return row?.groupId;
  }

  /**
   * Compares every aggregate with a fresh count over the base tables and, with `rebuild`, replaces
   * those that differ. Holds off writers meanwhile (SHARE locks on the base tables) and folds first,
   * so what it compares is settled. Returns how many entries differed, per aggregate.
   */
  async checkAggregates(
    db: EntityManager,
    { rebuild }: { rebuild: boolean },
  ): Promise<AggregateCheck> {
    await db.query('LOCK TABLE claims, claim_history, claim_group_sides IN SHARE MODE');
    await this.fold(db);
    const check = { claims: 0, tags: 0, statusChanges: 0, agreement: 0 };
    for (const [section, table] of Object.entries(CHECKED) as [
      keyof AggregateCheck,
      AggregateTable,
    ][]) {
      const { key, values, sql } = FRESH[table];
      const same = key.map((k) => `f."${k}" = s."${k}"`).join(' AND ');
      const differs = values
        .map((v) => `coalesce(f."${v}", 0) <> coalesce(s."${v}", 0)`)
        .join(' OR ');
      const params = table === 'claim_status_counts' ? [CLAIM_STATUSES] : [];
      const row = await queryOne<{ n: number | string }>(
        db,
        `WITH f AS (${sql})
         SELECT count(*) AS n FROM f FULL JOIN ${table} s ON ${same} WHERE ${differs}`,
        params,
      );
      check[section] = toNumber(row?.n ?? 0);
      if (rebuild && check[section] > 0) {
        const columns = [...key, ...values].map((c) => `"${c}"`).join(', ');
        await db.query(`DELETE FROM ${table}`);
        await db.query(
          `INSERT INTO ${table} (${columns}) SELECT ${columns} FROM (${sql}) f`,
          params,
        );
      }
    }
    return check;
  }
}
