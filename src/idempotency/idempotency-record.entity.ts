import { Column, Entity, Index, PrimaryColumn, Unique } from 'typeorm';
import { Timestamp } from '../common/columns.js';

/** The first answer to a POST sent with an Idempotency-Key, kept for 24 hours to replay. */
@Entity({ name: 'idempotency_records' })
@Unique('uq_idempotency_record_key', ['actor', 'idempotencyKey'])
@Index('idx_idempotency_record_created', ['createdAt'])
export class IdempotencyRecordEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_idempotency_record' })
  id!: string;

  /** The key id of the caller, so two callers' Idempotency-Keys never collide. */
  @Column({ type: 'text', nullable: false })
  actor!: string;

  @Column({ name: 'idempotency_key', type: 'text', nullable: false })
  idempotencyKey!: string;

  /** SHA-256 of method, path and body: the same key with another request is refused. */
  @Column({ name: 'request_hash', type: 'text', nullable: false })
  requestHash!: string;

  /** Null while the first request is still being served. */
  @Column({ type: 'integer', nullable: true })
  status!: number | null;

  @Column({ type: 'text', nullable: true })
  location!: string | null;

  @Column({ type: 'text', nullable: true })
  body!: string | null;

  @Timestamp('created_at')
  createdAt!: Date;
}
