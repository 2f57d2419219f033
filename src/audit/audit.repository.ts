import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Prepared, queryRows } from '../common/sql.js';
import { AuditLogEntity } from './audit-log.entity.js';

const APPEND = new Prepared(
  'audit-append',
  `INSERT INTO audit_log (key_id, request_id, action, entity_type, entity_id, before, after)
   VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb)`,
);

export interface AuditFilter {
  entityType?: string;
  entityId?: string;
  keyId?: string;
  action?: string;
  from?: Date;
  to?: Date;
  beforeId?: number;
  limit: number;
}

@Injectable()
export class AuditRepository {
  async append(db: EntityManager, entry: Omit<AuditLogEntity, 'id' | 'at'>): Promise<void> {
    await queryRows(db, APPEND, [
      entry.keyId,
      entry.requestId,
      entry.action,
      entry.entityType,
      entry.entityId,
      entry.before === undefined || entry.before === null ? null : JSON.stringify(entry.before),
      entry.after === undefined || entry.after === null ? null : JSON.stringify(entry.after),
    ]);
  }

  /** Newest first (keyset on id). */
  list(db: EntityManager, f: AuditFilter): Promise<AuditLogEntity[]> {
    const qb = db.getRepository(AuditLogEntity).createQueryBuilder('a');
    if (f.entityType) qb.andWhere('a.entity_type = :entityType', { entityType: f.entityType });
    if (f.entityId) qb.andWhere('a.entity_id = :entityId', { entityId: f.entityId });
    if (f.keyId) qb.andWhere('a.key_id = :keyId', { keyId: f.keyId });
    if (f.action) qb.andWhere('a.action = :action', { action: f.action });
    if (f.from) qb.andWhere('a.at >= :from', { from: f.from.toISOString() });
    if (f.to) qb.andWhere('a.at < :to', { to: f.to.toISOString() });
    if (f.beforeId !== undefined) qb.andWhere('a.id < :beforeId', { beforeId: f.beforeId });
    return qb
      .orderBy('a.id', 'DESC')
      .limit(f.limit + 1)
      .getMany();
  }
}
