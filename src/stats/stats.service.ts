import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CommonErrors, DomainError } from '../domain/errors.js';
import { inTransaction } from '../common/sql.js';
import { SourceErrors } from '../sources/sources.errors.js';
import { CLAIM_STATUSES, type ClaimStatus } from '../domain/claims.js';
import {
  statusCounts,
  type DayChangesDto,
  type DisputedClaimDto,
  type GroupAgreementDto,
  type StatsQueryDto,
  type StatsResponseDto,
  type StatusChangesDto,
  type StatusCountsDto,
  type TagCountsDto,
} from './dto/stats.dto.js';
import {
  StatsRepository,
  type AgreementRow,
  type DayChangeRow,
  type TagCountRow,
} from './stats.repository.js';
import { AggregateCheckRepository, type AggregateCheck } from './aggregate-check.repository.js';
import { DeltaFoldRepository } from './delta-fold.repository.js';
import { parseSections, resolveDayRange, type DayRange } from './stats.rules.js';

/** Deltas of each kind folded per transaction. */
const FOLD_CHUNK = 50_000;

/** How often the deltas writers append are folded into the aggregates, whether or not anyone reads them. */
const FOLD_INTERVAL_MS = 10_000;

const invalid = (field: string, message: string): DomainError =>
  new DomainError(CommonErrors.VALIDATION_FAILED, message, [{ field, message }]);

/**
 * The dashboard: counts by status and tag, status changes per day, the most disputed claims and
 * the agreement between independence groups, all read from aggregates the database keeps (see the
 * dashboard-aggregates migration) or from indexes, never by scanning claims or stances.
 */
@Injectable()
export class StatsService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Stats');
  private timer?: NodeJS.Timeout;
  private folding?: Promise<void>;
  private foldFailing = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: StatsRepository,
    private readonly folds: DeltaFoldRepository,
    private readonly checks: AggregateCheckRepository,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.foldInBackground(), FOLD_INTERVAL_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.folding;
  }

  async stats(query: StatsQueryDto): Promise<StatsResponseDto> {
    const sections = parseSections(query.include);
    if (!sections) throw invalid('include', 'include names a section that does not exist');
    const range = resolveDayRange({ from: query.from, to: query.to }, new Date());
    if ('field' in range) throw invalid(range.field, range.message);
    const db = this.dataSource.manager;
    let groupId: string | undefined;
    if (query.groupId !== undefined) {
      groupId = await this.repo.findGroupOf(db, query.groupId);
      if (!groupId)
        throw new DomainError(SourceErrors.SOURCE_NOT_FOUND, `No source has id ${query.groupId}.`);
    }

    await this.fold();
    const generatedAt = new Date().toISOString();
    const out: StatsResponseDto = { generatedAt };
    if (sections.has('claims')) {
      const byStatus = statusCounts(await this.repo.statusCounts(db));
      out.claims = {
        total: totalOf(byStatus),
        byStatus,
      };
    }
    if (sections.has('tags'))
      out.tags = (await this.repo.topTags(db, query.tagLimit)).map(toTagCounts);
    if (sections.has('statusChanges')) {
      out.statusChanges = toStatusChanges(
        range,
        await this.repo.statusChanges(db, range.from, range.to),
      );
    }
    if (sections.has('mostDisputed')) {
      out.mostDisputed = (await this.repo.mostDisputed(db, query.disputedLimit)).map(
        (c): DisputedClaimDto => ({
          id: c.id,
          statement: c.statement,
          tags: c.tags,
          score: c.score,
          support: { groups: c.supportGroups, sources: c.supportSources },
          refute: { groups: c.refuteGroups, sources: c.refuteSources },
          statusChangedAt: new Date(c.statusChangedAt).toISOString(),
        }),
      );
    }
    if (sections.has('agreement')) {
      const rows = groupId
        ? await this.repo.groupAgreement(db, groupId, query.agreementLimit)
        : await this.repo.agreement(db, query.agreementLimit);
      out.agreement = rows.map(toAgreement);
    }
    return out;
  }

  /**
   * Brings the aggregates up to date with every write committed so far, FOLD_CHUNK deltas of each
   * kind per transaction, so each statement stays short however large the backlog (a bulk import).
   */
  async fold(): Promise<void> {
    const ceiling = await this.folds.deltaCeiling(this.dataSource.manager);
    while (
      await inTransaction(this.dataSource, (db) =>
        this.folds.fold(db, { size: FOLD_CHUNK, ceiling }),
      )
    );
  }

  /** Compares the aggregates with fresh counts over the base tables; `rebuild` replaces any that differ. */
  async checkAggregates(rebuild: boolean): Promise<AggregateCheck> {
    // The backlog first, in chunks; the check then folds what arrived meanwhile under its locks.
    await this.fold();
    return inTransaction(this.dataSource, (db) => this.checks.checkAggregates(db, { rebuild }));
  }

  private async foldInBackground(): Promise<void> {
    if (this.folding) return;
    this.folding = this.fold()
      .then(() => {
        if (this.foldFailing) this.logger.log('Folding the dashboard aggregates works again.');
        this.foldFailing = false;
      })
      .catch((error: unknown) => {
        // Said once per run of failures: a database outage is reported by /health, not every 10 s here.
        if (!this.foldFailing)
          this.logger.warn(
            `Could not fold the dashboard aggregates: ${error instanceof Error ? error.message : String(error)}`,
          );
        this.foldFailing = true;
      })
      .finally(() => {
        this.folding = undefined;
      });
    await this.folding;
  }
}

const totalOf = (counts: StatusCountsDto): number =>
  CLAIM_STATUSES.reduce((n, s) => n + counts[s], 0);

function toTagCounts(row: TagCountRow): TagCountsDto {
  const byStatus = statusCounts(Object.fromEntries(CLAIM_STATUSES.map((s) => [s, row[s]])));
  return { tag: row.tag, claims: row.claims, byStatus };
}

function toStatusChanges(range: DayRange, rows: DayChangeRow[]): StatusChangesDto {
  const byDay = new Map<string, Partial<Record<ClaimStatus, number>>>();
  for (const r of rows) {
    const day = byDay.get(r.day) ?? {};
    day[r.toStatus] = r.changes;
    byDay.set(r.day, day);
  }
  const days = range.days.map((day): DayChangesDto => {
    const toStatus = statusCounts(byDay.get(day) ?? {});
    return {
      day,
      changes: totalOf(toStatus),
      toStatus,
    };
  });
  return {
    from: range.from,
    to: range.to,
    timeZone: 'UTC',
    total: days.reduce((a, d) => a + d.changes, 0),
    days,
  };
}

const toAgreement = (r: AgreementRow): GroupAgreementDto => ({
  groupA: { id: r.groupA, name: r.nameA },
  groupB: { id: r.groupB, name: r.nameB },
  agree: r.agree,
  disagree: r.disagree,
  sharedClaims: r.shared,
});
