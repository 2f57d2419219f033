import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Editorial review (verdicts beside the computed status), the history of every status and score
 * change, an append-only audit trail, and claim merges.
 */
export class EditorialReviewHistoryAudit1795996800000 implements MigrationInterface {
  name = 'EditorialReviewHistoryAudit1795996800000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE "claims"
        ADD "review_state" text NOT NULL DEFAULT 'unreviewed',
        ADD "review_verdict" text,
        ADD "reviewed_at" TIMESTAMP(3) WITH TIME ZONE,
        ADD "reviewed_by_key_id" uuid,
        ADD "merged_into_id" uuid,
        ADD "merged_at" TIMESTAMP(3) WITH TIME ZONE,
        ADD CONSTRAINT "ck_claim_review_state" CHECK ("review_state" IN ('unreviewed', 'needs_review', 'reviewed')),
        ADD CONSTRAINT "ck_claim_review_verdict" CHECK ("review_verdict" IN ('true', 'mostly_true', 'mixed', 'mostly_false', 'false', 'unproven')),
        ADD CONSTRAINT "fk_claim_reviewed_by" FOREIGN KEY ("reviewed_by_key_id") REFERENCES "api_keys"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
        ADD CONSTRAINT "fk_claim_merged_into" FOREIGN KEY ("merged_into_id") REFERENCES "claims"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    // Both kept by the application from src/reviews/review.rules.ts, in the statements that change
    // a claim's status or verdict: whether the verdict contradicts the evidence, and the review
    // queue's order (0 divergent, 1 disputed, 2 the rest).
    await db.query(
      `ALTER TABLE "claims" ADD "review_divergent" boolean NOT NULL DEFAULT false, ADD "review_priority" smallint NOT NULL DEFAULT 2`,
    );
    await db.query(
      `CREATE INDEX "idx_claim_review_queue" ON "claims" ("review_priority", "status_changed_at", "id") WHERE "merged_into_id" IS NULL`,
    );

    await db.query(`
      CREATE TABLE "claim_reviews" (
        "id" uuid NOT NULL,
        "claim_id" uuid NOT NULL,
        "verdict" text NOT NULL,
        "rationale" text NOT NULL,
        "reviewer_key_id" uuid,
        "status_at_review" text NOT NULL,
        "score_at_review" double precision NOT NULL,
        "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_claim_review" PRIMARY KEY ("id"),
        CONSTRAINT "ck_claim_review_verdict" CHECK ("verdict" IN ('true', 'mostly_true', 'mixed', 'mostly_false', 'false', 'unproven')),
        CONSTRAINT "fk_claim_review_claim" FOREIGN KEY ("claim_id") REFERENCES "claims"("id") ON DELETE CASCADE ON UPDATE NO ACTION,
        CONSTRAINT "fk_claim_review_reviewer" FOREIGN KEY ("reviewer_key_id") REFERENCES "api_keys"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
      )`);
    await db.query(
      `CREATE INDEX "idx_claim_review_claim" ON "claim_reviews" ("claim_id", "created_at")`,
    );

    // No foreign key to claims: the history of a deleted claim stays answerable.
    await db.query(`
      CREATE TABLE "claim_history" (
        "id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
        "claim_id" uuid NOT NULL,
        "from_status" text,
        "to_status" text NOT NULL,
        "from_score" double precision,
        "to_score" double precision NOT NULL,
        "support_groups" integer NOT NULL,
        "support_sources" integer NOT NULL,
        "refute_groups" integer NOT NULL,
        "refute_sources" integer NOT NULL,
        "cause" text NOT NULL,
        "cause_id" uuid,
        "key_id" uuid,
        "request_id" text,
        "changed_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_claim_history" PRIMARY KEY ("id")
      )`);
    await db.query(
      `CREATE INDEX "idx_claim_history_claim" ON "claim_history" ("claim_id", "changed_at", "id")`,
    );

    await db.query(`
      CREATE TABLE "audit_log" (
        "id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
        "at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        "key_id" uuid,
        "request_id" text,
        "action" text NOT NULL,
        "entity_type" text NOT NULL,
        "entity_id" uuid NOT NULL,
        "before" jsonb,
        "after" jsonb,
        CONSTRAINT "pk_audit_log" PRIMARY KEY ("id")
      )`);
    await db.query(
      `CREATE INDEX "idx_audit_log_entity" ON "audit_log" ("entity_type", "entity_id", "id")`,
    );
    await db.query(`CREATE INDEX "idx_audit_log_key" ON "audit_log" ("key_id", "id")`);
    await db.query(`CREATE INDEX "idx_audit_log_at" ON "audit_log" ("at", "id")`);
    // Append-only, enforced by the database itself.
    await db.query(`
      CREATE FUNCTION "audit_log_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await db.query(
      `CREATE TRIGGER "trg_audit_log_append_only" BEFORE UPDATE OR DELETE ON "audit_log" FOR EACH ROW EXECUTE FUNCTION "audit_log_append_only"()`,
    );
    await db.query(
      `CREATE TRIGGER "trg_audit_log_no_truncate" BEFORE TRUNCATE ON "audit_log" FOR EACH STATEMENT EXECUTE FUNCTION "audit_log_append_only"()`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "audit_log"`);
    await db.query(`DROP FUNCTION "audit_log_append_only"()`);
    await db.query(`DROP TABLE "claim_history"`);
    await db.query(`DROP TABLE "claim_reviews"`);
    await db.query(`DROP INDEX "idx_claim_review_queue"`);
    await db.query(`
      ALTER TABLE "claims"
        DROP COLUMN "review_priority", DROP COLUMN "review_divergent",
        DROP COLUMN "merged_at", DROP COLUMN "merged_into_id", DROP COLUMN "reviewed_by_key_id",
        DROP COLUMN "reviewed_at", DROP COLUMN "review_verdict", DROP COLUMN "review_state"`);
  }
}
