import { LINK_KINDS, type LinkKind } from '../domain/links.js';
import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn, Unique } from 'typeorm';
import { sqlList, Timestamp, ByKey } from '../common/columns.js';

/** Kinds whose direction carries meaning; the others are the same link either way round. */
export const DIRECTED_LINK_KINDS: readonly LinkKind[] = ['part_of', 'depends_on'];

@Entity({ name: 'claim_links' })
@Check('ck_claim_link_kind', `"kind" IN (${sqlList(LINK_KINDS)})`)
@Check('ck_claim_link_not_self', `"from_claim_id" <> "to_claim_id"`)
@Unique('uq_claim_link', ['fromClaimId', 'toClaimId', 'kind'])
@Index('idx_claim_link_to', ['toClaimId'])
@Index('uq_claim_link_undirected', { synchronize: false })
export class ClaimLinkEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_claim_link' })
  id!: string;

  @Column({ name: 'from_claim_id', type: 'uuid', nullable: false })
  @ForeignKey('ClaimEntity', 'id', { name: 'fk_claim_link_from', onDelete: 'CASCADE' })
  fromClaimId!: string;

  @Column({ name: 'to_claim_id', type: 'uuid', nullable: false })
  @ForeignKey('ClaimEntity', 'id', { name: 'fk_claim_link_to', onDelete: 'CASCADE' })
  toClaimId!: string;

  @Column({ type: 'text', nullable: false })
  kind!: LinkKind;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Timestamp('created_at')
  createdAt!: Date;

  @ByKey('created_by_key_id', 'fk_claim_link_created_by')
  createdByKeyId!: string | null;

  @ByKey('updated_by_key_id', 'fk_claim_link_updated_by')
  updatedByKeyId!: string | null;
}
