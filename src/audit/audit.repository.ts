import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Prepared, queryRows } from '../common/sql.js';
import { AuditLogEntity } from './audit-log.entity.js';

const APPEND = new Prepared(
  'audit-append',
  `INSERT INTO audit_log (key_id, request_id, action, entity_type, entity_id, before, after)
   VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb)`,
);

/** An audit entry as stored, before the database gives it its id and time. */
export type AuditRow = Omit<AuditLogEntity, 'id' | 'at'>;

const json = (value: unknown): string | null =>
  value === undefined || value === null ? null : JSON.stringify(value);

/**
 * The same append as APPEND, for many entries, as one part of a larger statement (so a write's
 * audit entries travel with the statement that stores its effects, not in a round trip of their
 * own). Its 7 parameters are numbered from `$${first}`; `auditParams` gives them.
 */
export const appendAuditRows = (first: number): string => {
  const p = (n: number) => `$${first + n - 1}`;
  return `INSERT INTO audit_log (key_id, request_id, action, entity_type, entity_id, before, after)
     SELECT * FROM unnest(${p(1)}::uuid[], ${p(2)}::text[], ${p(3)}::text[], ${p(4)}::text[], ${p(5)}::uuid[],
                          ${p(6)}::jsonb[], ${p(7)}::jsonb[])`;
};

export const auditParams = (rows: AuditRow[]): unknown[] => [
  rows.map((r) => r.keyId),
  rows.map((r) => r.requestId),
  rows.map((r) => r.action),
  rows.map((r) => r.entityType),
  rows.map((r) => r.entityId),
  rows.map((r) => json(r.before)),
  rows.map((r) => json(r.after)),
];

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
  async append(db: EntityManager, entry: AuditRow): Promise<void> {
    await queryRows(db, APPEND, [
      entry.keyId,
      entry.requestId,
      entry.action,
      entry.entityType,
      entry.entityId,
      json(entry.before),
      json(entry.after),
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
