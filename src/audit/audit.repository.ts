import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { date, parsedJson } from '../common/columns.js';
import { Prepared, queryRows } from '../common/sql.js';
import type { AuditLogEntity, StoredAuditEntry } from './audit-log.entity.js';

const APPEND = new Prepared(
  'audit-append',
  `INSERT INTO audit_log (key_id, request_id, action, entity_type, entity_id, before, after)
   VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb)`,
);

/** An audit entry as stored, before the database gives it its id and time. */
export type AuditRow = Omit<AuditLogEntity, 'id' | 'at'>;

interface AuditEntryRow extends Omit<StoredAuditEntry, 'id' | 'at'> {
  id: string;
  at: Date | string;
}

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

/** The entry types that can concern a claim: those idx_audit_log_claim covers. */
const ABOUT_CLAIMS = `a.entity_type IN ('claim', 'stance', 'link', 'review')`;

export interface AuditFilter {
  entityType?: string;
  entityId?: string;
  /** Entries concerning this claim: itself, its stances, links, verdicts and merges. */
  claimId?: string;
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

  /** Newest first (keyset on id), each with its key's name. */
  async list(db: EntityManager, f: AuditFilter): Promise<StoredAuditEntry[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (condition: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(condition(`$${params.length}`));
    };
    if (f.entityType) add((p) => `a.entity_type = ${p}`, f.entityType);
    if (f.entityId) add((p) => `a.entity_id = ${p}::uuid`, f.entityId);
    if (f.claimId) {
      add(
        (p) =>
          `audit_claim_ids(a.entity_type, a.entity_id, a.before, a.after) @> ARRAY[${p}::uuid]`,
        f.claimId,
      );
      where.push(ABOUT_CLAIMS);
    }
    if (f.keyId) add((p) => `a.key_id = ${p}::uuid`, f.keyId);
    if (f.action) add((p) => `a.action = ${p}`, f.action);
    if (f.from) add((p) => `a.at >= ${p}::timestamptz`, f.from.toISOString());
    if (f.to) add((p) => `a.at < ${p}::timestamptz`, f.to.toISOString());
    if (f.beforeId !== undefined) add((p) => `a.id < ${p}::bigint`, f.beforeId);
    params.push(f.limit + 1);
    const rows = await queryRows<AuditEntryRow>(
      db,
      `SELECT a.id::text AS id, a.at, a.key_id AS "keyId", k.name AS "keyName", a.request_id AS "requestId",
              a.action, a.entity_type AS "entityType", a.entity_id AS "entityId", a.before, a.after
         FROM audit_log a
         LEFT JOIN api_keys k ON k.id = a.key_id
        ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY a.id DESC
        LIMIT $${params.length}`,
      params,
    );
    return rows.map((r) => ({
      ...r,
      id: Number(r.id),
      at: date.from(r.at) as Date,
      before: parsedJson(r.before),
      after: parsedJson(r.after),
    }));
  }
}
