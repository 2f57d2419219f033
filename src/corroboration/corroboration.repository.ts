import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { queryRows } from '../database/sql.js';
import type { ClaimStatus, ReliabilityGrade, StanceFact, StanceKind } from './status.rules.js';

export interface StoredCorroboration {
  id: string;
  status: ClaimStatus;
  score: number;
  supportGroups: number;
  supportSources: number;
  refuteGroups: number;
  refuteSources: number;
}

interface FactRow {
  claimId: string;
  stanceId: string;
  sourceId: string;
  sourceName: string;
  reliability: ReliabilityGrade;
  groupId: string;
  groupName: string;
  kind: StanceKind;
  statedAt: Date | string;
  recordedAt: Date | string;
  seq: string | number;
}

/** The SQL behind keeping each claim's stored status, score and counts current. */
@Injectable()
export class CorroborationRepository {
  /** Locks the claims' rows, in id order so concurrent writers never deadlock; returns those found. */
  async lockClaims(db: EntityManager, claimIds: string[]): Promise<StoredCorroboration[]> {
    if (claimIds.length === 0) return [];
    return queryRows<StoredCorroboration>(
      db,
      `SELECT id, status, score, support_groups AS "supportGroups", support_sources AS "supportSources",
              refute_groups AS "refuteGroups", refute_sources AS "refuteSources"
         FROM claims WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
      [claimIds],
    ).then((rows) => rows.map((r) => ({ ...r, score: Number(r.score) })));
  }

  async claimExists(db: EntityManager, claimId: string): Promise<boolean> {
    const rows = await queryRows(db, 'SELECT 1 FROM claims WHERE id = $1', [claimId]);
    return rows.length > 0;
  }

  /** Every stance of these claims with its source's grade and independence group, grouped by claim. */
  async findStanceFacts(db: EntityManager, claimIds: string[], asOf?: Date): Promise<Map<string, StanceFact[]>> {
    const byClaim = new Map<string, StanceFact[]>(claimIds.map((id) => [id, []]));
    if (claimIds.length === 0) return byClaim;
    const rows = await queryRows<FactRow>(
      db,
      `SELECT st.claim_id AS "claimId", st.id AS "stanceId", st.source_id AS "sourceId", src.name AS "sourceName",
              src.reliability, src.independence_group_id AS "groupId", root.name AS "groupName",
              st.kind, st.stated_at AS "statedAt", st.recorded_at AS "recordedAt", st.seq
         FROM stances st
         JOIN sources src ON src.id = st.source_id
         JOIN sources root ON root.id = src.independence_group_id
        WHERE st.claim_id = ANY($1::uuid[]) AND ($2::timestamptz IS NULL OR st.stated_at <= $2::timestamptz)`,
      [claimIds, asOf ? asOf.toISOString() : null],
    );
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
      });
    }
    return byClaim;
  }

  /** Claims any of these sources has taken a stance on, in id order. */
  async findClaimIdsBySources(db: EntityManager, sourceIds: string[]): Promise<string[]> {
    if (sourceIds.length === 0) return [];
    const rows = await queryRows<{ claimId: string }>(
      db,
      `SELECT DISTINCT claim_id AS "claimId" FROM stances WHERE source_id = ANY($1::uuid[]) ORDER BY 1`,
      [sourceIds],
    );
    return rows.map((r) => r.claimId);
  }

  /** Claim ids after `afterId`, in id order: the recompute walks the table with this. */
  async findClaimIdsAfter(db: EntityManager, afterId: string | null, limit: number): Promise<string[]> {
    const rows = await queryRows<{ id: string }>(
      db,
      `SELECT id FROM claims WHERE ($1::uuid IS NULL OR id > $1::uuid) ORDER BY id LIMIT $2`,
      [afterId, limit],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Stores new corroboration values in one statement. Each claim given is marked changed (a new
   * `version` and `updated_at`); `status_changed_at` moves only when the status does.
   */
  async saveCorroboration(db: EntityManager, updates: StoredCorroboration[]): Promise<void> {
    if (updates.length === 0) return;
    await db.query(
      `UPDATE claims AS c
          SET status = v.status,
              score = v.score,
              support_groups = v.support_groups,
              support_sources = v.support_sources,
              refute_groups = v.refute_groups,
              refute_sources = v.refute_sources,
              status_changed_at = CASE WHEN c.status <> v.status THEN now() ELSE c.status_changed_at END,
              updated_at = now(),
              version = c.version + 1
         FROM unnest($1::uuid[], $2::text[], $3::float8[], $4::int[], $5::int[], $6::int[], $7::int[])
              AS v(id, status, score, support_groups, support_sources, refute_groups, refute_sources)
        WHERE c.id = v.id`,
      [
        updates.map((u) => u.id),
        updates.map((u) => u.status),
        updates.map((u) => u.score),
        updates.map((u) => u.supportGroups),
        updates.map((u) => u.supportSources),
        updates.map((u) => u.refuteGroups),
        updates.map((u) => u.refuteSources),
      ],
    );
  }
}
