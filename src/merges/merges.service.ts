import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../domain/actors.js';
import { AuditService } from '../audit/audit.service.js';
import { ClaimEntity } from '../claims/claim.entity.js';
import { ClaimErrors, DomainError } from '../domain/errors.js';
import { toClaimSnapshot } from '../claims/dto/claim.dto.js';
import { changeCause } from '../corroboration/corroboration.repository.js';
import { CorroborationService } from '../corroboration/corroboration.service.js';
import { inTransaction } from '../common/sql.js';
import { DIRECTED_LINK_KINDS } from '../links/claim-link.entity.js';
import { type LinkKind } from '../domain/links.js';
import { LinksRepository } from '../links/links.repository.js';
import { MergeErrors } from './merges.errors.js';
import { MergesRepository } from './merges.repository.js';

interface MovedLink {
  id: string;
  fromClaimId: string;
  toClaimId: string;
  /** Kept so an unmerge checks for a duplicate of the right kind. */
  kind: LinkKind;
}

interface DroppedLink extends MovedLink {
  kind: LinkKind;
  note: string | null;
  createdAt: string;
  createdByKeyId: string | null;
  updatedByKeyId: string | null;
}

/** What a merge changed, as kept in its audit entry: enough to undo it. */
export interface MergeRecord {
  into: string;
  movedStanceIds: string[];
  movedLinks: MovedLink[];
  droppedLinks: DroppedLink[];
  repointedMergedClaimIds: string[];
}

/** A merge record as read back: those of merges made before moved links kept their kind lack it. */
type StoredMergeRecord = Omit<MergeRecord, 'movedLinks'> & {
  movedLinks: (Omit<MovedLink, 'kind'> & { kind?: LinkKind })[];
};

@Injectable()
export class MergesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: MergesRepository,
    private readonly links: LinksRepository,
    private readonly corroboration: CorroborationService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Merges a duplicate claim into a survivor in one transaction: its stances and links move over
   * (links between the two, or duplicating one the survivor has, are dropped), the survivor is
   * re-evaluated, and the duplicate answers from then on with a pointer to the survivor.
   */
  async mergeClaim(
    id: string,
    into: string,
    actor: Actor,
  ): Promise<{ record: MergeRecord; survivor: ClaimEntity }> {
    if (id === into) {
      throw new DomainError(MergeErrors.MERGE_INTO_SELF, 'A claim cannot be merged into itself.', [
        { field: 'into', message: 'is the claim itself' },
      ]);
    }
    return inTransaction(this.dataSource, async (db) => {
      await this.links.lockLinks(db);
      const locked = await this.corroboration.lockClaims(db, [id, into]);
      const merged = locked.find((c) => c.id === id);
      const survivor = locked.find((c) => c.id === into);
      await this.corroboration.requireLiveClaim(db, id);
      if (!merged) throw new DomainError(ClaimErrors.CLAIM_NOT_FOUND, `No claim has id ${id}.`);
      if (!survivor || survivor.mergedIntoId) {
        throw new DomainError(
          MergeErrors.MERGE_TARGET_NOT_FOUND,
          `into: no live claim has id ${into}.`,
          [{ field: 'into', message: 'no live claim has this id' }],
        );
      }
      const before = await this.claim(db, id);

      const movedStanceIds = await this.repo.moveStances(db, id, into);
      const movedLinks: MovedLink[] = [];
      const droppedLinks: DroppedLink[] = [];
      for (const link of await this.repo.linksTouching(db, id)) {
        const from = link.fromClaimId === id ? into : link.fromClaimId;
        const to = link.toClaimId === id ? into : link.toClaimId;
        if (from === to || (await this.links.findSame(db, from, to, link.kind))) {
          droppedLinks.push({ ...link, createdAt: link.createdAt.toISOString() });
          await this.repo.deleteLinks(db, [link.id]);
        } else {
          movedLinks.push({
            id: link.id,
            fromClaimId: link.fromClaimId,
            toClaimId: link.toClaimId,
            kind: link.kind,
          });
          await this.repo.repointLink(db, link.id, from, to);
        }
      }
      await this.refuseCycles(db, into);
      const repointedMergedClaimIds = await this.repo.repointMerged(db, id, into);
      await this.repo.markMerged(db, id, into);
      await this.corroboration.refreshClaims(db, [into], {
        touch: true,
        cause: changeCause('claim_merged', id, actor),
      });

      const record: MergeRecord = {
        into,
        movedStanceIds,
        movedLinks,
        droppedLinks,
        repointedMergedClaimIds,
      };
      await this.audit.record(db, actor, {
        action: 'merge',
        entityType: 'claim',
        entityId: id,
        before: { claim: toClaimSnapshot(before) },
        after: record,
      });
      return { record, survivor: await this.claim(db, into) };
    });
  }

  /**
   * Undoes the claim's last merge from its audit entry: stances and links go back (those that still
   * exist), dropped links return, and both claims are re-evaluated.
   */
  async unmergeClaim(id: string, actor: Actor): Promise<ClaimEntity> {
    return inTransaction(this.dataSource, async (db) => {
      await this.links.lockLinks(db);
      // Only a missing row is 404: any other error (a deadlock, a lost connection) propagates, so
      // the transaction is retried or the caller is told the database is unavailable.
      const current = await this.repo.findClaim(db, id);
      if (!current) throw new DomainError(ClaimErrors.CLAIM_NOT_FOUND, `No claim has id ${id}.`);
      if (!current.mergedIntoId)
        throw new DomainError(MergeErrors.NOT_MERGED, `Claim ${id} is not merged into another.`);
      const survivorId = current.mergedIntoId;
      await this.corroboration.lockClaims(db, [id, survivorId]);
      const entry = await this.audit.latestEntry(db, 'claim', id, 'merge');
      if (!entry)
        throw new DomainError(MergeErrors.NOT_MERGED, `No merge of claim ${id} is on record.`);
      const record = entry.after as StoredMergeRecord;

      await this.repo.returnStances(db, record.movedStanceIds, survivorId, id);
      for (const link of record.movedLinks) {
        // A link deleted since the merge has nothing to go back.
        const kind = link.kind ?? (await this.links.findById(db, link.id))?.kind;
        if (kind && !(await this.links.findSame(db, link.fromClaimId, link.toClaimId, kind))) {
          await this.repo.repointLink(db, link.id, link.fromClaimId, link.toClaimId);
        }
      }
      for (const link of record.droppedLinks) await this.repo.restoreLink(db, link);
      await this.refuseCycles(db, id);
      await this.repo.setMergedInto(db, record.repointedMergedClaimIds, survivorId, id);
      await this.repo.markMerged(db, id, null);
      await this.corroboration.refreshClaims(db, [id, survivorId], {
        touch: true,
        cause: changeCause('claim_unmerged', id, actor),
      });

      const after = await this.claim(db, id);
      await this.audit.record(db, actor, {
        action: 'unmerge',
        entityType: 'claim',
        entityId: id,
        before: { mergedInto: survivorId, mergeAuditId: entry.id },
        after: { claim: toClaimSnapshot(after) },
      });
      return after;
    });
  }

  private async refuseCycles(db: EntityManager, claimId: string): Promise<void> {
    for (const kind of DIRECTED_LINK_KINDS) {
      if (await this.repo.hasCycleThrough(db, claimId, kind)) {
        throw new DomainError(
          MergeErrors.MERGE_WOULD_CYCLE,
          `Joining these claims would make a ${kind} cycle; remove one of the links first.`,
        );
      }
    }
  }

  private async claim(db: EntityManager, id: string): Promise<ClaimEntity> {
    const claim = await this.repo.findClaim(db, id);
    if (!claim) throw new Error(`claim ${id} vanished inside its own transaction`);
    return claim;
  }
}
