import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ClaimStatus } from '../corroboration/status.rules.js';
import { ClaimEntity } from './claim.entity.js';
import type { ClaimSort } from './dto/claim.dto.js';

export interface ClaimListFilter {
  status?: ClaimStatus;
  tag?: string;
  sourceId?: string;
  q?: string;
  updatedSince?: Date;
  sort: ClaimSort;
  after?: { value: string | number; id: string };
  limit: number;
}

/** Each sort: the column it keys on and its direction; `id` breaks ties the same way. */
export const SORT_KEYS: Record<ClaimSort, { property: 'updatedAt' | 'score' | 'statusChangedAt'; column: string; desc: boolean }> = {
  '-updatedAt': { property: 'updatedAt', column: 'c.updated_at', desc: true },
  '-score': { property: 'score', column: 'c.score', desc: true },
  score: { property: 'score', column: 'c.score', desc: false },
  '-statusChangedAt': { property: 'statusChangedAt', column: 'c.status_changed_at', desc: true },
};

/** Must match the expression of `idx_claim_search` so the index serves it. */
const SEARCH_DOCUMENT = `to_tsvector('simple'::regconfig, c.statement || ' ' || coalesce(c.context, ''))`;

@Injectable()
export class ClaimsRepository {
  private repo(db: EntityManager) {
    return db.getRepository(ClaimEntity);
  }

  async insert(db: EntityManager, claim: Pick<ClaimEntity, 'id' | 'statement' | 'context' | 'tags' | 'occurredAt' | 'language' | 'createdByKeyId' | 'updatedByKeyId'>): Promise<void> {
    await this.repo(db).insert(claim);
  }

  findById(db: EntityManager, id: string): Promise<ClaimEntity | null> {
    return this.repo(db).findOneBy({ id });
  }

  lockForUpdate(db: EntityManager, id: string): Promise<ClaimEntity | null> {
    return this.repo(db).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async update(db: EntityManager, id: string, changes: Partial<ClaimEntity>): Promise<ClaimEntity> {
    await this.repo(db)
      .createQueryBuilder()
      .update()
      .set({ ...changes, version: () => 'version + 1', updatedAt: () => 'now()' })
      .where('id = :id', { id })
      .execute();
    return this.repo(db).findOneByOrFail({ id });
  }

  async hasMergedClaims(db: EntityManager, id: string): Promise<boolean> {
    return (await this.repo(db).countBy({ mergedIntoId: id })) > 0;
  }

  async delete(db: EntityManager, id: string): Promise<void> {
    await this.repo(db).delete({ id });
  }

  /** One page of claims: every filter is a bound parameter, the order a keyset on (sort key, id). */
  list(db: EntityManager, f: ClaimListFilter): Promise<ClaimEntity[]> {
    const qb = this.repo(db).createQueryBuilder('c').where('c.merged_into_id IS NULL');
    if (f.status) qb.andWhere('c.status = :status', { status: f.status });
    if (f.tag) qb.andWhere('c.tags @> ARRAY[:tag]::text[]', { tag: f.tag });
    if (f.sourceId) {
      qb.andWhere('EXISTS (SELECT 1 FROM stances st WHERE st.claim_id = c.id AND st.source_id = :sourceId)', { sourceId: f.sourceId });
    }
    if (f.q) qb.andWhere(`${SEARCH_DOCUMENT} @@ websearch_to_tsquery('simple'::regconfig, :q)`, { q: f.q });
    if (f.updatedSince) qb.andWhere('c.updated_at >= :updatedSince', { updatedSince: f.updatedSince.toISOString() });
    const key = SORT_KEYS[f.sort];
    if (f.after) {
      qb.andWhere(`(${key.column}, c.id) ${key.desc ? '<' : '>'} (:afterValue, :afterId)`, {
        afterValue: f.after.value,
        afterId: f.after.id,
      });
    }
    const dir = key.desc ? 'DESC' : 'ASC';
    return qb.orderBy(key.column, dir).addOrderBy('c.id', dir).limit(f.limit + 1).getMany();
  }
}
