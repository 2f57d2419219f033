import type { DataSource, EntityManager } from 'typeorm';

/**
 * Runs parameterised SQL and returns its rows. TypeORM answers an UPDATE or DELETE on `pg` with
 * `[rows, count]` and a SELECT with `rows`; callers here always want the rows.
 */
export async function queryRows<T>(
  db: EntityManager | DataSource,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const result: unknown = await db.query(sql, params);
  if (
    Array.isArray(result) &&
    result.length === 2 &&
    Array.isArray(result[0]) &&
    typeof result[1] === 'number'
  ) {
    return result[0] as T[];
  }
  return result as T[];
}

export async function queryOne<T>(
  db: EntityManager | DataSource,
  sql: string,
  params: unknown[] = [],
): Promise<T | undefined> {
  const rows = await queryRows<T>(db, sql, params);
  return rows[0];
}

const RETRYABLE = new Set(['40P01', '40001']); // deadlock detected, serialization failure

export function pgErrorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as { code?: unknown; driverError?: { code?: unknown } };
  const code = e.driverError?.code ?? e.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Runs `work` in one transaction. A deadlock or serialisation failure rolls everything back and
 * the whole unit is tried again (up to three times), so callers never see a half-applied write.
 */
export async function inTransaction<T>(
  dataSource: DataSource,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      // READ COMMITTED, PostgreSQL's default: not set explicitly, which would cost a round trip per transaction.
      return await dataSource.transaction(work);
    } catch (error) {
      const code = pgErrorCode(error);
      if (attempt >= 3 || code === undefined || !RETRYABLE.has(code)) throw error;
      await new Promise((r) => setTimeout(r, 5 * attempt + Math.random() * 20));
    }
  }
}
