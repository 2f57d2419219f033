import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { findDependingOnContested } from '../claims/contested.js';
import { queryRows } from '../database/sql.js';

export interface StanceEdgeRow {
  id: string;
  claimId: string;
  sourceId: string;
  kind: string;
  statedAt: Date | string;
}
export interface LinkEdgeRow {
  id: string;
  fromClaimId: string;
  toClaimId: string;
  kind: string;
}
export interface AffiliationRow {
  id: string;
  parentId: string;
}
export interface ClaimNodeRow {
  id: string;
  statement: string;
  status: string;
  score: number | string;
}
export interface SourceNodeRow {
  id: string;
  name: string;
  kind: string;
  reliability: string;
  groupId: string;
}

/** One query per kind of neighbour and per BFS layer: the graph never walks row by row. */
@Injectable()
export class GraphRepository {
  async claimIdsWithTag(db: EntityManager, tag: string, limit: number): Promise<string[]> {
    const rows = await queryRows<{ id: string }>(
      db,
      'SELECT id FROM claims WHERE tags @> ARRAY[$1]::text[] AND merged_into_id IS NULL ORDER BY updated_at DESC, id DESC LIMIT $2',
      [tag, limit],
    );
    return rows.map((r) => r.id);
  }

  /** Each source's latest stance on each of these claims (or by each of these sources). */
  effectiveStances(
    db: EntityManager,
    by: 'claim' | 'source',
    ids: string[],
  ): Promise<StanceEdgeRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    const column = by === 'claim' ? 'claim_id' : 'source_id';
    return queryRows<StanceEdgeRow>(
      db,
      `SELECT DISTINCT ON (claim_id, source_id) id, claim_id AS "claimId", source_id AS "sourceId", kind, stated_at AS "statedAt"
         FROM stances WHERE ${column} = ANY($1::uuid[])
        ORDER BY claim_id, source_id, stated_at DESC, recorded_at DESC, seq DESC`,
      [ids],
    );
  }

  links(db: EntityManager, claimIds: string[]): Promise<LinkEdgeRow[]> {
    if (claimIds.length === 0) return Promise.resolve([]);
    return queryRows<LinkEdgeRow>(
      db,
      `SELECT id, from_claim_id AS "fromClaimId", to_claim_id AS "toClaimId", kind FROM claim_links
        WHERE from_claim_id = ANY($1::uuid[]) OR to_claim_id = ANY($1::uuid[])`,
      [claimIds],
    );
  }

  /** Affiliation edges touching these sources, either end. */
  affiliations(db: EntityManager, sourceIds: string[]): Promise<AffiliationRow[]> {
    if (sourceIds.length === 0) return Promise.resolve([]);
    return queryRows<AffiliationRow>(
      db,
      `SELECT id, affiliated_with_id AS "parentId" FROM sources
        WHERE affiliated_with_id IS NOT NULL AND (id = ANY($1::uuid[]) OR affiliated_with_id = ANY($1::uuid[]))`,
      [sourceIds],
    );
  }

  claimNodes(db: EntityManager, ids: string[]): Promise<ClaimNodeRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return queryRows<ClaimNodeRow>(
      db,
      'SELECT id, statement, status, score FROM claims WHERE id = ANY($1::uuid[]) AND merged_into_id IS NULL',
      [ids],
    );
  }

  sourceNodes(db: EntityManager, ids: string[]): Promise<SourceNodeRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return queryRows<SourceNodeRow>(
      db,
      `SELECT id, name, kind, reliability, independence_group_id AS "groupId" FROM sources WHERE id = ANY($1::uuid[])`,
      [ids],
    );
  }

  /** Which of these claims depend on a claim whose status is disputed or denied. */
  dependingOnContested(db: EntityManager, claimIds: string[]): Promise<Set<string>> {
    return findDependingOnContested(db, claimIds);
  }
}
