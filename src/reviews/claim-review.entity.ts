import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { numeric, sqlList, Timestamp } from '../common/columns.js';
import type { ClaimStatus } from '../domain/claims.js';
import { VERDICTS, type Verdict } from '../domain/review.rules.js';

/** One editor's verdict on a claim, with the evidence's status and score at that moment. */
@Entity({ name: 'claim_reviews' })
@Check('ck_claim_review_verdict', `"verdict" IN (${sqlList(VERDICTS)})`)
@Index('idx_claim_review_claim', ['claimId', 'createdAt'])
export class ClaimReviewEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_claim_review' })
  id!: string;

  @Column({ name: 'claim_id', type: 'uuid', nullable: false })
  @ForeignKey('ClaimEntity', 'id', { name: 'fk_claim_review_claim', onDelete: 'CASCADE' })
  claimId!: string;

  @Column({ type: 'text', nullable: false })
  verdict!: Verdict;

  @Column({ type: 'text', nullable: false })
  rationale!: string;

  @Column({ name: 'reviewer_key_id', type: 'uuid', nullable: true })
  @ForeignKey('ApiKeyEntity', 'id', { name: 'fk_claim_review_reviewer', onDelete: 'RESTRICT' })
  reviewerKeyId!: string | null;

  @Column({ name: 'status_at_review', type: 'text', nullable: false })
  statusAtReview!: ClaimStatus;

  @Column({
    name: 'score_at_review',
    type: 'double precision',
    nullable: false,
    transformer: numeric,
  })
  scoreAtReview!: number;

  @Timestamp('created_at')
  createdAt!: Date;
}
