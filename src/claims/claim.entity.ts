import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { date, numeric, sqlList, Timestamp, ByKey } from '../common/columns.js';
import { CLAIM_STATUSES, type ClaimStatus } from '../domain/claims.js';
import { REVIEW_STATES, VERDICTS, type ReviewState, type Verdict } from '../domain/review.rules.js';

@Entity({ name: 'claims' })
@Check('ck_claim_status', `"status" IN (${sqlList(CLAIM_STATUSES)})`)
@Check('ck_claim_score', `"score" > 0 AND "score" < 1`)
@Index('idx_claim_updated', ['updatedAt', 'id'])
@Index('idx_claim_score', ['score', 'id'])
@Index('idx_claim_status_changed', ['statusChangedAt', 'id'])
@Index('idx_claim_status', { synchronize: false })
@Index('idx_claim_status_score', { synchronize: false })
@Index('idx_claim_status_status_changed', { synchronize: false })
@Index('idx_claim_tags', { synchronize: false })
@Index('idx_claim_search', { synchronize: false })
@Index('idx_claim_review_queue', { synchronize: false })
@Index('idx_claim_most_disputed', { synchronize: false })
@Index('idx_claim_verdicts', { synchronize: false })
@Check('ck_claim_review_state', `"review_state" IN (${sqlList(REVIEW_STATES)})`)
@Check('ck_claim_review_verdict', `"review_verdict" IN (${sqlList(VERDICTS)})`)
export class ClaimEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_claim' })
  id!: string;

  @Column({ type: 'text', nullable: false })
  statement!: string;

  @Column({ type: 'text', nullable: true })
  context!: string | null;

  @Column({ type: 'text', array: true, nullable: false, default: () => "'{}'" })
  tags!: string[];

  @Column({
    name: 'occurred_at',
    type: 'timestamptz',
    precision: 3,
    nullable: true,
    transformer: date,
  })
  occurredAt!: Date | null;

  @Column({ type: 'text', nullable: false, default: 'en' })
  language!: string;

  /**
   * The statement and context as searched, under the language's configuration. The database keeps
   * it from the text (a trigger), so the application never reads or writes it.
   */
  @Column({
    name: 'search_vector',
    type: 'tsvector',
    nullable: false,
    select: false,
    insert: false,
    update: false,
  })
  searchVector?: never;

  @Column({ type: 'text', nullable: false, default: 'unsourced' })
  status!: ClaimStatus;

  @Column({ type: 'double precision', nullable: false, default: () => '0.5', transformer: numeric })
  score!: number;

  @Column({ name: 'support_groups', type: 'integer', nullable: false, default: 0 })
  supportGroups!: number;

  @Column({ name: 'support_sources', type: 'integer', nullable: false, default: 0 })
  supportSources!: number;

  @Column({ name: 'refute_groups', type: 'integer', nullable: false, default: 0 })
  refuteGroups!: number;

  @Column({ name: 'refute_sources', type: 'integer', nullable: false, default: 0 })
  refuteSources!: number;

  @Column({
    name: 'status_changed_at',
    type: 'timestamptz',
    precision: 3,
    nullable: false,
    default: () => 'now()',
    transformer: date,
  })
  statusChangedAt!: Date;

  @Column({ type: 'integer', nullable: false, default: 1 })
  version!: number;

  @Timestamp('created_at')
  createdAt!: Date;

  @Timestamp('updated_at')
  updatedAt!: Date;

  @ByKey('created_by_key_id', 'fk_claim_created_by')
  createdByKeyId!: string | null;

  @ByKey('updated_by_key_id', 'fk_claim_updated_by')
  updatedByKeyId!: string | null;

  @Column({ name: 'review_state', type: 'text', nullable: false, default: 'unreviewed' })
  reviewState!: ReviewState;

  @Column({ name: 'review_verdict', type: 'text', nullable: true })
  reviewVerdict!: Verdict | null;

  @Column({
    name: 'reviewed_at',
    type: 'timestamptz',
    precision: 3,
    nullable: true,
    transformer: date,
  })
  reviewedAt!: Date | null;

  @Column({ name: 'reviewed_by_key_id', type: 'uuid', nullable: true })
  @ForeignKey('ApiKeyEntity', 'id', { name: 'fk_claim_reviewed_by', onDelete: 'RESTRICT' })
  reviewedByKeyId!: string | null;

  /** Kept from the review rules whenever the status or the verdict changes. */
  @Column({ name: 'review_divergent', type: 'boolean', nullable: false, default: false })
  reviewDivergent!: boolean;

  @Column({ name: 'review_priority', type: 'smallint', nullable: false, default: 2 })
  reviewPriority!: number;

  /** Set when the claim was merged into another: it then answers with a pointer to the survivor. */
  @Column({ name: 'merged_into_id', type: 'uuid', nullable: true })
  @ForeignKey(() => ClaimEntity, 'id', { name: 'fk_claim_merged_into', onDelete: 'RESTRICT' })
  mergedIntoId!: string | null;

  @Column({
    name: 'merged_at',
    type: 'timestamptz',
    precision: 3,
    nullable: true,
    transformer: date,
  })
  mergedAt!: Date | null;
}
