import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { date, numeric, sqlList, Timestamp, ByKey } from '../common/columns.js';
import { STANCE_KINDS, type StanceKind } from '../domain/stances.js';

@Entity({ name: 'stances' })
@Check('ck_stance_kind', `"kind" IN (${sqlList(STANCE_KINDS)})`)
@Index('idx_stance_claim_history', ['claimId', 'statedAt', 'recordedAt', 'seq'])
@Index('idx_stance_source_history', ['sourceId', 'statedAt', 'recordedAt', 'seq'])
@Index('idx_stance_via_source', ['viaSourceId'])
export class StanceEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_stance' })
  id!: string;

  @Column({ name: 'claim_id', type: 'uuid', nullable: false })
  @ForeignKey('ClaimEntity', 'id', { name: 'fk_stance_claim', onDelete: 'CASCADE' })
  claimId!: string;

  @Column({ name: 'source_id', type: 'uuid', nullable: false })
  @ForeignKey('SourceEntity', 'id', { name: 'fk_stance_source', onDelete: 'RESTRICT' })
  sourceId!: string;

  @Column({ type: 'text', nullable: false })
  kind!: StanceKind;

  @Column({
    name: 'stated_at',
    type: 'timestamptz',
    precision: 3,
    nullable: false,
    transformer: date,
  })
  statedAt!: Date;

  @Column({
    name: 'recorded_at',
    type: 'timestamptz',
    precision: 3,
    nullable: false,
    default: () => 'now()',
    transformer: date,
  })
  recordedAt!: Date;

  @Column({ type: 'text', nullable: true })
  quote!: string | null;

  @Column({ name: 'evidence_url', type: 'text', nullable: true })
  evidenceUrl!: string | null;

  @Column({ name: 'via_source_id', type: 'uuid', nullable: true })
  @ForeignKey('SourceEntity', 'id', { name: 'fk_stance_via_source', onDelete: 'RESTRICT' })
  viaSourceId!: string | null;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Timestamp('updated_at')
  updatedAt!: Date;

  /** Order of entry, assigned by the database: breaks ties between stances recorded together. */
  @Column({
    type: 'bigint',
    nullable: false,
    insert: false,
    update: false,
    generated: 'identity',
    generatedIdentity: 'ALWAYS',
    transformer: numeric,
  })
  seq!: number;

  @ByKey('created_by_key_id', 'fk_stance_created_by')
  createdByKeyId!: string | null;

  @ByKey('updated_by_key_id', 'fk_stance_updated_by')
  updatedByKeyId!: string | null;
}
