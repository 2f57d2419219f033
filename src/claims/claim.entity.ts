import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { date, numeric, sqlList } from '../database/columns.js';
import { CLAIM_STATUSES, type ClaimStatus } from '../corroboration/status.rules.js';
import { ByKey } from '../api-keys/authorship.js';

@Entity({ name: 'claims' })
@Check('ck_claim_status', `"status" IN (${sqlList(CLAIM_STATUSES)})`)
@Check('ck_claim_score', `"score" > 0 AND "score" < 1`)
@Index('idx_claim_updated', ['updatedAt', 'id'])
@Index('idx_claim_score', ['score', 'id'])
@Index('idx_claim_status_changed', ['statusChangedAt', 'id'])
@Index('idx_claim_status', ['status', 'updatedAt', 'id'])
@Index('idx_claim_tags', { synchronize: false })
@Index('idx_claim_search', { synchronize: false })
export class ClaimEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_claim' })
  id!: string;

  @Column({ type: 'text', nullable: false })
  statement!: string;

  @Column({ type: 'text', nullable: true })
  context!: string | null;

  @Column({ type: 'text', array: true, nullable: false, default: () => "'{}'" })
  tags!: string[];

  @Column({ name: 'occurred_at', type: 'timestamptz', precision: 3, nullable: true, transformer: date })
  occurredAt!: Date | null;

  @Column({ type: 'text', nullable: false, default: 'en' })
  language!: string;

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

  @Column({ name: 'status_changed_at', type: 'timestamptz', precision: 3, nullable: false, default: () => 'now()', transformer: date })
  statusChangedAt!: Date;

  @Column({ type: 'integer', nullable: false, default: 1 })
  version!: number;

  @Column({ name: 'created_at', type: 'timestamptz', precision: 3, nullable: false, default: () => 'now()', transformer: date })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', precision: 3, nullable: false, default: () => 'now()', transformer: date })
  updatedAt!: Date;

  @ByKey('created_by_key_id', 'fk_claim_created_by')
  createdByKeyId!: string | null;

  @ByKey('updated_by_key_id', 'fk_claim_updated_by')
  updatedByKeyId!: string | null;
}
