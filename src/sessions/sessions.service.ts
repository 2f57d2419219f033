import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/env.js';
import { inTransaction } from '../common/sql.js';
import { SessionsRepository, type LiveSession } from './sessions.repository.js';

/** The cookie that carries a session's secret. */
export const SESSION_COOKIE = 'cg_session';
/** Session secrets look like `cgs_<43 url-safe characters>` (256 random bits). */
const TOKEN_PATTERN = /^cgs_[A-Za-z0-9_-]{43}$/;
/** How many sessions one key may hold; signing in once more ends its least recently used. */
export const MAX_SESSIONS_PER_KEY = 20;
/** A session's last use is written at most this often, so reading pages costs no write each time. */
const TOUCH_EVERY_MS = 60_000;

const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export interface StartedSession {
  /** The secret for the cookie; shown once, never stored. */
  token: string;
  id: string;
  expiresAt: Date;
}

/**
 * Console sign-ins. A session acts for the API key it was opened with, with that key's name and
 * role; it ends when it is signed out, when it has not been used for SESSION_IDLE_MS, or when its
 * key is revoked.
 */
@Injectable()
export class SessionsService {
  private readonly idleMs: number;

  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: SessionsRepository,
    config: ConfigService<AppConfig, true>,
  ) {
    this.idleMs = config.get('SESSION_IDLE_MS', { infer: true });
  }

  /** Opens a session for a key; forgets idle sessions and the key's least recently used beyond the cap. */
  async start(keyId: string): Promise<StartedSession> {
    const token = `cgs_${randomBytes(32).toString('base64url')}`;
    const id = randomUUID();
    const lastSeenAt = await inTransaction(this.dataSource, async (db) => {
      await this.repo.deleteIdle(db, this.idleMs);
      await this.repo.deleteBeyondNewest(db, keyId, MAX_SESSIONS_PER_KEY - 1);
      return this.repo.insert(db, id, hashToken(token), keyId);
    });
    return { token, id, expiresAt: this.expiry(lastSeenAt) };
  }

  /** The live session behind a cookie's secret, marked as used; null when it has ended. */
  async resume(token: string): Promise<(LiveSession & { expiresAt: Date }) | null> {
    if (!TOKEN_PATTERN.test(token)) return null;
    const db = this.dataSource.manager;
    const session = await this.repo.findLive(db, hashToken(token), this.idleMs);
    if (!session) return null;
    if (Date.now() - session.lastSeenAt.getTime() >= TOUCH_EVERY_MS) {
      const touched = await this.repo.touch(db, session.id);
      if (!touched) return null;
      session.lastSeenAt = touched;
    }
    return { ...session, expiresAt: this.expiry(session.lastSeenAt) };
  }

  /** Ends a session at once: its next request is 401, and what it holds open (event streams) ends. */
  async end(id: string): Promise<void> {
    await this.repo.deleteById(this.dataSource.manager, id);
    this.ended(id);
  }

  /** Ends every session opened with a key. */
  async endAllOf(keyId: string): Promise<void> {
    for (const id of await this.repo.deleteForKey(this.dataSource.manager, keyId)) this.ended(id);
  }

  /** Which of these sessions are still live (ended, idle or revoked ones are not). */
  liveIds(ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return Promise.resolve(new Set());
    return this.repo.findLiveIds(this.dataSource.manager, ids, this.idleMs);
  }

  /**
   * Calls `listener` with the id of each session signed out through this instance, so what it
   * holds open can end at once; returns the unsubscribe.
   */
  onEnded(listener: (id: string) => void): () => void {
    this.endedListeners.add(listener);
    return () => this.endedListeners.delete(listener);
  }

  private readonly endedListeners = new Set<(id: string) => void>();

  private ended(id: string): void {
    for (const listener of this.endedListeners) listener(id);
  }

  private expiry(lastSeenAt: Date): Date {
    return new Date(lastSeenAt.getTime() + this.idleMs);
  }
}
