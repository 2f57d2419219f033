import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The learned assessment of each claim (docs/design.md, "Track records and the assessment"), kept
 * beside the claim rather than on it: a background refresher rewrites it whenever a verdict changes
 * what the track records say, and writing it into `claims` would contend with every writer's lock on
 * the claim and move the claim's version. No foreign key either, for the same reason: a key check
 * share-locks the claim's row. Reads always start from `claims`, so a row whose claim is gone is
 * never shown.
 *
 * `assessment_queue` lists the claims whose assessment is out of date: every re-evaluation appends
 * its claims (append-only, so a writer never waits for the refresher), and the refresher takes rows
 * with SKIP LOCKED. `assessment_model` remembers which state of the verdicts the stored assessments
 * were computed from; while it is empty (as after this migration), every claim is assessed.
 */
export class ClaimAssessments1796947200000 implements MigrationInterface {
  name = 'ClaimAssessments1796947200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE claim_assessments (
        claim_id uuid PRIMARY KEY,
        likely text NOT NULL CONSTRAINT ck_claim_assessment_likely CHECK (likely IN ('true', 'false', 'unproven')),
        p_true float8 NOT NULL,
        p_false float8 NOT NULL,
        p_unproven float8 NOT NULL,
        likelihood float8 NOT NULL,
        verdicts integer NOT NULL,
        groups integer NOT NULL,
        computed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX idx_claim_assessments_likely ON claim_assessments (likely, likelihood, claim_id)`,
    );
    await q.query(
      `CREATE INDEX idx_claim_assessments_likelihood ON claim_assessments (likelihood, claim_id)`,
    );
    await q.query(
      `CREATE TABLE assessment_queue (id bigserial PRIMARY KEY, claim_id uuid NOT NULL)`,
    );
    await q.query(`
      CREATE TABLE assessment_model (
        id smallint PRIMARY KEY CONSTRAINT ck_assessment_model_one CHECK (id = 1),
        fingerprint text NOT NULL,
        changed_at timestamptz NOT NULL DEFAULT now()
      )`);
    // What the track records are learned from, read by an index alone on every check.
    await q.query(
      `CREATE INDEX idx_claim_verdicts ON claims (id) INCLUDE (review_verdict, version)
        WHERE review_verdict IS NOT NULL AND merged_into_id IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX idx_claim_verdicts`);
    await q.query(`DROP TABLE assessment_model`);
    await q.query(`DROP TABLE assessment_queue`);
    await q.query(`DROP TABLE claim_assessments`);
  }
}
