import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../domain/actors.js';
import { parseInstant } from '../common/dto.js';
import { decodeCursor, encodeCursor, toPage, type Page } from '../common/pagination.js';
import type { StoredAuditEntry } from './audit-log.entity.js';
import { AuditRepository, type AuditRow } from './audit.repository.js';
import type { ListAuditQueryDto } from './dto/audit.dto.js';
import type { AuditEntityType } from '../domain/audit.js';
import { Reads, readsFrom } from '../common/reads.js';

export interface AuditEntry {
  action: string;
  entityType: AuditEntityType;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

/** Appends to the audit trail inside the caller's transaction: the write and its record commit together. */
@Injectable()
export class AuditService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: AuditRepository,
    private readonly reads: Reads = readsFrom(dataSource),
  ) {}

  record(db: EntityManager, actor: Actor | null, entry: AuditEntry): Promise<void> {
    return this.repo.append(db, this.row(actor, entry));
  }

  /**
   * The row `record` would append, for a caller that stores it with its other changes in one
   * statement (see `appendAuditRows`): still inside the write's transaction.
   */
  row(actor: Actor | null, entry: AuditEntry): AuditRow {
    return {
      keyId: actor?.keyId ?? null,
      requestId: actor?.requestId ?? null,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      before: entry.before ?? null,
      after: entry.after ?? null,
    };
  }

  /** The newest entry of this action on this record. */
  async latestEntry(
    db: EntityManager,
    entityType: AuditEntityType,
    entityId: string,
    action: string,
  ): Promise<StoredAuditEntry | undefined> {
    const [entry] = await this.repo.list(db, { entityType, entityId, action, limit: 1 });
    return entry;
  }

  async listEntries(query: ListAuditQueryDto): Promise<Page<StoredAuditEntry>> {
    const after = query.cursor ? decodeCursor(query.cursor, 'audit', ['integer']) : undefined;
    const rows = await this.repo.list(await this.reads.manager(), {
      entityType: query.entityType,
      entityId: query.entityId,
      claimId: query.claimId,
      keyId: query.keyId,
      action: query.action,
      from: query.from ? parseInstant(query.from) : undefined,
      to: query.to ? parseInstant(query.to) : undefined,
      beforeId: after ? (after[0] as number) : undefined,
      limit: query.limit,
    });
    return toPage(
      rows,
      query.limit,
      (a) => a,
      (a) => encodeCursor('audit', [a.id]),
    );
  }
}
