import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { queryOne, queryRows } from '../common/sql.js';
import { IdempotencyRecordEntity } from './idempotency-record.entity.js';

/** How long a first answer is kept for replay. */
export const RETENTION_HOURS = 24;

@Injectable()
export class IdempotencyRepository {
  /**
   * Claims (actor, key) for a new request, or returns the record already holding it. A record past
   * retention no longer counts and is replaced.
   */
  async claim(
    db: EntityManager,
    record: Pick<IdempotencyRecordEntity, 'id' | 'actor' | 'idempotencyKey' | 'requestHash'>,
  ): Promise<{ claimed: boolean; record: IdempotencyRecordEntity }> {
    await db.query(
      `DELETE FROM idempotency_records WHERE actor = $1 AND idempotency_key = $2
          AND created_at < now() - make_interval(hours => $3)`,
      [record.actor, record.idempotencyKey, RETENTION_HOURS],
    );
    const inserted = await queryRows<{ id: string }>(
      db,
      `INSERT INTO idempotency_records (id, actor, idempotency_key, request_hash) VALUES ($1, $2, $3, $4)
       ON CONFLICT ON CONSTRAINT uq_idempotency_record_key DO NOTHING RETURNING id`,
      [record.id, record.actor, record.idempotencyKey, record.requestHash],
    );
    const stored = await db.getRepository(IdempotencyRecordEntity).findOneByOrFail({
      actor: record.actor,
      idempotencyKey: record.idempotencyKey,
    });
    return { claimed: inserted.length > 0, record: stored };
  }

  async complete(
    db: EntityManager,
    id: string,
    answer: { status: number; location: string | null; body: string },
  ): Promise<void> {
    await db.query(
      'UPDATE idempotency_records SET status = $2, location = $3, body = $4 WHERE id = $1',
      [id, answer.status, answer.location, answer.body],
    );
  }

  /** Gives the key back after a request that failed, so it can be retried. */
  async release(db: EntityManager, id: string): Promise<void> {
    await db.query('DELETE FROM idempotency_records WHERE id = $1 AND status IS NULL', [id]);
  }

  async purgeExpired(db: EntityManager): Promise<number> {
    const row = await queryOne<{ n: number }>(
      db,
      `WITH gone AS (DELETE FROM idempotency_records WHERE created_at < now() - make_interval(hours => $1) RETURNING 1)
       SELECT count(*)::int AS n FROM gone`,
      [RETENTION_HOURS],
    );
    return row?.n ?? 0;
  }
}
