import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Finding where in the event log a moment falls (`GET /v1/events?since=`): the events written at or
 * after an instant, with their place in delivery order, read from the index alone.
 */
export class EventsByTime1797206400000 implements MigrationInterface {
  name = 'EventsByTime1797206400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX idx_event_created_at ON events (created_at) INCLUDE (txid, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX idx_event_created_at`);
  }
}
