import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource, type EntityManager } from 'typeorm';
import type { AppConfig } from '../config/env.js';
import { DomainError } from '../domain/errors.js';
import {
  decodeCursor,
  encodeCursor,
  toPage,
  type Page,
  type PageQueryDto,
} from '../common/pagination.js';
import { inTransaction } from '../common/sql.js';
import type { ApiKeyEntity } from './api-key.entity.js';
import type { Role, Actor } from '../domain/actors.js';
import { ApiKeyErrors } from './api-keys.errors.js';
import { ApiKeysRepository } from './api-keys.repository.js';
import { AuditService } from '../audit/audit.service.js';
import { toApiKeyResponse } from './dto/api-key.dto.js';
import { displayPrefix, generateKey, hashKey } from './secrets.js';

@Injectable()
export class ApiKeysService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: ApiKeysRepository,
    private readonly audit: AuditService,
    private readonly config: ConfigService<AppConfig, true>,
  ) {}

  /** Live keys recently looked up, by secret hash: most requests then need no lookup of their own. */
  private readonly recent = new Map<string, { key: ApiKeyEntity; until: number }>();
  /** Keys revoked through this instance: never trusted from the map again, even if a lookup raced the revocation. */
  private readonly revoked = new Set<string>();

  /**
   * The caller behind a bearer secret, or null when it is unknown or revoked. A key found is
   * trusted for KEY_CACHE_MS; unknown secrets are never remembered (so the map holds live keys only).
   */
  async authenticate(secret: string): Promise<ApiKeyEntity | null> {
    const hash = hashKey(secret);
    const now = Date.now();
    const cached = this.recent.get(hash);
    if (cached && cached.until > now && !this.revoked.has(cached.key.id)) return cached.key;
    const key = await this.repo.findActiveByHash(this.dataSource.manager, hash);
    const ttl = this.config.get('KEY_CACHE_MS', { infer: true });
    if (key) {
      if (this.known.size >= MAX_CACHED_KEYS) this.known.clear();
      this.known.add(hash);
    }
    if (key && ttl > 0 && !this.revoked.has(key.id)) {
      if (this.recent.size >= MAX_CACHED_KEYS) this.recent.clear();
      this.recent.set(hash, { key, until: now + ttl });
    } else {
      this.recent.delete(hash);
    }
    return key;
  }

  /**
   * Secrets (by hash) that have named a live key on this instance: when an address is refused
   * lookups for presenting unknown keys, these are still looked up, so a colleague behind the same
   * address keeps working. Bounded; past MAX_CACHED_KEYS it starts again.
   */
  private readonly known = new Set<string>();

  /** Whether this secret has named a live key on this instance before (it may since have been revoked). */
  knownBefore(secret: string): boolean {
    return this.known.has(hashKey(secret));
  }

  /** Makes a key; the secret is returned once and never stored. */
  async createKey(
    name: string,
    role: Role,
    actor: Actor | null,
  ): Promise<{ key: ApiKeyEntity; secret: string }> {
    const { secret, prefix, hash } = generateKey();
    return inTransaction(this.dataSource, async (db) => {
      const key = await this.repo.insert(db, {
        id: randomUUID(),
        name,
        role,
        prefix,
        secretHash: hash,
        createdByKeyId: actor?.keyId ?? null,
      });
      await this.audit.record(db, actor, {
        action: 'create',
        entityType: 'api_key',
        entityId: key.id,
        after: toApiKeyResponse(key),
      });
      return { key, secret };
    });
  }

  /**
   * Makes sure an admin key with exactly this secret exists and is live (BOOTSTRAP_ADMIN_KEY), so a
   * deploy can be scripted. Returns whether it had to be created.
   */
  async ensureAdminKey(secret: string): Promise<boolean> {
    // Several instances may start at once with the same secret: insert-if-absent, then look.
    const created = await inTransaction(this.dataSource, async (db) => {
      const id = randomUUID();
      const inserted = await this.repo.insertIfAbsent(db, {
        id,
        name: 'bootstrap admin',
        role: 'admin',
        prefix: displayPrefix(secret),
        secretHash: hashKey(secret),
        createdByKeyId: null,
      });
      // Made by the deployment, not by a caller: the audit entry has no key.
      if (inserted) await this.auditCreated(db, id);
      return inserted;
    });
    const key = await this.repo.findByHash(this.dataSource.manager, hashKey(secret));
    if (!key || key.revokedAt || key.role !== 'admin') {
      throw new Error(
        'BOOTSTRAP_ADMIN_KEY names a key that was revoked or is not an admin key; choose a new secret.',
      );
    }
    return created;
  }

  private async auditCreated(db: EntityManager, id: string): Promise<void> {
    const key = (await this.repo.findById(db, id))!;
    await this.audit.record(db, null, {
      action: 'create',
      entityType: 'api_key',
      entityId: id,
      after: toApiKeyResponse(key),
    });
  }

  /** On a database without a single key, makes an admin key and returns its secret; else null. */
  async createFirstAdminKey(): Promise<string | null> {
    return inTransaction(this.dataSource, async (db) => {
      await this.repo.lockKeyTable(db);
      if (await this.repo.anyExist(db)) return null;
      const { secret, prefix, hash } = generateKey();
      const id = randomUUID();
      await this.repo.insert(db, {
        id,
        name: 'first admin',
        role: 'admin',
        prefix,
        secretHash: hash,
        createdByKeyId: null,
      });
      await this.auditCreated(db, id);
      return secret;
    });
  }

  async listKeys(query: PageQueryDto): Promise<Page<ApiKeyEntity>> {
    const after = query.cursor
      ? decodeCursor(query.cursor, 'keys', ['timestamp', 'uuid'])
      : undefined;
    const rows = await this.repo.list(
      this.dataSource.manager,
      after ? { createdAt: after[0] as string, id: after[1] as string } : undefined,
      query.limit,
    );
    return toPage(
      rows,
      query.limit,
      (k) => k,
      (k) => encodeCursor('keys', [k.createdAt.toISOString(), k.id]),
    );
  }

  /** Who the keys are, by id → name, so answers can say who did something (never a secret). */
  namesOf(ids: Iterable<string | null>): Promise<Map<string, string>> {
    const wanted = [...new Set([...ids].filter((id): id is string => id !== null))];
    return this.repo.findNames(this.dataSource.manager, wanted);
  }

  async getKey(id: string): Promise<ApiKeyEntity> {
    const key = await this.repo.findById(this.dataSource.manager, id);
    if (!key) throw new DomainError(ApiKeyErrors.API_KEY_NOT_FOUND, `No API key has id ${id}.`);
    return key;
  }

  /** Revokes a key; it stops working with the next request. The last live admin key is kept. */
  async revokeKey(id: string, actor: Actor): Promise<void> {
    await inTransaction(this.dataSource, async (db) => {
      const admins = await this.repo.lockActiveAdmins(db);
      const key = await this.repo.lockForUpdate(db, id);
      if (!key) throw new DomainError(ApiKeyErrors.API_KEY_NOT_FOUND, `No API key has id ${id}.`);
      if (key.revokedAt) return;
      if (key.role === 'admin' && admins.length === 1 && admins[0] === id) {
        throw new DomainError(
          ApiKeyErrors.LAST_ADMIN_KEY,
          'This is the only live admin key; create another admin key first.',
        );
      }
      await this.repo.revoke(db, id, actor.keyId);
      const after = (await this.repo.findById(db, id))!;
      await this.audit.record(db, actor, {
        action: 'revoke',
        entityType: 'api_key',
        entityId: id,
        before: toApiKeyResponse(key),
        after: toApiKeyResponse(after),
      });
    });
    this.forget(id);
  }

  /**
   * Calls `listener` with the id of each key this instance revokes, so whatever a key holds open
   * (event streams) can end at once; returns the unsubscribe.
   */
  onRevoked(listener: (id: string) => void): () => void {
    this.revokedListeners.add(listener);
    return () => this.revokedListeners.delete(listener);
  }

  private readonly revokedListeners = new Set<(id: string) => void>();

  private forget(id: string): void {
    this.revoked.add(id);
    for (const [hash, entry] of this.recent) if (entry.key.id === id) this.recent.delete(hash);
    for (const listener of this.revokedListeners) listener(id);
  }
}

/** A bound on the map of recently seen keys; past it the map starts again. */
const MAX_CACHED_KEYS = 10_000;
