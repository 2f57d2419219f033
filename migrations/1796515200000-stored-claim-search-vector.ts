import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A claim's text-search vector, under its own language's configuration (see the claim-search migration). */
const VECTOR = (row: string) =>
  `to_tsvector(claimgraph_search_config(${row}"language"), claimgraph_search_document(${row}"statement", ${row}"context"))`;

/** Claims filled per statement: each statement stays well inside the statement timeout. */
const BATCH = 20_000;

/**
 * Each claim's text-search vector, stored. With only an expression index, a search recomputed the
 * vector of every matching claim to rank it: a common word took seconds at tens of thousands of
 * claims. Stored, a search reads it instead, and ranks only a bounded set of candidates.
 *
 * Filled from the text by a trigger, so every write path (the API, the import, a COPY) keeps it.
 * Existing claims get theirs in batches by id, before the trigger and the index exist (the old
 * expression index goes first, so the batches do not recompute it).
 */
export class StoredClaimSearchVector1796515200000 implements MigrationInterface {
  name = 'StoredClaimSearchVector1796515200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX "idx_claim_search"`);
    await db.query(`ALTER TABLE "claims" ADD COLUMN "search_vector" tsvector`);
    for (let after: string | null = null; ;) {
      const rows = (await db.query(
        `WITH batch AS (
           SELECT "id" FROM "claims" WHERE $1::uuid IS NULL OR "id" > $1::uuid ORDER BY "id" LIMIT ${BATCH}
         ), filled AS (
           UPDATE "claims" c SET "search_vector" = ${VECTOR('c.')} FROM batch WHERE c."id" = batch."id"
         )
         SELECT "id" FROM batch ORDER BY "id" DESC LIMIT 1`,
        [after],
      )) as { id: string }[];
      if (rows.length === 0) break;
      after = rows[0].id;
    }
    await db.query(`ALTER TABLE "claims" ALTER COLUMN "search_vector" SET NOT NULL`);
    await db.query(`
      CREATE FUNCTION "claimgraph_claim_search_vector"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW."search_vector" := ${VECTOR('NEW.')};
        RETURN NEW;
      END $$`);
    // On the text's columns only: a status change (the most frequent write) leaves the vector alone.
    await db.query(
      `CREATE TRIGGER "trg_claims_search_vector"
         BEFORE INSERT OR UPDATE OF "statement", "context", "language", "search_vector" ON "claims"
         FOR EACH ROW EXECUTE FUNCTION "claimgraph_claim_search_vector"()`,
    );
    await db.query(`CREATE INDEX "idx_claim_search" ON "claims" USING gin ("search_vector")`);
  }
  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX "idx_claim_search"`);
    await db.query(`DROP TRIGGER "trg_claims_search_vector" ON "claims"`);
    await db.query(`DROP FUNCTION "claimgraph_claim_search_vector"()`);
    await db.query(`ALTER TABLE "claims" DROP COLUMN "search_vector"`);
    await db.query(`CREATE INDEX "idx_claim_search" ON "claims" USING gin ((${VECTOR('')}))`);
  }
}
