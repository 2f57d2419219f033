import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { queryRows } from '../common/sql.js';
import { CLAIM_STATUSES } from '../domain/claims.js';

/** Any fixed 64-bit number works; every instance must use the same one. */
const FOLD_LOCK_KEY = '5161703924118';

const STATUS_COLUMNS = CLAIM_STATUSES.map((s) => `"${s}"`).join(', ');

/** The newest delta id of each kind, as text (bigint). */
export interface DeltaCeiling {
  counts: string;
  changes: string;
  pairs: string;
}

/**
 * Folds the deltas writers append (the aggregate triggers write deltas, never the aggregates
 * themselves, so writers never wait on one another) into the dashboard's aggregates.
 */
@Injectable()
export class DeltaFoldRepository {
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
    // With a chunk, each statement takes its ceiling as $1 and the chunk size as $2.
    const take = (table: string) =>
      chunk
        ? `DELETE FROM ${table} WHERE id IN (SELECT id FROM ${table} WHERE id <= $1::bigint ORDER BY id LIMIT $2)`
        : `DELETE FROM ${table}`;
    const bounds = (ceiling: string | undefined) => (chunk ? [ceiling, chunk.size] : []);
    const sum = (s: string) => `coalesce(sum(delta) FILTER (WHERE status = '${s}'), 0)`;
    const emptyTags = await queryRows<{ tag: string }>(
      db,
      `WITH moved AS (${take('claim_count_deltas')} RETURNING tag, status, delta),
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
      bounds(chunk?.ceiling.counts),
    );
    if (emptyTags.length > 0) {
      await db.query('DELETE FROM claim_tag_counts WHERE tag = ANY($1::text[]) AND claims = 0', [
        emptyTags.map((r) => r.tag),
      ]);
    }

    await db.query(
      `WITH moved AS (${take('status_change_deltas')} RETURNING day, to_status, changes)
       INSERT INTO status_changes_daily (day, to_status, changes)
       SELECT day, to_status, sum(changes) FROM moved GROUP BY day, to_status ORDER BY day, to_status
       ON CONFLICT (day, to_status) DO UPDATE SET changes = status_changes_daily.changes + EXCLUDED.changes`,
      bounds(chunk?.ceiling.changes),
    );

    const emptyPairs = await queryRows<{ a: string; b: string }>(
      db,
      `WITH moved AS (${take('group_agreement_deltas')} RETURNING group_a, group_b, agree, disagree, shared),
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
      bounds(chunk?.ceiling.pairs),
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
}
