import { Injectable } from '@nestjs/common';
import type { EntityManager, SelectQueryBuilder } from 'typeorm';
import { Prepared, queryRows } from '../common/sql.js';
import { selectColumns } from '../common/columns.js';
import { StanceEntity } from './stance.entity.js';

export interface StanceCursor {
  statedAt: string;
  recordedAt: string;
  seq: number;
}

/** A stance to insert; without `statedAt` it was stated when it was recorded (the transaction's `now()`). */
export type NewStance = Omit<StanceEntity, 'recordedAt' | 'updatedAt' | 'seq' | 'statedAt'> & {
  statedAt: Date | null;
};

interface StanceRow extends Omit<StanceEntity, 'seq' | 'statedAt' | 'recordedAt' | 'updatedAt'> {
  seq: string | number;
  statedAt: Date | string;
  recordedAt: Date | string;
  updatedAt: Date | string;
}

const toEntity = (r: StanceRow): StanceEntity => ({
  ...r,
  seq: Number(r.seq),
  statedAt: new Date(r.statedAt),
  recordedAt: new Date(r.recordedAt),
  updatedAt: new Date(r.updatedAt),
});

const INSERT_STANCES = new Prepared(
  'stances-insert',
  `INSERT INTO stances (id, claim_id, source_id, kind, stated_at, quote, evidence_url, via_source_id, note,
                        created_by_key_id, updated_by_key_id)
   SELECT v.id, v.claim_id, v.source_id, v.kind, coalesce(v.stated_at, now()), v.quote, v.evidence_url,
          v.via_source_id, v.note, v.created_by, v.updated_by
     FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::timestamptz[], $6::text[], $7::text[],
                 $8::uuid[], $9::text[], $10::uuid[], $11::uuid[]) WITH ORDINALITY
          AS v(id, claim_id, source_id, kind, stated_at, quote, evidence_url, via_source_id, note, created_by,
               updated_by, n)
    ORDER BY v.n
   RETURNING ${selectColumns(StanceEntity, null, ['id', 'claimId', 'sourceId', 'kind', 'statedAt', 'recordedAt', 'quote', 'evidenceUrl', 'viaSourceId', 'note', 'updatedAt', 'seq', 'createdByKeyId', 'updatedByKeyId'])}`,
);

/** The order stances are listed in — the same order that decides a source's effective stance. */
const HISTORY_ORDER = { 'st.statedAt': 'ASC', 'st.recordedAt': 'ASC', 'st.seq': 'ASC' } as const;

@Injectable()
export class StancesRepository {
  private repo(db: EntityManager) {
    return db.getRepository(StanceEntity);
  }

  /** Inserts the stances in one statement and returns them as stored, in the order given. */
  async insertMany(db: EntityManager, stances: NewStance[]): Promise<StanceEntity[]> {
    if (stances.length === 0) return [];
    const rows = await queryRows<StanceRow>(db, INSERT_STANCES, [
      stances.map((s) => s.id),
      stances.map((s) => s.claimId),
      stances.map((s) => s.sourceId),
      stances.map((s) => s.kind),
      stances.map((s) => s.statedAt?.toISOString() ?? null),
      stances.map((s) => s.quote),
      stances.map((s) => s.evidenceUrl),
      stances.map((s) => s.viaSourceId),
      stances.map((s) => s.note),
      stances.map((s) => s.createdByKeyId),
      stances.map((s) => s.updatedByKeyId),
    ]);
    const byId = new Map(rows.map((r) => [r.id, toEntity(r)]));
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
