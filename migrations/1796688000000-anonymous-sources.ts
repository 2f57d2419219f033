import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sources may be marked anonymous ("unnamed officials", "a senior diplomat"): such a source never
 * counts independently of the relay that carries it (docs/design.md §3.3). Adding a column with a
 * constant default rewrites nothing, so this is quick on a large table.
 */
export class AnonymousSources1796688000000 implements MigrationInterface {
  name = 'AnonymousSources1796688000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE sources ADD COLUMN anonymous boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE sources DROP COLUMN anonymous`);
  }
}
