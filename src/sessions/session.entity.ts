import { Column, Entity, ForeignKey, Index, PrimaryColumn, Unique } from 'typeorm';
import { date, Timestamp } from '../common/columns.js';

/** A console sign-in: the hash of the cookie's secret, the key it acts for, when it was last used. */
@Entity({ name: 'sessions' })
@Unique('uq_session_token_hash', ['tokenHash'])
@Index('idx_session_key', ['keyId', 'lastSeenAt'])
@Index('idx_session_last_seen', ['lastSeenAt'])
export class SessionEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_session' })
  id!: string;

  /** SHA-256 of the cookie's secret; the secret itself is never stored. */
  @Column({ name: 'token_hash', type: 'text', nullable: false })
  tokenHash!: string;

  @Column({ name: 'key_id', type: 'uuid', nullable: false })
  @ForeignKey('ApiKeyEntity', 'id', { name: 'fk_session_key', onDelete: 'CASCADE' })
  keyId!: string;

  @Timestamp('created_at')
  createdAt!: Date;

  @Column({
    name: 'last_seen_at',
    type: 'timestamptz',
    precision: 3,
    nullable: false,
    default: () => 'now()',
    transformer: date,
  })
  lastSeenAt!: Date;
}
