import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { selectColumns } from '../../common/columns.js';
import { queryRows } from '../../common/sql.js';
import { ClaimEntity } from '../../claims/claim.entity.js';
import { ClaimLinkEntity } from '../../links/claim-link.entity.js';
import { ClaimReviewEntity } from '../../reviews/claim-review.entity.js';
import { SourceEntity } from '../../sources/source.entity.js';
import { StanceEntity } from '../../stances/stance.entity.js';

export const EXPORT_TYPES = ['source', 'claim', 'stance', 'link', 'review'] as const;
export type ExportType = (typeof EXPORT_TYPES)[number];

/**
 * What the export reads, in the order a file must list it: every line after the lines it refers to.
 * Sources come root first, then each level of affiliation below, live ones before those merged
 * into them (a merged source has no affiliates: a merge moves them); live claims before the claims
 * merged into them; stances in the order they were entered (which breaks ties between them);
 * links and verdicts by creation. Equal keys fall back to the id, so the order is the same on every export.
 */
const QUERIES: Record<ExportType, string> = {
  source: `
    WITH RECURSIVE level(id, depth) AS (
      SELECT id, 0 FROM sources WHERE affiliated_with_id IS NULL
      UNION ALL
      SELECT s.id, l.depth + 1 FROM sources s JOIN level l ON s.affiliated_with_id = l.id WHERE l.depth < 10000
    )
    SELECT ${selectColumns(SourceEntity, 's', ['id', 'name', 'kind', 'description', 'aliases', 'url', 'affiliatedWithId', 'reliability', 'anonymous', 'createdAt', 'updatedAt', 'mergedIntoId', 'mergedAt'])}
      FROM level l JOIN sources s ON s.id = l.id
     ORDER BY s.merged_into_id IS NOT NULL, l.depth, s.created_at, s.id`,
  claim: `
    SELECT ${selectColumns(ClaimEntity, null, ['id', 'statement', 'context', 'tags', 'occurredAt', 'language', 'createdAt', 'updatedAt', 'mergedIntoId', 'mergedAt'])}
      FROM claims
     ORDER BY merged_into_id IS NOT NULL, created_at, id`,
  stance: `
    SELECT ${selectColumns(StanceEntity, null, ['id', 'claimId', 'sourceId', 'kind', 'statedAt', 'quote', 'evidenceUrl', 'viaSourceId', 'note', 'recordedAt', 'updatedAt'])}
      FROM stances
     ORDER BY seq`,
  link: `
    SELECT ${selectColumns(ClaimLinkEntity, null, ['id', 'fromClaimId', 'toClaimId', 'kind', 'note', 'createdAt'])}
      FROM claim_links
     ORDER BY created_at, id`,
  review: `
    SELECT ${selectColumns(ClaimReviewEntity, null, ['id', 'claimId', 'verdict', 'rationale', 'statusAtReview', 'scoreAtReview', 'createdAt'])}
      FROM claim_reviews
     ORDER BY created_at, id`,
};

const CURSORS: Record<ExportType, string> = {
  source: 'export_sources',
  claim: 'export_claims',
  stance: 'export_stances',
  link: 'export_links',
  review: 'export_reviews',
};

export type ExportRow = Record<string, unknown>;

/**
 * Reads the whole database through server-side cursors, a slice at a time, inside one
 * read-only snapshot (see ExportService): PostgreSQL runs each query once and hands its rows over
 * as they are fetched, so neither side holds a table in memory.
 */
@Injectable()
export class ExportRepository {
  async begin(db: EntityManager): Promise<void> {
    await db.query('START TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
  }

  async commit(db: EntityManager): Promise<void> {
    await db.query('COMMIT');
  }

  async rollback(db: EntityManager): Promise<void> {
    await db.query('ROLLBACK');
  }

  async open(db: EntityManager, type: ExportType): Promise<void> {
    await db.query(`DECLARE ${CURSORS[type]} NO SCROLL CURSOR FOR ${QUERIES[type]}`);
  }

  fetch(db: EntityManager, type: ExportType, count: number): Promise<ExportRow[]> {
    return queryRows<ExportRow>(db, `FETCH FORWARD ${Math.trunc(count)} FROM ${CURSORS[type]}`);
  }

  async close(db: EntityManager, type: ExportType): Promise<void> {
    await db.query(`CLOSE ${CURSORS[type]}`);
  }
}
