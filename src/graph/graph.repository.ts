import type { ClaimStatus } from '../domain/claims.js';
import type { ReliabilityGrade } from '../domain/grades.js';
import type { LinkKind } from '../domain/links.js';
import type { SourceKind } from '../domain/sources.js';
import type { StanceKind } from '../domain/stances.js';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { findDependingOnContested } from '../claims/claims.repository.js';
import { queryRows } from '../common/sql.js';

export interface StanceEdgeRow {
  id: string;
  claimId: string;
  sourceId: string;
  kind: StanceKind;
  statedAt: Date | string;
  /** The source that relayed the stance, if it came through one. */
  via: string | null;
}
export interface StancePageRow extends StanceEdgeRow {
  ord: number;
  n: number;
}
export interface LinkEdgeRow {
  id: string;
  fromClaimId: string;
  toClaimId: string;
  kind: LinkKind;
}
export interface AffiliationRow {
  id: string;
  parentId: string;
}
export interface ClaimNodeRow {
  id: string;
  statement: string;
  status: ClaimStatus;
  score: number;
}
export interface SourceNodeRow {
  id: string;
  name: string;
  kind: SourceKind;
  reliability: ReliabilityGrade;
  anonymous: boolean;
  groupId: string;
  /** The name of the group's root source. */
  groupName: string;
}

/**
 * One query per kind of neighbour and per BFS layer (and per page of a hub's stances): the graph
 * never walks row by row. Every read is limited per node, so a hub costs what the answer needs.
 */
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

  /**
   * A page of each node's stances (on these claims, or by these sources), newest first, `limit` at
   * most per node, each node's page resuming after its `after` stance. Walked newest first, the
   * first stance seen of each (claim, source) pair is that source's latest on the claim, so a
   * caller can stop reading a hub as soon as it has what it needs. `ord` is the node's position in
   * `nodes` (from 1) and `n` the row's position in its node's page (from 1). See the
   * graph-stance-pages migration.
   */
  stancePages(
    db: EntityManager,
    by: 'claim' | 'source',
    nodes: { id: string; after: string | null }[],
    limit: number,
  ): Promise<StancePageRow[]> {
    if (nodes.length === 0) return Promise.resolve([]);
    return queryRows<StancePageRow>(
      db,
      `SELECT ord, n, id, claim_id AS "claimId", source_id AS "sourceId", kind, stated_at AS "statedAt",
              via_source_id AS via
         FROM claimgraph_stance_pages($1, $2::uuid[], $3::uuid[], $4)`,
      [by === 'claim', nodes.map((n) => n.id), nodes.map((n) => n.after), limit],
    );
  }

  /** Links from or to each of these claims: `limit` at most each way per claim. */
  links(db: EntityManager, claimIds: string[], limit: number): Promise<LinkEdgeRow[]> {
    if (claimIds.length === 0) return Promise.resolve([]);
    return queryRows<LinkEdgeRow>(
      db,
      `SELECT l.id, l.from_claim_id AS "fromClaimId", l.to_claim_id AS "toClaimId", l.kind
         FROM unnest($1::uuid[]) AS f(id)
        CROSS JOIN LATERAL (
          (SELECT id, from_claim_id, to_claim_id, kind FROM claim_links WHERE from_claim_id = f.id LIMIT $2)
          UNION ALL
          (SELECT id, from_claim_id, to_claim_id, kind FROM claim_links WHERE to_claim_id = f.id LIMIT $2)
        ) l`,
      [claimIds, limit],
    );
  }

  /** Affiliation edges touching these sources, either end: `limit` affiliates at most per source. */
  affiliations(db: EntityManager, sourceIds: string[], limit: number): Promise<AffiliationRow[]> {
    if (sourceIds.length === 0) return Promise.resolve([]);
    return queryRows<AffiliationRow>(
      db,
      `SELECT a.id, a.affiliated_with_id AS "parentId"
         FROM unnest($1::uuid[]) AS f(id)
        CROSS JOIN LATERAL (
          (SELECT id, affiliated_with_id FROM sources WHERE affiliated_with_id = f.id LIMIT $2)
          UNION ALL
          (SELECT id, affiliated_with_id FROM sources WHERE id = f.id AND affiliated_with_id IS NOT NULL)
        ) a`,
      [sourceIds, limit],
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
      `SELECT s.id, s.name, s.kind, s.reliability, s.anonymous, s.independence_group_id AS "groupId", root.name AS "groupName"
         FROM sources s JOIN sources root ON root.id = s.independence_group_id
        WHERE s.id = ANY($1::uuid[])`,
      [ids],
    );
  }

  /** Which of these claims depend on a claim whose status is disputed or denied. */
  dependingOnContested(db: EntityManager, claimIds: string[]): Promise<Set<string>> {
    return findDependingOnContested(db, claimIds);
  }
}
