import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { queryOne } from '../common/sql.js';
import { CLAIM_STATUSES } from '../domain/claims.js';
import { DeltaFoldRepository } from './delta-fold.repository.js';

const SIDE = `('supports', 'refutes')`;

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

/** Checks the aggregates against the base tables, and rebuilds those that drifted. */
@Injectable()
export class AggregateCheckRepository {
  constructor(private readonly folds: DeltaFoldRepository) {}

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
    await this.folds.fold(db);
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
      const row = await queryOne<{ n: number }>(
        db,
        `WITH f AS (${sql})
         SELECT count(*)::int AS n FROM f FULL JOIN ${table} s ON ${same} WHERE ${differs}`,
        params,
      );
      check[section] = row?.n ?? 0;
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
