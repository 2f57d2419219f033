import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, Length } from 'class-validator';
import { OptionalNotNull, Trim } from '../../common/dto.js';
import { PageQueryDto } from '../../common/pagination.js';
import { CLAIM_STATUSES, type ClaimStatus } from '../../domain/claims.js';
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
}

export const toReviewResponse = (r: ClaimReviewEntity): ReviewResponseDto => ({
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
