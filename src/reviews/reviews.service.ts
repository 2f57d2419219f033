import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource } from 'typeorm';
import type { Actor } from '../domain/actors.js';
import { AuditService } from '../audit/audit.service.js';
import { ClaimEntity } from '../claims/claim.entity.js';
import { toClaimSnapshot } from '../claims/dto/claim.dto.js';
import { CommonErrors, DomainError } from '../domain/errors.js';
import {
  decodeCursor,
  encodeCursor,
  toPage,
  type Page,
  type PageQueryDto,
} from '../common/pagination.js';
import type { AppConfig } from '../config/env.js';
import { CorroborationService } from '../corroboration/corroboration.service.js';
import { AssessmentService } from '../corroboration/assessment.service.js';
import { inTransaction } from '../common/sql.js';
import type { ClaimReviewEntity } from './claim-review.entity.js';
import { toClaimReview } from './claim-review.js';
import {
  toReviewRecord,
  type CreateReviewDto,
  type ReviewQueueQueryDto,
} from './dto/review.dto.js';
import { isDivergent, reviewPriority } from '../domain/review.rules.js';
import { ReviewErrors } from './reviews.errors.js';
import { ReviewsRepository } from './reviews.repository.js';
import { Reads } from '../common/reads.js';

@Injectable()
export class ReviewsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: ReviewsRepository,
    private readonly corroboration: CorroborationService,
    private readonly assessments: AssessmentService,
    private readonly audit: AuditService,
    private readonly config: ConfigService<AppConfig, true>,
    private readonly reads: Reads,
  ) {}

  /** Records an editor's verdict beside the computed status; the claim is then `reviewed`. */
  async reviewClaim(
    claimId: string,
    dto: CreateReviewDto,
    actor: Actor,
  ): Promise<{ review: ClaimReviewEntity; claim: ClaimEntity }> {
    const written = await inTransaction(this.dataSource, async (db) => {
      const current = await this.corroboration.lockLiveClaim(db, claimId);
      const review = await this.repo.insert(db, {
        id: randomUUID(),
        claimId,
        verdict: dto.verdict,
        rationale: dto.rationale,
        reviewerKeyId: actor.keyId,
        statusAtReview: current.status,
        scoreAtReview: current.score,
      });
      const claim = await this.repo.markReviewed(db, claimId, {
        verdict: dto.verdict,
        keyId: actor.keyId,
        divergent: isDivergent(dto.verdict, current.status),
        priority: reviewPriority(dto.verdict, current.status),
      });
      await this.audit.record(db, actor, {
        action: 'review',
        entityType: 'review',
        entityId: review.id,
        after: { review: toReviewRecord(review), claim: toClaimSnapshot(claim) },
      });
      return { review, claim };
    });
    // A verdict teaches the track records: the assessments that rest on them follow soon after.
    this.assessments.nudge();
    return written;
  }

  /**
   * Withdraws a verdict: it leaves the claim's verdicts (the audit trail keeps it, with the reason).
   * When it was the standing one, the verdict before it stands again, for an editor to look at
   * (`needs_review`), or the claim is left unreviewed; either way it is back in the review queue.
   */
  async withdrawReview(
    id: string,
    reason: string,
    actor: Actor,
  ): Promise<{
    withdrawn: ClaimReviewEntity;
    standing: ClaimReviewEntity | null;
    claim: ClaimEntity;
  }> {
    const notFound = () =>
      new DomainError(ReviewErrors.REVIEW_NOT_FOUND, `No verdict has id ${id}.`);
    const written = await inTransaction(this.dataSource, async (db) => {
      const found = await this.repo.findById(db, id);
      if (!found) throw notFound();
      // The claim's lock orders this against verdicts being recorded or withdrawn meanwhile.
      const current = await this.corroboration.lockLiveClaim(db, found.claimId);
      const withdrawn = await this.repo.findById(db, id);
      if (!withdrawn) throw notFound();
      const wasStanding = (await this.repo.latestForClaim(db, withdrawn.claimId))?.id === id;
      const before = await this.repo.findClaim(db, withdrawn.claimId);
      await this.repo.delete(db, id);
      const standing = await this.repo.latestForClaim(db, withdrawn.claimId);
      const claim = wasStanding
        ? await this.repo.restoreStanding(
            db,
            withdrawn.claimId,
            standing && {
              verdict: standing.verdict,
              keyId: standing.reviewerKeyId,
              at: standing.createdAt,
              divergent: isDivergent(standing.verdict, current.status),
            },
            reviewPriority(standing?.verdict ?? null, current.status),
          )
        : before;
      await this.audit.record(db, actor, {
        action: 'withdraw',
        entityType: 'review',
        entityId: id,
        before: { review: toReviewRecord(withdrawn), claim: toClaimSnapshot(before) },
        after: {
          reason,
          standing: standing ? toReviewRecord(standing) : null,
          claim: toClaimSnapshot(claim),
        },
      });
      return { withdrawn, standing, claim };
    });
    // The verdicts teach the track records: the assessments that rest on them follow.
    this.assessments.nudge();
    return written;
  }

  async listClaimReviews(claimId: string, query: PageQueryDto): Promise<Page<ClaimReviewEntity>> {
    const db = await this.reads.manager();
    await this.corroboration.requireLiveClaim(db, claimId);
    const after = query.cursor
      ? decodeCursor(query.cursor, 'reviews', ['timestamp', 'uuid'])
      : undefined;
    const rows = await this.repo.listForClaim(
      db,
      claimId,
      after?.[0] as string | undefined,
      after?.[1] as string | undefined,
      query.limit,
    );
    return toPage(
      rows,
      query.limit,
      (r) => r,
      (r) => encodeCursor('reviews', [r.createdAt.toISOString(), r.id]),
    );
  }

  async reviewQueue(query: ReviewQueueQueryDto): Promise<Page<ClaimEntity>> {
    const sort = `queue-${query.status ?? ''}-${query.tag ?? ''}`;
    const after = query.cursor
      ? decodeCursor(query.cursor, sort, ['integer', 'timestamp', 'uuid'])
      : undefined;
    if (after && ![0, 1, 2].includes(after[0] as number)) {
      throw new DomainError(
        CommonErrors.INVALID_CURSOR,
        'The cursor is malformed or belongs to another list or sort order; start again without it.',
      );
    }
    const rows = await this.repo.queue(await this.reads.manager(), {
      status: query.status,
      tag: query.tag?.toLowerCase(),
      after: after
        ? {
            priority: after[0] as number,
            statusChangedAt: after[1] as string,
            id: after[2] as string,
          }
        : undefined,
      limit: query.limit,
    });
    return toPage(
      rows,
      query.limit,
      (c) => c,
      (c) => encodeCursor(sort, [c.reviewPriority, c.statusChangedAt.toISOString(), c.id]),
    );
  }

  /** The claim's latest verdict as schema.org ClaimReview JSON-LD. */
  async claimReview(claimId: string): Promise<Record<string, unknown>> {
    const db = await this.reads.manager();
    await this.corroboration.requireLiveClaim(db, claimId);
    const claim = await this.repo.findClaim(db, claimId);
    if (!claim.reviewVerdict) {
      throw new DomainError(
        ReviewErrors.CLAIM_NOT_REVIEWED,
        `Claim ${claimId} has no verdict to publish yet.`,
      );
    }
    return toClaimReview(claim, await this.repo.findAppearances(db, claimId), this.publisher());
  }

  /** Every reviewed claim as ClaimReview JSON-LD, most recently reviewed first. */
  async claimReviewFeed(query: PageQueryDto): Promise<Page<Record<string, unknown>>> {
    const db = await this.reads.manager();
    const after = query.cursor
      ? decodeCursor(query.cursor, 'claim-reviews', ['timestamp', 'uuid'])
      : undefined;
    const rows = await this.repo.reviewed(
      db,
      after ? { reviewedAt: after[0] as string, id: after[1] as string } : undefined,
      query.limit,
    );
    const page = toPage(
      rows,
      query.limit,
      (c) => c,
      (c) => encodeCursor('claim-reviews', [c.reviewedAt!.toISOString(), c.id]),
    );
    const publisher = this.publisher();
    const items = [];
    for (const claim of page.items)
      items.push(toClaimReview(claim, await this.repo.findAppearances(db, claim.id), publisher));
    return { items, nextCursor: page.nextCursor };
  }

  /**
   * Who publishes, and where. A review's `url` is absolute only under PUBLIC_BASE_URL: the request's
   * Host header is the caller's to choose, so it never goes into a published document.
   */
  private publisher() {
    return {
      name: this.config.get('PUBLISHER_NAME', { infer: true }),
      url: this.config.get('PUBLISHER_URL', { infer: true }) ?? null,
      baseUrl: this.config.get('PUBLIC_BASE_URL', { infer: true }) ?? '',
    };
  }
}
