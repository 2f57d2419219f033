import { Injectable, Optional } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { inTransaction } from '../common/sql.js';
import { Metrics } from '../metrics/metrics.js';
import {
  decodeCursor,
  encodeCursor,
  toPage,
  type Page,
  type PageQueryDto,
} from '../common/pagination.js';
import type { ClaimHistoryEntity } from './claim-history.entity.js';
import { DomainError, ClaimErrors } from '../domain/errors.js';
import { isDivergent, reviewPriority, reviewStateAfter } from '../domain/review.rules.js';
import {
  CorroborationRepository,
  type ChangeCause,
  type ClaimGroupSide,
  type CorroborationUpdate,
  type HistoryEntry,
  type LockedClaim,
  type StoredCorroboration,
} from './corroboration.repository.js';
import { evaluateClaim } from './status.rules.js';
import { groupSide } from './group-sides.js';
import { type Evaluation, type StanceFact } from './evaluation.js';
import type { AuditRow } from '../audit/audit.repository.js';
import type { Verdict } from '../domain/review.rules.js';
import { Reads, readsFrom } from '../common/reads.js';

const BATCH = 500;

/** The claim as found, if it exists and was not merged away; a 404 or 410 problem otherwise. */
function requireLive<T extends { mergedIntoId: string | null }>(
  claimId: string,
  claim: T | undefined,
): T {
  if (!claim) throw new DomainError(ClaimErrors.CLAIM_NOT_FOUND, `No claim has id ${claimId}.`);
  if (claim.mergedIntoId) {
    throw new DomainError(
      ClaimErrors.CLAIM_MERGED,
      `Claim ${claimId} was merged into ${claim.mergedIntoId}.`,
      undefined,
      {
        mergedIntoId: claim.mergedIntoId,
      },
    );
  }
  return claim;
}

const sameValues = (a: StoredCorroboration, b: StoredCorroboration): boolean =>
  a.status === b.status &&
  a.score === b.score &&
  a.supportGroups === b.supportGroups &&
  a.supportSources === b.supportSources &&
  a.refuteGroups === b.refuteGroups &&
  a.refuteSources === b.refuteSources;

const toStored = (id: string, e: Evaluation): StoredCorroboration => ({
  id,
  status: e.status,
  score: e.score,
  supportGroups: e.support.groups,
  supportSources: e.support.sources,
  refuteGroups: e.refute.groups,
  refuteSources: e.refute.sources,
});

/** Each group's side on the claim, for the dashboard's agreement matrix (a merged claim has none). */
const claimGroupSides = (claimId: string, evaluation: Evaluation): ClaimGroupSide[] =>
  evaluation.groups.flatMap((g) => {
    const side = groupSide(g);
    return side ? [{ claimId, groupId: g.groupId, side }] : [];
  });

/**
 * Keeps the status, score and counts stored on each claim equal to what the rules say about its
 * stances. Every write that can change them calls `refreshClaims` inside its own transaction.
 */
@Injectable()
export class CorroborationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: CorroborationRepository,
    private readonly reads: Reads = readsFrom(dataSource),
    // Absent when a command builds the service by hand, outside the app.
    @Optional() private readonly metrics?: Metrics,
  ) {}

  /** Locks claims' rows in id order (the order every writer uses); returns those that exist. */
  lockClaims(db: EntityManager, claimIds: string[]): Promise<LockedClaim[]> {
    return this.repo.lockClaims(db, [...new Set(claimIds)].sort());
  }

  /** Locks one claim that must exist and must not have been merged away (404 or 410 otherwise). */
  async lockLiveClaim(db: EntityManager, claimId: string): Promise<LockedClaim> {
    const [claim] = await this.repo.lockClaims(db, [claimId]);
    return requireLive(claimId, claim);
  }

  /**
   * Share-locks the sources, then locks one claim that must exist and must not have been merged
   * away (404 or 410 otherwise), in one round trip; returns the claim and which sources exist.
   */
  async lockLiveClaimAfterSources(
    db: EntityManager,
    claimId: string,
    sourceIds: string[],
  ): Promise<{ claim: LockedClaim; sources: Set<string> }> {
    const { claim, sources } = await this.repo.lockClaimAfterSources(db, claimId, sourceIds);
    return { claim: requireLive(claimId, claim), sources };
  }

  /** Checks, without locking, that a claim exists and was not merged away (404 or 410 otherwise). */
  async requireLiveClaim(db: EntityManager, claimId: string): Promise<void> {
    requireLive(claimId, await this.repo.findClaimPresence(db, claimId));
  }

  /**
   * Locks the claims, re-evaluates them from their stances and stores the result, with a history
   * row for each whose status, score or counts moved and the review state that follows. Returns how many
   * claims' stored values were out of date. `touch` (their stances changed) marks them changed even
   * when status, score and counts came out the same. A caller that already holds the claims' locks
   * (taken with `lockClaims` or `lockLiveClaim` in this transaction) passes the rows as `locked`;
   * one that has read their stance facts since taking the locks passes them as `facts`, and may
   * pass their group sides as they stood then as `sides` (so sides that stay are not written
   * again); `audit` entries are stored with the first batch's values, in the same statement.
   */
  async refreshClaims(
    db: EntityManager,
    claimIds: string[],
    {
      touch,
      cause,
      locked,
      facts: known,
      sides: standing,
      audit = [],
    }: {
      touch: boolean;
      cause: ChangeCause;
      locked?: LockedClaim[];
      facts?: Map<string, StanceFact[]>;
      sides?: ClaimGroupSide[];
      audit?: AuditRow[];
    },
  ): Promise<number> {
    let stale = 0;
    let evaluated = 0;
    const ids = [...new Set(claimIds)].sort();
    const held = new Map((locked ?? []).map((c) => [c.id, c]));
    for (let i = 0; i < ids.length; i += BATCH) {
      const batch = ids.slice(i, i + BATCH);
      const stored = batch.every((id) => held.has(id))
        ? batch.map((id) => held.get(id)!)
        : await this.repo.lockClaims(db, batch);
      evaluated += stored.length;
      const facts =
        known && stored.every((c) => known.has(c.id))
          ? known
          : await this.repo.findStanceFacts(
              db,
              stored.map((c) => c.id),
            );
      const updates: CorroborationUpdate[] = [];
      const history: HistoryEntry[] = [];
      const sides: ClaimGroupSide[] = [];
      for (const current of stored) {
        const evaluation = evaluateClaim(facts.get(current.id) ?? []);
        const fresh = toStored(current.id, evaluation);
        const changed = !sameValues(current, fresh);
        if (changed) {
          stale++;
          history.push({ claimId: current.id, from: current, to: fresh });
        }
        if (touch || changed) {
          updates.push({
            ...fresh,
            reviewState: reviewStateAfter(current.reviewState, current.status, fresh.status),
            reviewDivergent: isDivergent(current.reviewVerdict, fresh.status),
            reviewPriority: reviewPriority(current.reviewVerdict, fresh.status),
          });
        }
        if (!current.mergedIntoId) sides.push(...claimGroupSides(current.id, evaluation));
      }
      await this.repo.saveEvaluations(db, {
        updates,
        history,
        cause,
        claimIds: stored.map((c) => c.id),
        sides,
        audit: i === 0 ? audit : [],
      });
      // A side already stored as it is now is neither dropped nor added again: only the rest are.
      const kept = new Set(
        known && standing && stored.every((c) => known.has(c.id))
          ? standing.map((x) => `${x.claimId} ${x.groupId} ${x.side}`)
          : [],
      );
      const added = sides.filter((x) => !kept.has(`${x.claimId} ${x.groupId} ${x.side}`));
      await this.repo.addGroupSides(db, added);
    }
    if (ids.length === 0 && audit.length > 0) {
      await this.repo.saveEvaluations(db, {
        updates: [],
        history: [],
        cause,
        claimIds: [],
        sides: [],
        audit,
      });
    }
    this.metrics?.claimsReevaluated.inc({ result: 'changed' }, stale);
    this.metrics?.claimsReevaluated.inc({ result: 'unchanged' }, evaluated - stale);
    return stale;
  }

  /** Records a claim's first values (its creation) or its last (its deletion) in its history. */
  async recordLifecycle(
    db: EntityManager,
    claimId: string,
    event: 'claim_created' | 'claim_deleted',
    cause: Omit<ChangeCause, 'cause'>,
  ): Promise<void> {
    const [claim] = await this.repo.lockClaims(db, [claimId]);
    if (!claim) return;
    if (event === 'claim_created') await this.repo.enqueueAssessments(db, [claimId]);
    await this.repo.appendHistory(
      db,
      [{ claimId, from: event === 'claim_created' ? null : claim, to: claim }],
      { ...cause, cause: event },
    );
  }

  /** Re-evaluates every claim any of these sources has spoken on (their group or grade changed). */
  async refreshClaimsOfSources(
    db: EntityManager,
    sourceIds: string[],
    cause: ChangeCause,
  ): Promise<number> {
    const claimIds = await this.repo.findClaimIdsBySources(db, sourceIds);
    return this.refreshClaims(db, claimIds, { touch: false, cause });
  }

  /** The explanation: computed from the stances, as of now or as of a past moment. */
  async explainClaim(claimId: string, asOf?: Date): Promise<Evaluation> {
    const db = await this.reads.manager();
    await this.requireLiveClaim(db, claimId);
    const facts = await this.repo.findStanceFacts(db, [claimId], asOf);
    return evaluateClaim(facts.get(claimId) ?? [], asOf);
  }

  /** A live claim's standing verdict (404 or 410 unless the claim is live). */
  async liveClaimVerdict(claimId: string): Promise<Verdict | null> {
    const claim = await this.repo.findClaimPresence(this.dataSource.manager, claimId);
    return requireLive(claimId, claim).reviewVerdict;
  }

  /** A claim's status and score changes, oldest first; still answered after the claim is deleted. */
  async claimHistory(claimId: string, query: PageQueryDto): Promise<Page<ClaimHistoryEntity>> {
    const db = await this.reads.manager();
    const after = query.cursor
      ? (decodeCursor(query.cursor, 'history', ['integer'])[0] as number)
      : undefined;
    const rows = await this.repo.findHistory(db, claimId, after, query.limit);
    if (
      rows.length === 0 &&
      after === undefined &&
      !(await this.repo.findClaimPresence(db, claimId))
    ) {
      throw new DomainError(
        ClaimErrors.CLAIM_NOT_FOUND,
        `No claim has id ${claimId}, and none ever had.`,
      );
    }
    return toPage(
      rows,
      query.limit,
      (h) => h,
      (h) => encodeCursor('history', [h.id]),
    );
  }

  /** Each claim's latest change of status: why it stands where it stands now. */
  latestStatusChanges(claimIds: string[]): Promise<Map<string, ClaimHistoryEntity>> {
    return this.repo.findLatestStatusChanges(this.dataSource.manager, claimIds);
  }

  /**
   * What the system itself showed for the claim at `knownAt`: the values of the last change recorded
   * by then, corrections and deletions included.
   */
  async knownAt(claimId: string, knownAt: Date): Promise<ClaimHistoryEntity> {
    const db = await this.reads.manager({ knownAt });
    const entry = await this.repo.findHistoryAt(db, claimId, knownAt);
    if (!entry) {
      throw new DomainError(
        ClaimErrors.CLAIM_NOT_FOUND,
        `Claim ${claimId} was not known at ${knownAt.toISOString()}.`,
      );
    }
    if (entry.cause === 'claim_deleted') {
      throw new DomainError(
        ClaimErrors.CLAIM_NOT_FOUND,
        `Claim ${claimId} had been deleted by ${knownAt.toISOString()} (at ${entry.changedAt.toISOString()}).`,
      );
    }
    return entry;
  }

  /** Rebuilds every claim from its stances, a batch per transaction; returns checked and stale counts. */
  async recomputeAll(): Promise<{ checked: number; stale: number }> {
    let after: string | null = null;
    let checked = 0;
    let stale = 0;
    for (;;) {
      const ids = await this.repo.findClaimIdsAfter(this.dataSource.manager, after, BATCH);
      if (ids.length === 0) break;
      stale += await inTransaction(this.dataSource, (db) =>
        this.refreshClaims(db, ids, {
          touch: false,
          cause: { cause: 'recompute', causeId: null, keyId: null, requestId: null },
        }),
      );
      checked += ids.length;
      after = ids[ids.length - 1];
    }
    return { checked, stale };
  }
}
