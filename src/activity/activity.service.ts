import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ApiKeysService } from '../api-keys/api-keys.service.js';
import { actorRef } from '../common/authorship.dto.js';
import { parseInstant } from '../common/dto.js';
import { decodeCursor, encodeCursor } from '../common/pagination.js';
import { Reads, readsFrom } from '../common/reads.js';
import { claimActivity, type AuditFact } from '../domain/activity.js';
import { CommonErrors, DomainError } from '../domain/errors.js';
import { ActivityRepository, type Span } from './activity.repository.js';
import {
  ACTIVITY_SCAN_CAP,
  CHANGES_PER_CLAIM,
  type ActivityPageDto,
  type ActivityQueryDto,
  type ClaimActivityDto,
} from './dto/activity.dto.js';

const DAY_MS = 24 * 3_600_000;

const uuidsIn = (value: unknown, keys: string[]): string[] => {
  if (typeof value !== 'object' || value === null) return [];
  const record = value as Record<string, unknown>;
  return keys.map((k) => record[k]).filter((v): v is string => typeof v === 'string');
};

/** The statement an entry about a claim recorded, for a claim since deleted. */
const recordedStatement = (claimId: string, entries: AuditFact[]): string | null => {
  for (const e of entries) {
    if (e.entityType !== 'claim' || e.entityId !== claimId) continue;
    for (const side of [e.before, e.after]) {
      const record = (side ?? {}) as Record<string, unknown>;
      const claim = (record.claim ?? record) as Record<string, unknown>;
      if (typeof claim.statement === 'string') return claim.statement;
    }
  }
  return null;
};

/**
 * What changed in a span of time, claim by claim: every write concerning a claim (its stances,
 * verdicts, links and merges) told in a sentence with who made it and what it did to the claim's
 * status, and the status changes no such write explains.
 */
@Injectable()
export class ActivityService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: ActivityRepository,
    private readonly keys: ApiKeysService,
    private readonly reads: Reads = readsFrom(dataSource),
  ) {}

  async activity(query: ActivityQueryDto, now = new Date()): Promise<ActivityPageDto> {
    const since = query.since ? parseInstant(query.since)! : new Date(now.getTime() - DAY_MS);
    const until = query.until ? parseInstant(query.until)! : null;
    if (until && until <= since) {
      throw new DomainError(
        CommonErrors.INVALID_VALUE,
        `until (${until.toISOString()}) must be after since (${since.toISOString()}).`,
      );
    }
    const span: Span = { since, until, keyId: query.keyId ?? null };
    const after = query.cursor
      ? decodeCursor(query.cursor, 'activity', ['timestamp', 'uuid'])
      : undefined;

    const db = await this.reads.manager();
    const touched = await this.repo.touchedClaims(
      db,
      span,
      ACTIVITY_SCAN_CAP,
      after ? { at: new Date(after[0]), claimId: after[1] as string } : undefined,
      query.limit + 1,
    );
    const page = touched.claims.slice(0, query.limit);
    const ids = page.map((c) => c.claimId);
    const [entries, history, before, claims] = await Promise.all([
      this.repo.entries(db, ids, span, CHANGES_PER_CLAIM + 1),
      this.repo.history(db, ids, span, CHANGES_PER_CLAIM + 1),
      this.repo.statusesAt(db, ids, since),
      this.repo.claims(db, ids),
    ]);

    // The other records the changes mention, by name.
    const mentioned = [...entries.values()].flat();
    const sourceIds = new Set<string>();
    const claimIds = new Set<string>();
    for (const e of mentioned) {
      for (const side of [e.before, e.after]) {
        uuidsIn(side, ['sourceId', 'viaSourceId']).forEach((id) => sourceIds.add(id));
        uuidsIn(side, ['into', 'mergedInto', 'fromClaimId', 'toClaimId']).forEach((id) =>
          claimIds.add(id),
        );
      }
      if (e.entityType === 'claim') claimIds.add(e.entityId);
    }
    const otherIds = [...claimIds].filter((id) => !claims.has(id));
    const [sources, others] = await Promise.all([
      this.repo.sourceNames(db, [...sourceIds]),
      this.repo.claims(db, otherIds),
    ]);
    const names = {
      source: (id: string) => sources.get(id),
      claim: (id: string) => (claims.get(id) ?? others.get(id))?.statement,
    };

    const items = page.map(
      (c): Omit<ClaimActivityDto, 'changes'> & { changes: ReturnType<typeof claimActivity> } => {
        const claimEntries = entries.get(c.claimId) ?? [];
        const claimHistory = history.get(c.claimId) ?? [];
        const changes = claimActivity(c.claimId, claimEntries, claimHistory, names);
        const claim = claims.get(c.claimId);
        return {
          claimId: c.claimId,
          statement: claim?.statement ?? recordedStatement(c.claimId, claimEntries),
          status: claim?.status ?? null,
          score: claim?.score ?? null,
          deleted: claim === undefined,
          mergedIntoId: claim?.mergedIntoId ?? null,
          statusAtSince: before.get(c.claimId) ?? null,
          lastChangedAt: c.lastAt.toISOString(),
          changes: changes.slice(0, CHANGES_PER_CLAIM),
          more:
            changes.length > CHANGES_PER_CLAIM ||
            claimEntries.length > CHANGES_PER_CLAIM ||
            claimHistory.length > CHANGES_PER_CLAIM,
        };
      },
    );
    const actors = await this.keys.namesOf(items.flatMap((i) => i.changes.map((ch) => ch.keyId)));
    const last = page.at(-1);
    return {
      items: items.map((i) => ({
        ...i,
        changes: i.changes.map((ch) => ({
          at: ch.at.toISOString(),
          actor: actorRef(ch.keyId, actors),
          requestId: ch.requestId,
          action: ch.action,
          summary: ch.summary,
          entityType: ch.entityType,
          entityId: ch.entityId,
          auditId: ch.auditId,
          historyId: ch.historyId,
          relatedClaimId: ch.relatedClaimId,
          sourceId: ch.sourceId,
          effect: ch.effect,
        })),
      })),
      nextCursor:
        touched.claims.length > query.limit && last
          ? encodeCursor('activity', [last.lastAt.toISOString(), last.claimId])
          : null,
      since: since.toISOString(),
      until: until ? until.toISOString() : null,
      complete: !touched.capped,
    };
  }
}
