import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The event log behind GET /v1/events. */
export class LiveEvents1796169600000 implements MigrationInterface {
  name = 'LiveEvents1796169600000';

  async up(_db: QueryRunner): Promise<void> {}

  async down(_db: QueryRunner): Promise<void> {}
}
