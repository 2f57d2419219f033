import { Check, Column, Entity, ForeignKey, PrimaryColumn, Unique } from 'typeorm';
import { date, sqlList, Timestamp } from '../common/columns.js';
import { ROLES, type Role } from '../domain/actors.js';

@Entity({ name: 'api_keys' })
@Check('ck_api_key_role', `"role" IN (${sqlList(ROLES)})`)
@Unique('uq_api_key_secret_hash', ['secretHash'])
export class ApiKeyEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_api_key' })
  id!: string;

  @Column({ type: 'text', nullable: false })
  name!: string;

  @Column({ type: 'text', nullable: false })
  role!: Role;

  /** The first characters of the key, safe to show: enough to recognise it, useless to use it. */
  @Column({ type: 'text', nullable: false })
  prefix!: string;

  /** SHA-256 of the whole key. Keys are 256 random bits, so a fast hash is enough. */
  @Column({ name: 'secret_hash', type: 'text', nullable: false })
  secretHash!: string;

  @Timestamp('created_at')
  createdAt!: Date;

  @Column({ name: 'created_by_key_id', type: 'uuid', nullable: true })
  @ForeignKey(() => ApiKeyEntity, 'id', { name: 'fk_api_key_created_by', onDelete: 'RESTRICT' })
  createdByKeyId!: string | null;

  @Column({
    name: 'revoked_at',
    type: 'timestamptz',
    precision: 3,
    nullable: true,
    transformer: date,
  })
  revokedAt!: Date | null;

  @Column({ name: 'revoked_by_key_id', type: 'uuid', nullable: true })
  @ForeignKey(() => ApiKeyEntity, 'id', { name: 'fk_api_key_revoked_by', onDelete: 'RESTRICT' })
  revokedByKeyId!: string | null;
}
