import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { date } from '../common/columns.js';
import { queryOne, queryRows } from '../common/sql.js';
import type { EventFilter, EventType, Position, StoredEvent } from './event-log.js';

interface EventRow {
  id: string;
  txid: string;
  type: EventType;
  claimId: string | null;
  payload: Record<string, unknown> | string;
  createdAt: Date | string;
}

const toEvent = (row: EventRow): StoredEvent => ({
  id: row.id,
  txid: row.txid,
  type: row.type,
  claimId: row.claimId,
  payload:
    typeof row.payload === 'string'
      ? (JSON.parse(row.payload) as Record<string, unknown>)
      : row.payload,
  createdAt: date.from(row.createdAt) as Date,
});

/**
 * The oldest transaction still running anywhere on the server (or the next one to start, when none
 * is). Every transaction id below it belongs to a transaction that has finished.
 */
const HORIZON = `(SELECT pg_snapshot_xmin(pg_current_snapshot()))`;

/** Reads of the event log; the triggers of migration LiveEvents1796169600000 are its only writers. */
@Injectable()
export class EventsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Up to `limit` final events after `position`, in delivery order, optionally filtered. Final:
   * written by a transaction older than every transaction still running.
   */
  async findFinalEventsAfter(
    position: Position,
    limit: number,
    filter: EventFilter = {},
  ): Promise<StoredEvent[]> {
    const rows = await queryRows<EventRow>(
      this.dataSource,
      `SELECT e.id::text AS id, e.txid::text AS txid, e.type, e.claim_id AS "claimId", e.payload,
              e.created_at AS "createdAt"
         FROM events e
        WHERE (e.txid, e.id) > ($1::text::xid8, $2::bigint)
          AND e.txid < ${HORIZON}
          AND ($4::uuid IS NULL OR e.claim_id = $4::uuid)
          AND ($5::text[] IS NULL OR e.type = ANY($5::text[]))
        ORDER BY e.txid, e.id
        LIMIT $3`,
      [
        position.txid.toString(),
        position.id.toString(),
        limit,
        filter.claimId ?? null,
        filter.types ? [...filter.types] : null,
      ],
    );
    return rows.map(toEvent);
  }

  /** Whether some committed event after `position` waits for an older transaction to finish. */
  async hasHeldBackEventsAfter(position: Position): Promise<boolean> {
    const row = await queryOne<{ held: boolean }>(
      this.dataSource,
      `SELECT EXISTS (
         SELECT 1 FROM events e
          WHERE (e.txid, e.id) > ($1::text::xid8, $2::bigint) AND e.txid >= ${HORIZON}
       ) AS held`,
      [position.txid.toString(), position.id.toString()],
    );
    return row?.held === true;
  }

  /** The position of "now": before every event a transaction still running (or not yet begun) writes. */
  async findCurrentPosition(): Promise<Position> {
    const row = await queryOne<{ horizon: string }>(
      this.dataSource,
      `SELECT ${HORIZON}::text AS horizon`,
    );
    return { txid: BigInt(row!.horizon), id: 0n };
  }

  /** The position just after one event, if the log still holds it. */
  async findEventPosition(id: bigint): Promise<Position | undefined> {
    const row = await queryOne<{ txid: string }>(
      this.dataSource,
      `SELECT txid::text AS txid FROM events WHERE id = $1::bigint`,
      [id.toString()],
    );
    return row ? { txid: BigInt(row.txid), id } : undefined;
  }

  /**
   * Where to start so as to deliver every event written at or after `since` (and perhaps a few
   * written just before it): just before the first such event in delivery order, or "now" when a
   * transaction still running could write one earlier in that order, or when there is none yet.
   */
  async findPositionSince(since: Date): Promise<Position> {
    const row = await queryOne<{ txid: string | null; id: string | null; horizon: string }>(
      this.dataSource,
      `SELECT first.txid::text AS txid, first.id::text AS id, ${HORIZON}::text AS horizon
         FROM (SELECT 1) one
         LEFT JOIN LATERAL (
           SELECT e.txid, e.id FROM events e WHERE e.created_at >= $1 ORDER BY e.txid, e.id LIMIT 1
         ) first ON true`,
      [since],
    );
    const now: Position = { txid: BigInt(row!.horizon), id: 0n };
    if (row!.txid === null) return now;
    const first: Position = { txid: BigInt(row!.txid), id: BigInt(row!.id!) - 1n };
    return first.txid < now.txid ? first : now;
  }

  /** Which of these API keys are still live (not revoked): streams of the others must end. */
  async findLiveKeyIds(ids: readonly string[]): Promise<Set<string>> {
    const rows = await queryRows<{ id: string }>(
      this.dataSource,
      `SELECT id::text AS id FROM api_keys WHERE id = ANY($1::uuid[]) AND revoked_at IS NULL`,
      [[...ids]],
    );
    return new Set(rows.map((r) => r.id));
  }

  /** The smallest id still kept, and the largest id ever handed out (committed or not). */
  async findIdRange(): Promise<{ oldestKept: bigint | null; lastIssued: bigint | null }> {
    const row = await queryOne<{ oldestKept: string | null; lastIssued: string | null }>(
      this.dataSource,
      `SELECT (SELECT min(id) FROM events)::text AS "oldestKept",
              pg_sequence_last_value(pg_get_serial_sequence('events', 'id')::regclass)::text AS "lastIssued"`,
    );
    return {
      oldestKept: row?.oldestKept ? BigInt(row.oldestKept) : null,
      lastIssued: row?.lastIssued ? BigInt(row.lastIssued) : null,
    };
  }

  /**
   * Deletes events written more than `days` days ago, as a prefix of the log by id: everything below
   * the first id that is still young goes. So "older than the oldest kept id" always means "pruned".
   */
  async deleteEventsOlderThan(days: number): Promise<number> {
    const row = await queryOne<{ deleted: number }>(
      this.dataSource,
      `WITH gone AS (
         DELETE FROM events
          WHERE id < coalesce(
            (SELECT id FROM events WHERE created_at >= now() - make_interval(days => $1::int) ORDER BY id LIMIT 1),
            (SELECT max(id) + 1 FROM events))
          RETURNING 1)
       SELECT count(*)::int AS deleted FROM gone`,
      [days],
    );
    return row?.deleted ?? 0;
  }
}
