import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Sources, claims, stances and claim links, with the corroboration fields stored on each claim. */
export class InitialSchema1795824000000 implements MigrationInterface {
  name = 'InitialSchema1795824000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE "sources" (
        "id" uuid NOT NULL,
        "name" text NOT NULL,
        "kind" text NOT NULL,
        "description" text,
        "aliases" text array NOT NULL DEFAULT '{}',
        "url" text,
        "affiliated_with_id" uuid,
        "reliability" text NOT NULL DEFAULT 'F',
        "independence_group_id" uuid NOT NULL,
        "version" integer NOT NULL DEFAULT 1,
        "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_source" PRIMARY KEY ("id"),
        CONSTRAINT "ck_source_kind" CHECK ("kind" IN ('person', 'organization', 'government', 'outlet', 'document', 'other')),
        CONSTRAINT "ck_source_reliability" CHECK ("reliability" IN ('A', 'B', 'C', 'D', 'E', 'F')),
        CONSTRAINT "ck_source_not_self_affiliated" CHECK ("affiliated_with_id" <> "id"),
        CONSTRAINT "fk_source_affiliated_with" FOREIGN KEY ("affiliated_with_id") REFERENCES "sources"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
      )`);
    await db.query(`CREATE INDEX "idx_source_affiliated_with" ON "sources" ("affiliated_with_id")`);
    await db.query(
      `CREATE INDEX "idx_source_independence_group" ON "sources" ("independence_group_id")`,
    );
    await db.query(`CREATE INDEX "idx_source_name" ON "sources" ("name", "id")`);

    await db.query(`
      CREATE TABLE "claims" (
        "id" uuid NOT NULL,
        "statement" text NOT NULL,
        "context" text,
        "tags" text array NOT NULL DEFAULT '{}',
        "occurred_at" TIMESTAMP(3) WITH TIME ZONE,
        "language" text NOT NULL DEFAULT 'en',
        "status" text NOT NULL DEFAULT 'unsourced',
        "score" double precision NOT NULL DEFAULT 0.5,
        "support_groups" integer NOT NULL DEFAULT 0,
        "support_sources" integer NOT NULL DEFAULT 0,
        "refute_groups" integer NOT NULL DEFAULT 0,
        "refute_sources" integer NOT NULL DEFAULT 0,
        "status_changed_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        "version" integer NOT NULL DEFAULT 1,
        "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_claim" PRIMARY KEY ("id"),
        CONSTRAINT "ck_claim_status" CHECK ("status" IN ('unsourced', 'disputed', 'denied', 'corroborated', 'retracted', 'unverified')),
        CONSTRAINT "ck_claim_score" CHECK ("score" > 0 AND "score" < 1)
      )`);
    await db.query(`CREATE INDEX "idx_claim_updated" ON "claims" ("updated_at", "id")`);
    await db.query(`CREATE INDEX "idx_claim_score" ON "claims" ("score", "id")`);
    await db.query(
      `CREATE INDEX "idx_claim_status_changed" ON "claims" ("status_changed_at", "id")`,
    );
    await db.query(`CREATE INDEX "idx_claim_status" ON "claims" ("status", "updated_at", "id")`);
    await db.query(`CREATE INDEX "idx_claim_tags" ON "claims" USING gin ("tags")`);
    await db.query(
      `CREATE INDEX "idx_claim_search" ON "claims" USING gin ((to_tsvector('simple'::regconfig, "statement" || ' ' || coalesce("context", ''))))`,
    );

    await db.query(`
      CREATE TABLE "stances" (
        "id" uuid NOT NULL,
        "claim_id" uuid NOT NULL,
        "source_id" uuid NOT NULL,
        "kind" text NOT NULL,
        "stated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
        "recorded_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        "quote" text,
        "evidence_url" text,
        "via_source_id" uuid,
        "note" text,
        "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        "seq" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
        CONSTRAINT "pk_stance" PRIMARY KEY ("id"),
        CONSTRAINT "ck_stance_kind" CHECK ("kind" IN ('asserts', 'confirms', 'denies', 'questions', 'reports', 'declines_to_confirm', 'retracts')),
        CONSTRAINT "fk_stance_claim" FOREIGN KEY ("claim_id") REFERENCES "claims"("id") ON DELETE CASCADE ON UPDATE NO ACTION,
        CONSTRAINT "fk_stance_source" FOREIGN KEY ("source_id") REFERENCES "sources"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT "fk_stance_via_source" FOREIGN KEY ("via_source_id") REFERENCES "sources"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
      )`);
    await db.query(
      `CREATE INDEX "idx_stance_claim_history" ON "stances" ("claim_id", "stated_at", "recorded_at", "seq")`,
    );
    await db.query(
      `CREATE INDEX "idx_stance_source_history" ON "stances" ("source_id", "stated_at", "recorded_at", "seq")`,
    );
    await db.query(`CREATE INDEX "idx_stance_via_source" ON "stances" ("via_source_id")`);

    await db.query(`
      CREATE TABLE "claim_links" (
        "id" uuid NOT NULL,
        "from_claim_id" uuid NOT NULL,
        "to_claim_id" uuid NOT NULL,
        "kind" text NOT NULL,
        "note" text,
        "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_claim_link" PRIMARY KEY ("id"),
        CONSTRAINT "uq_claim_link" UNIQUE ("from_claim_id", "to_claim_id", "kind"),
        CONSTRAINT "ck_claim_link_kind" CHECK ("kind" IN ('part_of', 'depends_on', 'contradicts', 'related')),
        CONSTRAINT "ck_claim_link_not_self" CHECK ("from_claim_id" <> "to_claim_id"),
        CONSTRAINT "fk_claim_link_from" FOREIGN KEY ("from_claim_id") REFERENCES "claims"("id") ON DELETE CASCADE ON UPDATE NO ACTION,
        CONSTRAINT "fk_claim_link_to" FOREIGN KEY ("to_claim_id") REFERENCES "claims"("id") ON DELETE CASCADE ON UPDATE NO ACTION
      )`);
    await db.query(`CREATE INDEX "idx_claim_link_to" ON "claim_links" ("to_claim_id")`);
    // 'contradicts' and 'related' read the same either way round: A→B and B→A are one link.
    await db.query(
      `CREATE UNIQUE INDEX "uq_claim_link_undirected" ON "claim_links" (LEAST("from_claim_id", "to_claim_id"), GREATEST("from_claim_id", "to_claim_id"), "kind") WHERE "kind" IN ('contradicts', 'related')`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "claim_links"`);
    await db.query(`DROP TABLE "stances"`);
    await db.query(`DROP TABLE "claims"`);
    await db.query(`DROP TABLE "sources"`);
  }
}
