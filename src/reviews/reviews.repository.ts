import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ClaimEntity } from '../claims/claim.entity.js';
import type { ClaimStatus } from '../domain/claims.js';
import { queryRows } from '../common/sql.js';
import type { SourceKind } from '../domain/sources.js';
import { ClaimReviewEntity } from './claim-review.entity.js';
import type { Verdict } from '../domain/review.rules.js';

export interface QueueFilter {
  status?: ClaimStatus;
  tag?: string;
  after?: { priority: number; statusChangedAt: string; id: string };
  limit: number;
}

/** A stance as ClaimReview shows it: where the claim appeared, and who said it first. */
export interface AppearanceRow {
  kind: string;
  statedAt: Date;
  evidenceUrl: string | null;
  sourceName: string;
  sourceKind: SourceKind;
  sourceUrl: string | null;
}

@Injectable()
export class ReviewsRepository {
  /** The claim row; the caller has checked that it exists. */
  findClaim(db: EntityManager, id: string): Promise<ClaimEntity> {
    return db.getRepository(ClaimEntity).findOneByOrFail({ id });
  }

  async insert(
    db: EntityManager,
    review: Omit<ClaimReviewEntity, 'createdAt'>,
  ): Promise<ClaimReviewEntity> {
    await db.getRepository(ClaimReviewEntity).insert(review);
    return db.getRepository(ClaimReviewEntity).findOneByOrFail({ id: review.id });
  }

  findById(db: EntityManager, id: string): Promise<ClaimReviewEntity | null> {
    return db.getRepository(ClaimReviewEntity).findOneBy({ id });
  }

  /** The claim's latest verdict, the one that stands (none when it has no verdict). */
  async latestForClaim(db: EntityManager, claimId: string): Promise<ClaimReviewEntity | null> {
    const [latest] = await this.listForClaim(db, claimId, undefined, undefined, 1);
    return latest ?? null;
  }

  async delete(db: EntityManager, id: string): Promise<void> {
    await db.getRepository(ClaimReviewEntity).delete({ id });
  }

  /**
   * Puts a verdict back as the claim's standing one after a later one was withdrawn, for an editor
   * to look at again (`needs_review`); or, with none left, leaves the claim unreviewed.
   */
  async restoreStanding(
    db: EntityManager,
    claimId: string,
    standing: { verdict: Verdict; keyId: string | null; at: Date; divergent: boolean } | null,
    priority: number,
  ): Promise<ClaimEntity> {
    await db.query(
      `UPDATE claims SET review_state = $2, review_verdict = $3, reviewed_at = $4, reviewed_by_key_id = $5,
              review_divergent = $6, review_priority = $7, version = version + 1, updated_at = now()
        WHERE id = $1`,
      [
        claimId,
        standing ? 'needs_review' : 'unreviewed',
        standing?.verdict ?? null,
        standing?.at ?? null,
        standing?.keyId ?? null,
        standing?.divergent ?? false,
        priority,
      ],
    );
    return db.getRepository(ClaimEntity).findOneByOrFail({ id: claimId });
  }

  /** Puts the verdict on the claim: reviewed now, by this key, divergent or not. */
  async markReviewed(
    db: EntityManager,
    claimId: string,
    review: { verdict: Verdict; keyId: string | null; divergent: boolean; priority: number },
  ): Promise<ClaimEntity> {
    await db.query(
      `UPDATE claims SET review_state = 'reviewed', review_verdict = $2, reviewed_at = now(), reviewed_by_key_id = $3,
              review_divergent = $4, review_priority = $5, version = version + 1, updated_at = now()
        WHERE id = $1`,
      [claimId, review.verdict, review.keyId, review.divergent, review.priority],
    );
    return db.getRepository(ClaimEntity).findOneByOrFail({ id: claimId });
  }

  /** A claim's verdicts, newest first. */
  listForClaim(
    db: EntityManager,
    claimId: string,
    beforeCreatedAt: string | undefined,
    beforeId: string | undefined,
    limit: number,
  ): Promise<ClaimReviewEntity[]> {
    const qb = db
      .getRepository(ClaimReviewEntity)
      .createQueryBuilder('r')
      .where('r.claim_id = :claimId', { claimId });
    if (beforeCreatedAt && beforeId)
      qb.andWhere('(r.created_at, r.id) < (:at, :id)', { at: beforeCreatedAt, id: beforeId });
    return qb
      .orderBy('r.created_at', 'DESC')
      .addOrderBy('r.id', 'DESC')
      .limit(limit + 1)
      .getMany();
  }

  /**
   * What editors should look at next: claims not reviewed since their status last moved, and
   * reviewed ones whose verdict contradicts the evidence. Divergent first, then disputed, then the
   * rest; within each, the most recent status change first.
   */
  queue(db: EntityManager, f: QueueFilter): Promise<ClaimEntity[]> {
    const qb = db
      .getRepository(ClaimEntity)
      .createQueryBuilder('c')
      .where('c.merged_into_id IS NULL')
      .andWhere(`(c.review_state <> 'reviewed' OR c.review_divergent)`);
    if (f.status) qb.andWhere('c.status = :status', { status: f.status });
    if (f.tag) qb.andWhere('c.tags @> ARRAY[:tag]::text[]', { tag: f.tag });
    if (f.after) {
      qb.andWhere(
        '(c.review_priority > :p OR (c.review_priority = :p AND (c.status_changed_at, c.id) < (:at, :id)))',
        { p: f.after.priority, at: f.after.statusChangedAt, id: f.after.id },
      );
    }
    return qb
      .orderBy('c.review_priority', 'ASC')
      .addOrderBy('c.status_changed_at', 'DESC')
      .addOrderBy('c.id', 'DESC')
      .limit(f.limit + 1)
      .getMany();
  }

  /** Reviewed claims, most recently reviewed first: the ClaimReview feed. */
  reviewed(
    db: EntityManager,
    after: { reviewedAt: string; id: string } | undefined,
    limit: number,
  ): Promise<ClaimEntity[]> {
    const qb = db
      .getRepository(ClaimEntity)
      .createQueryBuilder('c')
      .where('c.merged_into_id IS NULL')
      .andWhere('c.review_verdict IS NOT NULL');
    if (after)
      qb.andWhere('(c.reviewed_at, c.id) < (:at, :id)', { at: after.reviewedAt, id: after.id });
    return qb
      .orderBy('c.reviewed_at', 'DESC')
      .addOrderBy('c.id', 'DESC')
      .limit(limit + 1)
      .getMany();
  }

  /** A claim's stances in the order stated, with their sources, for ClaimReview's itemReviewed. */
  async findAppearances(db: EntityManager, claimId: string): Promise<AppearanceRow[]> {
    const rows = await queryRows<AppearanceRow & { statedAt: Date | string }>(
      db,
      `SELECT st.kind, st.stated_at AS "statedAt", st.evidence_url AS "evidenceUrl",
              src.name AS "sourceName", src.kind AS "sourceKind", src.url AS "sourceUrl"
         FROM stances st JOIN sources src ON src.id = st.source_id
        WHERE st.claim_id = $1
        ORDER BY st.stated_at, st.recorded_at, st.seq`,
      [claimId],
    );
    return rows.map((r) => ({ ...r, statedAt: new Date(r.statedAt) }));
  }
}
