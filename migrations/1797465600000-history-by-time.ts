import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What changed in a span of time (`GET /v1/activity`): the status and score changes written in it,
 * across all claims, newest first, read by time rather than claim by claim.
 */
export class HistoryByTime1797465600000 implements MigrationInterface {
  name = 'HistoryByTime1797465600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX idx_claim_history_changed_at ON claim_history (changed_at, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX idx_claim_history_changed_at`);
  }
}
