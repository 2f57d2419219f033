import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { queryOne, queryRows } from '../common/sql.js';
import { CLAIM_STATUSES, type ClaimStatus } from '../domain/claims.js';

/** The per-status counts of a tag, as numbers (they are bigint, which pg hands over as text). */
const STATUS_COUNTS = CLAIM_STATUSES.map((s) => `t."${s}"::int AS "${s}"`).join(', ');

/**
 * Every query `GET /v1/stats` answers from, by section. Each reads an aggregate or walks an index
 * for as many rows as it returns; the stats suite checks their plans.
 */
export const STATS_QUERIES = {
  statusCounts: `SELECT status, claims::int AS claims FROM claim_status_counts`,
  topTags: `
    SELECT t.tag, t.claims::int AS claims, ${STATUS_COUNTS} FROM claim_tag_counts t
     ORDER BY t.claims DESC, t.tag LIMIT $1`,
  statusChanges: `
    SELECT to_char(day, 'YYYY-MM-DD') AS day, to_status AS "toStatus", changes::int AS changes FROM status_changes_daily
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

export interface TagCountRow extends Record<ClaimStatus, number> {
  tag: string;
  claims: number;
}

export interface DayChangeRow {
  day: string;
  toStatus: ClaimStatus;
  changes: number;
}

export interface DisputedClaimRow {
  id: string;
  statement: string;
  tags: string[];
  score: number;
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

/** The dashboard's reads: each answers one section of `GET /v1/stats` from the aggregates. */
@Injectable()
export class StatsRepository {
  async statusCounts(db: EntityManager): Promise<Partial<Record<ClaimStatus, number>>> {
    const rows = await queryRows<{ status: ClaimStatus; claims: number }>(
      db,
      STATS_QUERIES.statusCounts,
    );
    return Object.fromEntries(rows.map((r) => [r.status, r.claims]));
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
}
