import type { MigrationInterface, QueryRunner } from 'typeorm';

/** API keys with roles, idempotent POST replays, and which key created and last changed each record. */
export class ApiKeysAndAuthorship1795910400000 implements MigrationInterface {
  name = 'ApiKeysAndAuthorship1795910400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE "api_keys" (
        "id" uuid NOT NULL,
        "name" text NOT NULL,
        "role" text NOT NULL,
        "prefix" text NOT NULL,
        "secret_hash" text NOT NULL,
        "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        "created_by_key_id" uuid,
        "revoked_at" TIMESTAMP(3) WITH TIME ZONE,
        "revoked_by_key_id" uuid,
        CONSTRAINT "pk_api_key" PRIMARY KEY ("id"),
        CONSTRAINT "uq_api_key_secret_hash" UNIQUE ("secret_hash"),
        CONSTRAINT "ck_api_key_role" CHECK ("role" IN ('viewer', 'analyst', 'editor', 'admin')),
        CONSTRAINT "fk_api_key_created_by" FOREIGN KEY ("created_by_key_id") REFERENCES "api_keys"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT "fk_api_key_revoked_by" FOREIGN KEY ("revoked_by_key_id") REFERENCES "api_keys"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
      )`);

    await db.query(`
      CREATE TABLE "idempotency_records" (
        "id" uuid NOT NULL,
        "actor" text NOT NULL,
        "idempotency_key" text NOT NULL,
        "request_hash" text NOT NULL,
        "status" integer,
        "location" text,
        "body" text,
        "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_idempotency_record" PRIMARY KEY ("id"),
        CONSTRAINT "uq_idempotency_record_key" UNIQUE ("actor", "idempotency_key")
      )`);
    await db.query(
      `CREATE INDEX "idx_idempotency_record_created" ON "idempotency_records" ("created_at")`,
    );

    for (const [table, prefix] of [
      ['sources', 'source'],
      ['claims', 'claim'],
      ['stances', 'stance'],
      ['claim_links', 'claim_link'],
    ] as const) {
      await db.query(
        `ALTER TABLE "${table}" ADD "created_by_key_id" uuid, ADD "updated_by_key_id" uuid`,
      );
      await db.query(
        `ALTER TABLE "${table}" ADD CONSTRAINT "fk_${prefix}_created_by" FOREIGN KEY ("created_by_key_id") REFERENCES "api_keys"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
      );
      await db.query(
        `ALTER TABLE "${table}" ADD CONSTRAINT "fk_${prefix}_updated_by" FOREIGN KEY ("updated_by_key_id") REFERENCES "api_keys"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
      );
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['claim_links', 'stances', 'claims', 'sources']) {
      await db.query(
        `ALTER TABLE "${table}" DROP COLUMN "updated_by_key_id", DROP COLUMN "created_by_key_id"`,
      );
    }
    await db.query(`DROP TABLE "idempotency_records"`);
    await db.query(`DROP TABLE "api_keys"`);
  }
}
