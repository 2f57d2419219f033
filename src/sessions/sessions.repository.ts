import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ApiKeyEntity } from '../api-keys/api-key.entity.js';
import { queryRows } from '../common/sql.js';

/** A live session and the live key it acts for. */
export interface LiveSession {
  id: string;
  lastSeenAt: Date;
  key: Pick<ApiKeyEntity, 'id' | 'name' | 'role'>;
}

@Injectable()
export class SessionsRepository {
  async insert(db: EntityManager, id: string, tokenHash: string, keyId: string): Promise<Date> {
    const [row] = await queryRows<{ last_seen_at: Date | string }>(
      db,
      `INSERT INTO sessions (id, token_hash, key_id) VALUES ($1, $2, $3) RETURNING last_seen_at`,
      [id, tokenHash, keyId],
    );
    return new Date(row.last_seen_at);
  }

  /**
   * The session with this secret hash, unless it has been idle longer than `idleMs` or its key has
   * been revoked.
   */
  async findLive(
    db: EntityManager,
    tokenHash: string,
    idleMs: number,
  ): Promise<LiveSession | null> {
    const [row] = await queryRows<{
      id: string;
      last_seen_at: Date | string;
      key_id: string;
      name: string;
      role: ApiKeyEntity['role'];
    }>(
      db,
      `SELECT s.id, s.last_seen_at, k.id AS key_id, k.name, k.role
         FROM sessions s JOIN api_keys k ON k.id = s.key_id
        WHERE s.token_hash = $1 AND k.revoked_at IS NULL
          AND s.last_seen_at > now() - make_interval(secs => $2::double precision / 1000)`,
      [tokenHash, idleMs],
    );
    if (!row) return null;
    return {
      id: row.id,
      lastSeenAt: new Date(row.last_seen_at),
      key: { id: row.key_id, name: row.name, role: row.role },
    };
  }

  /** Marks the session used now; returns the new time. */
  async touch(db: EntityManager, id: string): Promise<Date | null> {
    const [row] = await queryRows<{ last_seen_at: Date | string }>(
      db,
      `UPDATE sessions SET last_seen_at = now() WHERE id = $1 RETURNING last_seen_at`,
      [id],
    );
    return row ? new Date(row.last_seen_at) : null;
  }

  async deleteById(db: EntityManager, id: string): Promise<void> {
    await db.query(`DELETE FROM sessions WHERE id = $1`, [id]);
  }

  /** Deletes a key's sessions; returns their ids. */
  async deleteForKey(db: EntityManager, keyId: string): Promise<string[]> {
    const rows = await queryRows<{ id: string }>(
      db,
      `DELETE FROM sessions WHERE key_id = $1 RETURNING id::text AS id`,
      [keyId],
    );
    return rows.map((r) => r.id);
  }

  /** Which of these sessions are still live: not ended, not idle past `idleMs`, key not revoked. */
  async findLiveIds(db: EntityManager, ids: string[], idleMs: number): Promise<Set<string>> {
    const rows = await queryRows<{ id: string }>(
      db,
      `SELECT s.id::text AS id FROM sessions s JOIN api_keys k ON k.id = s.key_id
        WHERE s.id = ANY($1::uuid[]) AND k.revoked_at IS NULL
          AND s.last_seen_at > now() - make_interval(secs => $2::double precision / 1000)`,
      [ids, idleMs],
    );
    return new Set(rows.map((r) => r.id));
  }

  /** Forgets sessions idle longer than `idleMs`: they can never be used again. */
  async deleteIdle(db: EntityManager, idleMs: number): Promise<void> {
    await db.query(
      `DELETE FROM sessions WHERE last_seen_at <= now() - make_interval(secs => $1::double precision / 1000)`,
      [idleMs],
    );
  }

  /** Ends a key's oldest sessions so that at most `keep` remain. */
  async deleteBeyondNewest(db: EntityManager, keyId: string, keep: number): Promise<void> {
    await db.query(
      `DELETE FROM sessions WHERE id IN (
         SELECT id FROM sessions WHERE key_id = $1 ORDER BY last_seen_at DESC, id OFFSET $2)`,
      [keyId, keep],
    );
  }
}
