import { Injectable } from '@nestjs/common';
import type { EntityManager, SelectQueryBuilder } from 'typeorm';
import { StanceEntity } from './stance.entity.js';

export interface StanceCursor {
  statedAt: string;
  recordedAt: string;
  seq: number;
}

/** A stance to insert; `statedAt` may be an SQL expression (the transaction's `now()`). */
export type NewStance = Omit<StanceEntity, 'recordedAt' | 'updatedAt' | 'seq' | 'statedAt'> & {
  statedAt: Date | (() => string);
};

/** The order stances are listed in — the same order that decides a source's effective stance. */
const HISTORY_ORDER = { 'st.statedAt': 'ASC', 'st.recordedAt': 'ASC', 'st.seq': 'ASC' } as const;

@Injectable()
export class StancesRepository {
  private repo(db: EntityManager) {
    return db.getRepository(StanceEntity);
  }

  async insertMany(db: EntityManager, stances: NewStance[]): Promise<StanceEntity[]> {
    if (stances.length === 0) return [];
    await this.repo(db).insert(stances);
    const stored = await this.repo(db)
      .createQueryBuilder('st')
      .where('st.id IN (:...ids)', { ids: stances.map((s) => s.id) })
      .getMany();
    const byId = new Map(stored.map((s) => [s.id, s]));
    return stances.map((s) => byId.get(s.id)!);
  }

  findById(db: EntityManager, id: string): Promise<StanceEntity | null> {
    return this.repo(db).findOneBy({ id });
  }

  lockForUpdate(db: EntityManager, id: string): Promise<StanceEntity | null> {
    return this.repo(db).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async update(
    db: EntityManager,
    id: string,
    changes: Partial<StanceEntity>,
  ): Promise<StanceEntity> {
    await this.repo(db)
      .createQueryBuilder()
      .update()
      .set({ ...changes, updatedAt: () => 'now()' })
      .where('id = :id', { id })
      .execute();
    return this.repo(db).findOneByOrFail({ id });
  }

  async delete(db: EntityManager, id: string): Promise<void> {
    await this.repo(db).delete({ id });
  }

  /** A claim's stances in the order they were stated (keyset on statedAt, recordedAt, seq). */
  findClaimHistory(
    db: EntityManager,
    claimId: string,
    after: StanceCursor | undefined,
    limit: number,
  ): Promise<StanceEntity[]> {
    const qb = this.repo(db).createQueryBuilder('st').where('st.claim_id = :claimId', { claimId });
    if (after) this.after(qb, after);
    return qb
      .orderBy(HISTORY_ORDER)
      .limit(limit + 1)
      .getMany();
  }

  /** The latest stance of each source on a claim, in the order they were stated. */
  findEffectiveStances(
    db: EntityManager,
    claimId: string,
    after: StanceCursor | undefined,
    limit: number,
  ): Promise<StanceEntity[]> {
    const qb = this.repo(db)
      .createQueryBuilder('st')
      .where(
        `st.id IN (SELECT DISTINCT ON (e.source_id) e.id FROM stances e WHERE e.claim_id = :claimId
                   ORDER BY e.source_id, e.stated_at DESC, e.recorded_at DESC, e.seq DESC)`,
        { claimId },
      );
    if (after) this.after(qb, after);
    return qb
      .orderBy(HISTORY_ORDER)
      .limit(limit + 1)
      .getMany();
  }

  /** Everything one source has said, in the order it was stated. */
  findSourceHistory(
    db: EntityManager,
    sourceId: string,
    after: StanceCursor | undefined,
    limit: number,
  ): Promise<StanceEntity[]> {
    const qb = this.repo(db)
      .createQueryBuilder('st')
      .where('st.source_id = :sourceId', { sourceId });
    if (after) this.after(qb, after);
    return qb
      .orderBy(HISTORY_ORDER)
      .limit(limit + 1)
      .getMany();
  }

  private after(qb: SelectQueryBuilder<StanceEntity>, c: StanceCursor): void {
    qb.andWhere('(st.stated_at, st.recorded_at, st.seq) > (:cStated, :cRecorded, :cSeq)', {
      cStated: c.statedAt,
      cRecorded: c.recordedAt,
      cSeq: c.seq,
    });
  }
}
