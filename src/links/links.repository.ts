import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { queryRows } from '../common/sql.js';
import { ClaimLinkEntity, DIRECTED_LINK_KINDS } from './claim-link.entity.js';
import { type LinkKind } from '../domain/links.js';
import type { LinkDirection } from './dto/link.dto.js';

/** Any fixed number; taken by every link write so cycle and duplicate checks see a settled graph. */
const LINK_LOCK_KEY = '7305119842653';

@Injectable()
export class LinksRepository {
  private repo(db: EntityManager) {
    return db.getRepository(ClaimLinkEntity);
  }

  async lockLinks(db: EntityManager): Promise<void> {
    await db.query('SELECT pg_advisory_xact_lock($1)', [LINK_LOCK_KEY]);
  }

  /** The live (not merged) claims among `ids`, share-locked so they stay while a link is made. */
  async claimsExisting(db: EntityManager, ids: string[]): Promise<Set<string>> {
    const rows = await queryRows<{ id: string }>(
      db,
      'SELECT id FROM claims WHERE id = ANY($1::uuid[]) AND merged_into_id IS NULL ORDER BY id FOR SHARE',
      [ids],
    );
    return new Set(rows.map((r) => r.id));
  }

  /** An existing link equal to this one: same ends and kind, either way round for undirected kinds. */
  async findSame(
    db: EntityManager,
    from: string,
    to: string,
    kind: LinkKind,
  ): Promise<ClaimLinkEntity | null> {
    const qb = this.repo(db).createQueryBuilder('l').where('l.kind = :kind', { kind });
    if (DIRECTED_LINK_KINDS.includes(kind)) {
      qb.andWhere('l.from_claim_id = :from AND l.to_claim_id = :to', { from, to });
    } else {
      qb.andWhere(
        '((l.from_claim_id = :from AND l.to_claim_id = :to) OR (l.from_claim_id = :to AND l.to_claim_id = :from))',
        { from, to },
      );
    }
    return qb.getOne();
  }

  /** True when `target` can already reach `origin` along links of `kind`: adding origin→target would close a cycle. */
  async reaches(
    db: EntityManager,
    target: string,
    origin: string,
    kind: LinkKind,
  ): Promise<boolean> {
    const rows = await queryRows(
      db,
      `WITH RECURSIVE reach(id) AS (
         SELECT $1::uuid
         UNION
         SELECT l.to_claim_id FROM claim_links l JOIN reach r ON l.from_claim_id = r.id WHERE l.kind = $3
       )
       SELECT 1 FROM reach WHERE id = $2::uuid LIMIT 1`,
      [target, origin, kind],
    );
    return rows.length > 0;
  }

  async insert(
    db: EntityManager,
    link: Omit<ClaimLinkEntity, 'createdAt'>,
  ): Promise<ClaimLinkEntity> {
    await this.repo(db).insert(link);
    return this.repo(db).findOneByOrFail({ id: link.id });
  }

  findById(db: EntityManager, id: string): Promise<ClaimLinkEntity | null> {
    return this.repo(db).findOneBy({ id });
  }

  async delete(db: EntityManager, id: string): Promise<boolean> {
    const result = await this.repo(db).delete({ id });
    return (result.affected ?? 0) > 0;
  }

  /** A claim's links, oldest first (keyset on createdAt, id). */
  listForClaim(
    db: EntityManager,
    claimId: string,
    direction: LinkDirection,
    kind: LinkKind | undefined,
    after: { createdAt: string; id: string } | undefined,
    limit: number,
  ): Promise<ClaimLinkEntity[]> {
    const qb = this.repo(db).createQueryBuilder('l');
    if (direction === 'out') qb.where('l.from_claim_id = :claimId', { claimId });
    else if (direction === 'in') qb.where('l.to_claim_id = :claimId', { claimId });
    else qb.where('(l.from_claim_id = :claimId OR l.to_claim_id = :claimId)', { claimId });
    if (kind) qb.andWhere('l.kind = :kind', { kind });
    if (after)
      qb.andWhere('(l.created_at, l.id) > (:afterAt, :afterId)', {
        afterAt: after.createdAt,
        afterId: after.id,
      });
    return qb
      .orderBy('l.created_at', 'ASC')
      .addOrderBy('l.id', 'ASC')
      .limit(limit + 1)
      .getMany();
  }
}
