import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { date, numeric } from '../common/columns.js';
import type { ClaimStatus } from '../domain/claims.js';

/** One change of a claim's status or score, and what caused it. Outlives the claim. */
@Entity({ name: 'claim_history' })
@Index('idx_claim_history_claim', ['claimId', 'changedAt', 'id'])
@Index('idx_claim_history_changed_at', ['changedAt', 'id'])
export class ClaimHistoryEntity {
  @PrimaryColumn({
    type: 'bigint',
    primaryKeyConstraintName: 'pk_claim_history',
    generated: 'identity',
    generatedIdentity: 'ALWAYS',
    transformer: numeric,
  })
  id!: number;

  @Column({ name: 'claim_id', type: 'uuid', nullable: false })
  claimId!: string;

  @Column({ name: 'from_status', type: 'text', nullable: true })
  fromStatus!: ClaimStatus | null;

  @Column({ name: 'to_status', type: 'text', nullable: false })
  toStatus!: ClaimStatus;

  @Column({ name: 'from_score', type: 'double precision', nullable: true, transformer: numeric })
  fromScore!: number | null;

  @Column({ name: 'to_score', type: 'double precision', nullable: false, transformer: numeric })
  toScore!: number;

  @Column({ name: 'support_groups', type: 'integer', nullable: false })
  supportGroups!: number;

  @Column({ name: 'support_sources', type: 'integer', nullable: false })
  supportSources!: number;

  @Column({ name: 'refute_groups', type: 'integer', nullable: false })
  refuteGroups!: number;

  @Column({ name: 'refute_sources', type: 'integer', nullable: false })
  refuteSources!: number;

  @Column({ type: 'text', nullable: false })
  cause!: string;

  @Column({ name: 'cause_id', type: 'uuid', nullable: true })
  causeId!: string | null;

  @Column({ name: 'key_id', type: 'uuid', nullable: true })
  keyId!: string | null;

  @Column({ name: 'request_id', type: 'text', nullable: true })
  requestId!: string | null;

  @Column({
    name: 'changed_at',
    type: 'timestamptz',
    precision: 3,
    nullable: false,
    default: () => 'now()',
    transformer: date,
  })
  changedAt!: Date;
}
