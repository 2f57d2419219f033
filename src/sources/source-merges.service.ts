import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../domain/actors.js';
import { DomainError } from '../domain/errors.js';
import { AuditService } from '../audit/audit.service.js';
import { changeCause } from '../corroboration/corroboration.repository.js';
import { CorroborationService } from '../corroboration/corroboration.service.js';
import { inTransaction } from '../common/sql.js';
import { toSourceResponse } from './dto/source.dto.js';
import type { SourceEntity } from './source.entity.js';
import { SourceErrors } from './sources.errors.js';
import { SourcesRepository } from './sources.repository.js';
import { SourceMergesRepository } from './source-merges.repository.js';
import { sourceMerged, sourceNotFound } from './sources.service.js';

/** What a source merge changed, as kept in its audit entry: enough to undo it. */
export interface SourceMergeRecord {
  into: string;
  /** Stances the merged source took, now the survivor's. */
  movedStanceIds: string[];
  /** Stances the merged source relayed, now relayed by the survivor. */
  movedRelayIds: string[];
  /** Sources affiliated with the merged source, now affiliated with the survivor. */
  movedAffiliateIds: string[];
  /** The merged source's names the survivor gained as aliases. */
  addedAliases: string[];
  /** Sources earlier merged into the merged source, now pointing at the survivor. */
  repointedMergedSourceIds: string[];
  /** Claims re-evaluated. */
  claimsRecomputed: number;
}

@Injectable()
export class SourceMergesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sources: SourcesRepository,
    private readonly repo: SourceMergesRepository,
    private readonly corroboration: CorroborationService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Merges a duplicate source into the one that survives, in one transaction: its stances and relays,
   * the sources affiliated with it and its names (as aliases) move to the survivor; every claim they
   * touch is re-evaluated; and the duplicate answers 410 naming the survivor from then on.
   */
  async mergeSource(
    id: string,
    into: string,
    actor: Actor,
  ): Promise<{ record: SourceMergeRecord; survivor: SourceEntity }> {
    if (id === into) {
      throw new DomainError(
        SourceErrors.SOURCE_MERGE_INTO_SELF,
        'A source cannot be merged into itself.',
        [{ field: 'into', message: 'is the source itself' }],
      );
    }
    return inTransaction(this.dataSource, async (db) => {
      const found = await this.sources.findById(db, id);
      if (!found) throw sourceNotFound(id);
      // Locks in the order every writer takes them: names, the affiliation forest, sources, claims.
      await this.sources.lockNames(db, [found.name, ...found.aliases]);
      await this.sources.lockAffiliations(db);
      await this.repo.lockWithSubtrees(db, [id], [into]);
      const merged = (await this.sources.findById(db, id))!;
      if (merged.mergedIntoId) throw sourceMerged(merged);
      const survivor = await this.sources.findById(db, into);
      if (!survivor || survivor.mergedIntoId) {
        throw new DomainError(
          SourceErrors.SOURCE_MERGE_TARGET_NOT_FOUND,
          `into: no live source has id ${into}.`,
          [{ field: 'into', message: 'no live source has this id' }],
        );
      }
      if (await this.isBeneath(db, into, id)) {
        throw new DomainError(
          SourceErrors.SOURCE_MERGE_WOULD_CYCLE,
          `Source ${into} is affiliated, directly or not, with ${id}: merge ${id} the other way round, into ${into}'s side, or re-affiliate it first.`,
          [{ field: 'into', message: 'is affiliated beneath the source to merge' }],
        );
      }
      const before = toSourceResponse(merged);

      const movedStanceIds = await this.repo.moveStances(db, 'source_id', id, into);
      const movedRelayIds = await this.repo.moveStances(db, 'via_source_id', id, into);
      const movedAffiliateIds = await this.repo.moveAffiliates(db, id, into);
      const regrouped = await this.repo.regroupSubtrees(db, movedAffiliateIds);
      const addedAliases = await this.repo.newAliases(db, survivor.name, survivor.aliases, [
        merged.name,
        ...merged.aliases,
      ]);
      if (addedAliases.length > 0)
        await this.repo.setAliases(db, into, [...survivor.aliases, ...addedAliases]);
      const repointedMergedSourceIds = await this.repo.repointMerged(db, id, into);
      await this.repo.markMerged(db, id, into);
      const claimsRecomputed = await this.corroboration.refreshClaimsOfSources(
        db,
        [into, ...regrouped],
        changeCause('source_merged', id, actor),
      );

      const record: SourceMergeRecord = {
        into,
        movedStanceIds,
        movedRelayIds,
        movedAffiliateIds,
        addedAliases,
        repointedMergedSourceIds,
        claimsRecomputed,
      };
      await this.audit.record(db, actor, {
        action: 'merge',
        entityType: 'source',
        entityId: id,
        before: { source: before },
        after: record,
      });
      return { record, survivor: (await this.sources.findById(db, into))! };
    });
  }

  /**
   * Undoes the source's last merge from its audit entry: stances, relays and affiliates go back
   * (those still with the survivor), the survivor loses the aliases it gained, and every claim they
   * touch is re-evaluated.
   */
  async unmergeSource(id: string, actor: Actor): Promise<SourceEntity> {
    return inTransaction(this.dataSource, async (db) => {
      const found = await this.sources.findById(db, id);
      if (!found) throw sourceNotFound(id);
      if (!found.mergedIntoId) throw this.notMerged(id);
      const entry = await this.audit.latestEntry(db, 'source', id, 'merge');
      if (!entry) throw this.notMerged(id);
      const record = entry.after as SourceMergeRecord;
      await this.sources.lockNames(db, [found.name, ...found.aliases]);
      await this.sources.lockAffiliations(db);
      await this.repo.lockWithSubtrees(db, record.movedAffiliateIds, [id, found.mergedIntoId]);
      const current = (await this.sources.findById(db, id))!;
      if (!current.mergedIntoId) throw this.notMerged(id);
      const survivorId = current.mergedIntoId;
      const survivor = (await this.sources.findById(db, survivorId))!;

      await this.repo.returnStances(db, 'source_id', record.movedStanceIds, survivorId, id);
      await this.repo.returnStances(db, 'via_source_id', record.movedRelayIds, survivorId, id);
      const returned = await this.repo.returnAffiliates(
        db,
        record.movedAffiliateIds,
        survivorId,
        id,
      );
      const regrouped = await this.repo.regroupSubtrees(db, returned);
      const added = new Set(record.addedAliases);
      if (survivor.aliases.some((a) => added.has(a)))
        await this.repo.setAliases(
          db,
          survivorId,
          survivor.aliases.filter((a) => !added.has(a)),
        );
      await this.repo.setMergedInto(db, record.repointedMergedSourceIds, survivorId, id);
      await this.repo.markMerged(db, id, null);
      await this.corroboration.refreshClaimsOfSources(
        db,
        [id, survivorId, ...regrouped],
        changeCause('source_unmerged', id, actor),
      );

      const after = (await this.sources.findById(db, id))!;
      await this.audit.record(db, actor, {
        action: 'unmerge',
        entityType: 'source',
        entityId: id,
        before: { mergedInto: survivorId, mergeAuditId: entry.id },
        after: { source: toSourceResponse(after) },
      });
      return after;
    });
  }

  /** True when `id` lies beneath `ancestor` in the affiliation forest. */
  private async isBeneath(db: EntityManager, id: string, ancestor: string): Promise<boolean> {
    return (await this.sources.findAncestorIds(db, id)).slice(1).includes(ancestor);
  }

  private notMerged(id: string): DomainError {
    return new DomainError(
      SourceErrors.SOURCE_NOT_MERGED,
      `Source ${id} is not merged into another.`,
    );
  }
}
