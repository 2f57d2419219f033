import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { date, numeric } from '../common/columns.js';

/** One write, as it happened: who, when, what, before and after. The database refuses changes. */
@Entity({ name: 'audit_log' })
@Index('idx_audit_log_entity', ['entityType', 'entityId', 'id'])
@Index('idx_audit_log_key', ['keyId', 'id'])
@Index('idx_audit_log_at', ['at', 'id'])
// The claims each entry concerns (migration AuditByClaim1797292800000): an expression index.
@Index('idx_audit_log_claim', { synchronize: false })
export class AuditLogEntity {
  @PrimaryColumn({
    type: 'bigint',
    primaryKeyConstraintName: 'pk_audit_log',
    generated: 'identity',
    generatedIdentity: 'ALWAYS',
    transformer: numeric,
  })
  id!: number;

  @Column({
    type: 'timestamptz',
    precision: 3,
    nullable: false,
    default: () => 'now()',
    transformer: date,
  })
  at!: Date;

  @Column({ name: 'key_id', type: 'uuid', nullable: true })
  keyId!: string | null;

  @Column({ name: 'request_id', type: 'text', nullable: true })
  requestId!: string | null;

  @Column({ type: 'text', nullable: false })
  action!: string;

  @Column({ name: 'entity_type', type: 'text', nullable: false })
  entityType!: string;

  @Column({ name: 'entity_id', type: 'uuid', nullable: false })
  entityId!: string;

  @Column({ type: 'jsonb', nullable: true })
  before!: unknown;

  @Column({ type: 'jsonb', nullable: true })
  after!: unknown;
}

/** An audit entry as read back, with the name of the key that made it (null when none did). */
export interface StoredAuditEntry extends AuditLogEntity {
  keyName: string | null;
}
