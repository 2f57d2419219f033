import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { date, sqlList, Timestamp, ByKey } from '../common/columns.js';
import { DEFAULT_GRADE, RELIABILITY_GRADES, type ReliabilityGrade } from '../domain/grades.js';
import { SOURCE_KINDS, type SourceKind } from '../domain/sources.js';

@Entity({ name: 'sources' })
@Check('ck_source_kind', `"kind" IN (${sqlList(SOURCE_KINDS)})`)
@Check('ck_source_reliability', `"reliability" IN (${sqlList(RELIABILITY_GRADES)})`)
@Check('ck_source_not_self_affiliated', `"affiliated_with_id" <> "id"`)
@Check('ck_source_not_merged_into_self', `"merged_into_id" <> "id"`)
@Index('idx_source_merged_into', { synchronize: false })
@Index('idx_source_affiliated_with', ['affiliatedWithId'])
@Index('idx_source_independence_group', ['independenceGroupId'])
@Index('idx_source_name', ['name', 'id'])
@Index('idx_source_names_trgm', { synchronize: false })
@Index('idx_source_keys', { synchronize: false })
@Index('idx_source_name_key_trgm', { synchronize: false })
export class SourceEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_source' })
  id!: string;

  @Column({ type: 'text', nullable: false })
  name!: string;

  @Column({ type: 'text', nullable: false })
  kind!: SourceKind;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ type: 'text', array: true, nullable: false, default: () => "'{}'" })
  aliases!: string[];

  @Column({ type: 'text', nullable: true })
  url!: string | null;

  @Column({ name: 'affiliated_with_id', type: 'uuid', nullable: true })
  @ForeignKey(() => SourceEntity, 'id', { name: 'fk_source_affiliated_with', onDelete: 'RESTRICT' })
  affiliatedWithId!: string | null;

  @Column({ type: 'text', nullable: false, default: DEFAULT_GRADE })
  reliability!: ReliabilityGrade;

  /** An unnamed source ("unnamed officials"): counted with the relay that carries it, never on its own. */
  @Column({ type: 'boolean', nullable: false, default: false })
  anonymous!: boolean;

  @Column({ name: 'independence_group_id', type: 'uuid', nullable: false })
  independenceGroupId!: string;

  /** Set when the source was merged into another: it then answers with a pointer to the survivor. */
  @Column({ name: 'merged_into_id', type: 'uuid', nullable: true })
  @ForeignKey(() => SourceEntity, 'id', { name: 'fk_source_merged_into', onDelete: 'RESTRICT' })
  mergedIntoId!: string | null;

  @Column({
    name: 'merged_at',
    type: 'timestamptz',
    precision: 3,
    nullable: true,
    transformer: date,
  })
  mergedAt!: Date | null;

  @Column({ type: 'integer', nullable: false, default: 1 })
  version!: number;

  @Timestamp('created_at')
  createdAt!: Date;

  @Timestamp('updated_at')
  updatedAt!: Date;

  @ByKey('created_by_key_id', 'fk_source_created_by')
  createdByKeyId!: string | null;

  @ByKey('updated_by_key_id', 'fk_source_updated_by')
  updatedByKeyId!: string | null;
}
