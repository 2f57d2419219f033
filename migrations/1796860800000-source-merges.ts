import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sources can be merged into another (a duplicate into the source that survives), and unmerged from
 * the audit trail. A merged source keeps its row, pointing at the survivor, so a reference to it is
 * answered with where it went. Only merged sources are indexed.
 */
export class SourceMerges1796860800000 implements MigrationInterface {
  name = 'SourceMerges1796860800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE sources ADD COLUMN merged_into_id uuid, ADD COLUMN merged_at timestamptz(3)`,
    );
    await q.query(
      `ALTER TABLE sources ADD CONSTRAINT ck_source_not_merged_into_self CHECK (merged_into_id <> id)`,
    );
    await q.query(
      `ALTER TABLE sources ADD CONSTRAINT fk_source_merged_into FOREIGN KEY (merged_into_id) REFERENCES sources(id) ON DELETE RESTRICT`,
    );
    await q.query(
      `CREATE INDEX idx_source_merged_into ON sources (merged_into_id) WHERE merged_into_id IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX idx_source_merged_into`);
    await q.query(`ALTER TABLE sources DROP CONSTRAINT fk_source_merged_into`);
    await q.query(`ALTER TABLE sources DROP CONSTRAINT ck_source_not_merged_into_self`);
    await q.query(`ALTER TABLE sources DROP COLUMN merged_at, DROP COLUMN merged_into_id`);
  }
}
