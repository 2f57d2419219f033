import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, Length } from 'class-validator';
import { OptionalNotNull, Trim } from '../../common/dto.js';
import { PageQueryDto } from '../../common/pagination.js';
import { ActorRefDto, actorRef } from '../../common/authorship.dto.js';
import { ClaimResponseDto } from '../../claims/dto/claim.dto.js';
import { CLAIM_STATUSES, HISTORY_CAUSES, type ClaimStatus } from '../../domain/claims.js';
import type { ClaimReviewEntity } from '../claim-review.entity.js';
import { isDivergent, VERDICTS, type Verdict } from '../../domain/review.rules.js';

export class CreateReviewDto {
  @ApiProperty({ enum: VERDICTS })
  @IsIn(VERDICTS)
  verdict!: Verdict;

  @ApiProperty({
    minLength: 1,
    maxLength: 10000,
    description: 'Why: the evidence and reasoning behind the verdict',
  })
  @Trim()
  @IsString()
  @Length(1, 10000)
  rationale!: string;
}

export class WithdrawReviewDto {
  @ApiProperty({
    minLength: 1,
    maxLength: 10000,
    description:
      'Why the verdict no longer stands; kept in the audit trail with the verdict itself',
  })
  @Trim()
  @IsString()
  @Length(1, 10000)
  reason!: string;
}

export class ReviewResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) claimId!: string;
  @ApiProperty({ enum: VERDICTS }) verdict!: Verdict;
  @ApiProperty() rationale!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) reviewerKeyId!: string | null;
  @ApiProperty({
    enum: CLAIM_STATUSES,
    description: 'The computed status when the verdict was given',
  })
  statusAtReview!: ClaimStatus;
  @ApiProperty() scoreAtReview!: number;
  @ApiProperty({ description: 'The verdict contradicted the evidence when it was given' })
  divergent!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({
    type: () => ActorRefDto,
    nullable: true,
    description: 'The editor who gave it: the key and its name',
  })
  actor!: ActorRefDto | null;
}

/** A verdict as the audit trail keeps it: the answer without the reviewer's name, which may change. */
export type ReviewRecord = Omit<ReviewResponseDto, 'actor'>;

export const toReviewRecord = (r: ClaimReviewEntity): ReviewRecord => ({
  id: r.id,
  claimId: r.claimId,
  verdict: r.verdict,
  rationale: r.rationale,
  reviewerKeyId: r.reviewerKeyId,
  statusAtReview: r.statusAtReview,
  scoreAtReview: r.scoreAtReview,
  divergent: isDivergent(r.verdict, r.statusAtReview),
  createdAt: r.createdAt.toISOString(),
});

/** The review block every claim carries: the human verdict beside the computed status, never merged. */
export class ReviewQueueQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: CLAIM_STATUSES })
  @OptionalNotNull()
  @IsIn(CLAIM_STATUSES)
  status?: ClaimStatus;

  @ApiPropertyOptional()
  @OptionalNotNull()
  @Trim()
  @IsString()
  @Length(1, 64)
  tag?: string;
}

export const toReviewResponse = (
  r: ClaimReviewEntity,
  names: ReadonlyMap<string, string>,
): ReviewResponseDto => ({ ...toReviewRecord(r), actor: actorRef(r.reviewerKeyId, names) });

/** The change of status that put a claim where it stands: why it is in the queue. */
export class StatusChangeDto {
  @ApiProperty({
    enum: CLAIM_STATUSES,
    nullable: true,
    description: 'Null when the claim was created',
  })
  fromStatus!: ClaimStatus | null;
  @ApiProperty({ enum: CLAIM_STATUSES }) toStatus!: ClaimStatus;
  @ApiProperty({ type: Number, nullable: true }) fromScore!: number | null;
  @ApiProperty() toScore!: number;
  @ApiProperty({ enum: HISTORY_CAUSES, description: 'The kind of write that caused it' })
  cause!: string;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The stance, source or claim written',
  })
  causeId!: string | null;
  @ApiProperty({ type: () => ActorRefDto, nullable: true, description: 'Who wrote it' })
  actor!: ActorRefDto | null;
  @ApiProperty({ format: 'date-time' }) changedAt!: string;
}

export class QueueItemDto extends ClaimResponseDto {
  @ApiProperty({
    type: () => StatusChangeDto,
    nullable: true,
    description: "The claim's latest change of status: why it needs an editor now",
  })
  lastChange!: StatusChangeDto | null;
}

/** A claim history row, as far as a status change shows it. */
interface HistoryRow {
  fromStatus: ClaimStatus | null;
  toStatus: ClaimStatus;
  fromScore: number | null;
  toScore: number;
  cause: string;
  causeId: string | null;
  keyId: string | null;
  changedAt: Date;
}

export const toStatusChange = (
  h: HistoryRow,
  names: ReadonlyMap<string, string>,
): StatusChangeDto => ({
  fromStatus: h.fromStatus,
  toStatus: h.toStatus,
  fromScore: h.fromScore,
  toScore: h.toScore,
  cause: h.cause,
  causeId: h.causeId,
  actor: actorRef(h.keyId, names),
  changedAt: h.changedAt.toISOString(),
});

/** What withdrawing a verdict did: the verdict as it was, why, what stands now, and the claim. */
export class WithdrawnReviewResponseDto {
  @ApiProperty({ type: () => ReviewResponseDto, description: 'The verdict withdrawn, as it was' })
  withdrawn!: ReviewResponseDto;

  @ApiProperty() reason!: string;

  @ApiProperty({
    type: () => ReviewResponseDto,
    nullable: true,
    description:
      'The verdict that stands now: the one before it, for an editor to look at again (review state needs_review); null when none is left (unreviewed)',
  })
  standing!: ReviewResponseDto | null;

  @ApiProperty({
    type: () => ClaimResponseDto,
    description:
      'The claim: back in the review queue when the verdict withdrawn was the standing one',
  })
  claim!: ClaimResponseDto;
}
