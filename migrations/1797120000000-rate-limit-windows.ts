import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The rate limiter's fixed-window counters, shared by every instance on one database: one row per
 * caller and window, added to by one upsert per request and swept once windows have ended. UNLOGGED:
 * no write-ahead log is written for them and a crash empties the table, which only forgives the
 * current window's requests.
 */
export class RateLimitWindows1797120000000 implements MigrationInterface {
  name = 'RateLimitWindows1797120000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE UNLOGGED TABLE rate_limit_windows (
        caller text NOT NULL,
        window_start timestamptz(3) NOT NULL,
        window_end timestamptz(3) NOT NULL,
        hits integer NOT NULL,
        CONSTRAINT pk_rate_limit_windows PRIMARY KEY (caller, window_start),
        CONSTRAINT ck_rate_limit_window CHECK (window_end > window_start)
      )`);
    await q.query(`CREATE INDEX idx_rate_limit_windows_end ON rate_limit_windows (window_end)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE rate_limit_windows`);
  }
}
