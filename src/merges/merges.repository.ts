import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { queryRows } from '../common/sql.js';
import { ClaimEntity } from '../claims/claim.entity.js';
import { ClaimLinkEntity } from '../links/claim-link.entity.js';
import { type LinkKind } from '../domain/links.js';

@Injectable()
export class MergesRepository {
  /** The claim row, merged or not; null when there is none. */
  findClaim(db: EntityManager, id: string): Promise<ClaimEntity | null> {
    return db.getRepository(ClaimEntity).findOneBy({ id });
  }

  /** Moves every stance of `from` to `into`; returns the ids moved. */
  async moveStances(db: EntityManager, from: string, into: string): Promise<string[]> {
    const rows = await queryRows<{ id: string }>(
      db,
      'UPDATE stances SET claim_id = $2 WHERE claim_id = $1 RETURNING id',
      [from, into],
    );
    return rows.map((r) => r.id);
  }

  /** Puts stances back on `claimId` (those that still exist on `from`). */
  async returnStances(
    db: EntityManager,
    ids: string[],
    from: string,
    claimId: string,
  ): Promise<void> {
    await db.query(
      'UPDATE stances SET claim_id = $3 WHERE id = ANY($1::uuid[]) AND claim_id = $2',
      [ids, from, claimId],
    );
  }

  linksTouching(db: EntityManager, claimId: string): Promise<ClaimLinkEntity[]> {
    return db
      .getRepository(ClaimLinkEntity)
      .createQueryBuilder('l')
      .where('l.from_claim_id = :claimId OR l.to_claim_id = :claimId', { claimId })
      .orderBy('l.created_at')
      .addOrderBy('l.id')
      .getMany();
  }

  async repointLink(
    db: EntityManager,
    id: string,
    fromClaimId: string,
    toClaimId: string,
  ): Promise<void> {
    await db.query('UPDATE claim_links SET from_claim_id = $2, to_claim_id = $3 WHERE id = $1', [
      id,
      fromClaimId,
      toClaimId,
    ]);
  }

  async deleteLinks(db: EntityManager, ids: string[]): Promise<void> {
    if (ids.length > 0) await db.query('DELETE FROM claim_links WHERE id = ANY($1::uuid[])', [ids]);
  }

  async restoreLink(
    db: EntityManager,
    link: Omit<ClaimLinkEntity, 'createdAt'> & { createdAt: string },
  ): Promise<void> {
    await db.query(
      `INSERT INTO claim_links (id, from_claim_id, to_claim_id, kind, note, created_at, created_by_key_id, updated_by_key_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
      [
        link.id,
        link.fromClaimId,
        link.toClaimId,
        link.kind,
        link.note,
        link.createdAt,
        link.createdByKeyId,
        link.updatedByKeyId,
      ],
    );
  }

  /** True when following `kind` links from the claim leads back to it. */
  async hasCycleThrough(db: EntityManager, claimId: string, kind: LinkKind): Promise<boolean> {
    const rows = await queryRows(
      db,
      `WITH RECURSIVE reach(id) AS (
         SELECT to_claim_id FROM claim_links WHERE from_claim_id = $1 AND kind = $2
         UNION
         SELECT l.to_claim_id FROM claim_links l JOIN reach r ON l.from_claim_id = r.id WHERE l.kind = $2
       )
       SELECT 1 FROM reach WHERE id = $1 LIMIT 1`,
      [claimId, kind],
    );
    return rows.length > 0;
  }

  async markMerged(db: EntityManager, id: string, into: string | null): Promise<void> {
    await db.query(
      `UPDATE claims SET merged_into_id = $2, merged_at = CASE WHEN $2::uuid IS NULL THEN NULL ELSE now() END,
              version = version + 1, updated_at = now() WHERE id = $1`,
      [id, into],
    );
  }

  /** Claims earlier merged into `from` now point at `into`, so no pointer leads to a merged claim. */
  async repointMerged(db: EntityManager, from: string, into: string): Promise<string[]> {
    const rows = await queryRows<{ id: string }>(
      db,
      'UPDATE claims SET merged_into_id = $2 WHERE merged_into_id = $1 RETURNING id',
      [from, into],
    );
    return rows.map((r) => r.id);
  }

  /** Points claims that still point at `from` back at `into` (an undo that respects later undos). */
  async setMergedInto(db: EntityManager, ids: string[], from: string, into: string): Promise<void> {
    if (ids.length > 0) {
      await db.query(
        'UPDATE claims SET merged_into_id = $3 WHERE id = ANY($1::uuid[]) AND merged_into_id = $2',
        [ids, from, into],
      );
    }
  }
}
