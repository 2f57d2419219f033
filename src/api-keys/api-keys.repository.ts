import { Injectable } from '@nestjs/common';
import { IsNull, type EntityManager } from 'typeorm';
import { queryRows } from '../common/sql.js';
import { ApiKeyEntity } from './api-key.entity.js';

@Injectable()
export class ApiKeysRepository {
  private repo(db: EntityManager) {
    return db.getRepository(ApiKeyEntity);
  }

  /** The live (unrevoked) key with this hash. */
  findActiveByHash(db: EntityManager, secretHash: string): Promise<ApiKeyEntity | null> {
    return this.repo(db).findOneBy({ secretHash, revokedAt: IsNull() });
  }

  findByHash(db: EntityManager, secretHash: string): Promise<ApiKeyEntity | null> {
    return this.repo(db).findOneBy({ secretHash });
  }

  findById(db: EntityManager, id: string): Promise<ApiKeyEntity | null> {
    return this.repo(db).findOneBy({ id });
  }

  lockForUpdate(db: EntityManager, id: string): Promise<ApiKeyEntity | null> {
    return this.repo(db).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async insert(
    db: EntityManager,
    key: Omit<ApiKeyEntity, 'createdAt' | 'revokedAt' | 'revokedByKeyId'>,
  ): Promise<ApiKeyEntity> {
    await this.repo(db).insert(key);
    return this.repo(db).findOneByOrFail({ id: key.id });
  }

  /** Serialises the first-key check between instances starting at once. */
  async lockKeyTable(db: EntityManager): Promise<void> {
    await db.query('LOCK TABLE api_keys IN SHARE ROW EXCLUSIVE MODE');
  }

  async anyExist(db: EntityManager): Promise<boolean> {
    return (await queryRows(db, 'SELECT 1 FROM api_keys LIMIT 1')).length > 0;
  }

  /** Inserts unless a key with the same secret exists; true when it inserted. */
  async insertIfAbsent(
    db: EntityManager,
    key: Omit<ApiKeyEntity, 'createdAt' | 'revokedAt' | 'revokedByKeyId'>,
  ): Promise<boolean> {
    const rows = await queryRows(
      db,
      `INSERT INTO api_keys (id, name, role, prefix, secret_hash, created_by_key_id) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT ON CONSTRAINT uq_api_key_secret_hash DO NOTHING RETURNING id`,
      [key.id, key.name, key.role, key.prefix, key.secretHash, key.createdByKeyId],
    );
    return rows.length > 0;
  }

  async revoke(db: EntityManager, id: string, byKeyId: string | null): Promise<void> {
    await this.repo(db).update({ id }, { revokedAt: () => 'now()', revokedByKeyId: byKeyId });
  }

  /** Live admin keys, locked so two revocations cannot both leave none. */
  async lockActiveAdmins(db: EntityManager): Promise<string[]> {
    const rows = await this.repo(db).find({
      where: { role: 'admin', revokedAt: IsNull() },
      lock: { mode: 'pessimistic_write' },
      order: { id: 'ASC' },
    });
    return rows.map((k) => k.id);
  }

  /** The names of these keys (revoked ones included), by id. */
  async findNames(db: EntityManager, ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await queryRows<{ id: string; name: string }>(
      db,
      `SELECT id::text AS id, name FROM api_keys WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  /** A page of keys, newest first (keyset on createdAt, id). */
  list(
    db: EntityManager,
    after: { createdAt: string; id: string } | undefined,
    limit: number,
  ): Promise<ApiKeyEntity[]> {
    const qb = this.repo(db).createQueryBuilder('k');
    if (after) qb.where('(k.created_at, k.id) < (:at, :id)', { at: after.createdAt, id: after.id });
    return qb
      .orderBy('k.created_at', 'DESC')
      .addOrderBy('k.id', 'DESC')
      .limit(limit + 1)
      .getMany();
  }
}
