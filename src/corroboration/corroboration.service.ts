import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { inTransaction } from '../database/sql.js';
import { DomainError } from '../common/domain-error.js';
import { ClaimErrors } from '../claims/claims.errors.js';
import { CorroborationRepository, type StoredCorroboration } from './corroboration.repository.js';
import { evaluateClaim, type Evaluation } from './status.rules.js';

const BATCH = 500;

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

/**
 * Keeps the status, score and counts stored on each claim equal to what the rules say about its
 * stances. Every write that can change them calls `refreshClaims` inside its own transaction.
 */
@Injectable()
export class CorroborationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: CorroborationRepository,
  ) {}

  /** Locks claims' rows in id order (the order every writer uses); returns those that exist. */
  lockClaims(db: EntityManager, claimIds: string[]): Promise<StoredCorroboration[]> {
    return this.repo.lockClaims(db, [...new Set(claimIds)].sort());
  }

  claimExists(db: EntityManager, claimId: string): Promise<boolean> {
    return this.repo.claimExists(db, claimId);
  }

  /**
   * Locks the claims, re-evaluates them from their stances and stores the result. Returns how many
   * claims' stored values were out of date. `touch` (their stances changed) marks them changed even
   * when status, score and counts came out the same.
   */
  async refreshClaims(db: EntityManager, claimIds: string[], { touch }: { touch: boolean }): Promise<number> {
    let stale = 0;
    const ids = [...new Set(claimIds)].sort();
    for (let i = 0; i < ids.length; i += BATCH) {
      const batch = ids.slice(i, i + BATCH);
      const stored = await this.repo.lockClaims(db, batch);
      const facts = await this.repo.findStanceFacts(db, stored.map((c) => c.id));
      const updates: StoredCorroboration[] = [];
      for (const current of stored) {
        const fresh = toStored(current.id, evaluateClaim(facts.get(current.id) ?? []));
        if (!sameValues(current, fresh)) stale++;
        if (touch || !sameValues(current, fresh)) updates.push(fresh);
      }
      await this.repo.saveCorroboration(db, updates);
    }
    return stale;
  }

  /** Re-evaluates every claim any of these sources has spoken on (their group or grade changed). */
  async refreshClaimsOfSources(db: EntityManager, sourceIds: string[]): Promise<number> {
    const claimIds = await this.repo.findClaimIdsBySources(db, sourceIds);
    return this.refreshClaims(db, claimIds, { touch: false });
  }

  /** The explanation: computed from the stances, as of now or as of a past moment. */
  async explainClaim(claimId: string, asOf?: Date): Promise<Evaluation> {
    const db = this.dataSource.manager;
    if (!(await this.repo.claimExists(db, claimId))) {
      throw new DomainError(ClaimErrors.CLAIM_NOT_FOUND, `No claim has id ${claimId}.`);
    }
    const facts = await this.repo.findStanceFacts(db, [claimId], asOf);
    return evaluateClaim(facts.get(claimId) ?? [], asOf);
  }

  /** Rebuilds every claim from its stances, a batch per transaction; returns checked and stale counts. */
  async recomputeAll(): Promise<{ checked: number; stale: number }> {
    let after: string | null = null;
    let checked = 0;
    let stale = 0;
    for (;;) {
      const ids = await this.repo.findClaimIdsAfter(this.dataSource.manager, after, BATCH);
      if (ids.length === 0) break;
      stale += await inTransaction(this.dataSource, (db) => this.refreshClaims(db, ids, { touch: false }));
      checked += ids.length;
      after = ids[ids.length - 1];
    }
    return { checked, stale };
  }
}
