import { Injectable } from '@nestjs/common';
import type { EntityManager, SelectQueryBuilder } from 'typeorm';
import { Prepared, queryRows } from '../common/sql.js';
import { StanceEntity } from './stance.entity.js';
import {
  factsByClaim,
  STANCE_FACT_COLUMNS,
  STANCE_FACT_LOOKUPS,
  type ClaimGroupSide,
  type FactRow,
} from '../corroboration/corroboration.repository.js';
import type { GroupSide } from '../corroboration/group-sides.js';
import type { StanceFact } from '../corroboration/evaluation.js';

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

/**
 * Inserts stances on one claim, answering as well with every stance of that claim — the new ones
 * and those already there — as the rules read them (STANCE_FACT_COLUMNS), plus the new ones' own
 * columns: the insert and the read the re-evaluation needs in one round trip. The claim's row must
 * be locked already, so no other writer's stance can land between the two. `rows` is what is
 * inserted: one row of parameters, or many from arrays. (The one-stance form, the common write,
 * lets PostgreSQL settle on a generic plan, which it never does over arrays whose length it can
 * only guess; planning the statement anew would cost about as much as running it.)
 */
const insertWithFacts = (rows: string): string => `WITH ins AS (
     INSERT INTO stances (id, claim_id, source_id, kind, stated_at, quote, evidence_url, via_source_id, note,
                          created_by_key_id, updated_by_key_id)
     SELECT v.id, $12::uuid, v.source_id, v.kind, coalesce(v.stated_at, now()), v.quote, v.evidence_url,
            v.via_source_id, v.note, v.created_by, v.updated_by
       FROM ${rows}
            AS v(id, claim_id, source_id, kind, stated_at, quote, evidence_url, via_source_id, note, created_by,
                 updated_by, n)
      ORDER BY v.n
     RETURNING *
   ), st AS (
     SELECT true AS fresh, i.* FROM ins i
     UNION ALL
     SELECT false, s.* FROM stances s WHERE s.claim_id = $12::uuid
   )
   SELECT ${STANCE_FACT_COLUMNS}, st.fresh,
          CASE WHEN st.fresh THEN
            (SELECT coalesce(array_agg(g.group_id::text || ' ' || g.side), '{}') FROM claim_group_sides g
              WHERE g.claim_id = $12::uuid)
          END AS sides,
          CASE WHEN st.fresh THEN st.quote END AS quote,
          CASE WHEN st.fresh THEN st.evidence_url END AS "evidenceUrl",
          CASE WHEN st.fresh THEN st.note END AS note,
          CASE WHEN st.fresh THEN st.updated_at END AS "updatedAt",
          CASE WHEN st.fresh THEN st.created_by_key_id END AS "createdByKeyId",
          CASE WHEN st.fresh THEN st.updated_by_key_id END AS "updatedByKeyId"
     FROM st
     ${STANCE_FACT_LOOKUPS}`;

const INSERT_ONE_WITH_FACTS = new Prepared(
  'stances-insert-one-with-facts',
  insertWithFacts(`(VALUES ($1::uuid, $2::uuid, $3::uuid, $4::text, $5::timestamptz, $6::text, $7::text, $8::uuid,
                            $9::text, $10::uuid, $11::uuid, 1))`),
);

const INSERT_MANY_WITH_FACTS = new Prepared(
  'stances-insert-many-with-facts',
  insertWithFacts(`unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::timestamptz[], $6::text[], $7::text[],
                          $8::uuid[], $9::text[], $10::uuid[], $11::uuid[]) WITH ORDINALITY`),
);

type FactWithStanceRow = FactRow & {
  fresh: boolean;
  /** The claim's group sides before the write, as "<group id> <side>" (on the new stances' rows). */
  sides: string[] | null;
  quote: string | null;
  evidenceUrl: string | null;
  note: string | null;
  updatedAt: Date | string;
  createdByKeyId: string | null;
  updatedByKeyId: string | null;
};

/** The order stances are listed in — the same order that decides a source's effective stance. */
const HISTORY_ORDER = { 'st.statedAt': 'ASC', 'st.recordedAt': 'ASC', 'st.seq': 'ASC' } as const;

@Injectable()
export class StancesRepository {
  private repo(db: EntityManager) {
    return db.getRepository(StanceEntity);
  }

  /**
   * Inserts stances on one claim whose row this transaction has locked, and reads all of that
   * claim's stance facts in the same statement. Returns the stored stances, in the order given, and
   * the facts for the claim's re-evaluation.
   */
  async insertWithFacts(
    db: EntityManager,
    claimId: string,
    stances: NewStance[],
  ): Promise<{
    stored: StanceEntity[];
    facts: Map<string, StanceFact[]>;
    sides: ClaimGroupSide[];
  }> {
    const columns = (s: NewStance): unknown[] => [
      s.id,
      claimId,
      s.sourceId,
      s.kind,
      s.statedAt?.toISOString() ?? null,
      s.quote,
      s.evidenceUrl,
      s.viaSourceId,
      s.note,
      s.createdByKeyId,
      s.updatedByKeyId,
    ];
    const rows =
      stances.length === 1
        ? await queryRows<FactWithStanceRow>(db, INSERT_ONE_WITH_FACTS, [
            ...columns(stances[0]),
            claimId,
          ])
        : await queryRows<FactWithStanceRow>(db, INSERT_MANY_WITH_FACTS, [
            ...columns(stances[0]).map((_, i) => stances.map((s) => columns(s)[i])),
            claimId,
          ]);
    const byId = new Map(
      rows
        .filter((r) => r.fresh)
        .map((r) => [
          r.stanceId,
          toEntity({
            id: r.stanceId,
            claimId: r.claimId,
            sourceId: r.sourceId,
            kind: r.kind,
            statedAt: r.statedAt,
            recordedAt: r.recordedAt,
            quote: r.quote,
            evidenceUrl: r.evidenceUrl,
            viaSourceId: r.viaSourceId,
            note: r.note,
            updatedAt: r.updatedAt,
            seq: r.seq,
            createdByKeyId: r.createdByKeyId,
            updatedByKeyId: r.updatedByKeyId,
          }),
        ]),
    );
    return {
      stored: stances.map((s) => byId.get(s.id)!),
      facts: factsByClaim([claimId], rows),
      sides: (rows.find((r) => r.fresh)?.sides ?? []).map((text) => {
        const [groupId, side] = text.split(' ');
        return { claimId, groupId, side: side as GroupSide };
      }),
    };
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
