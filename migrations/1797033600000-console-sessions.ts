import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-in sessions for the web console: a person exchanges an API key for a session held in an
 * HttpOnly cookie. Only the SHA-256 of the session's secret is stored, so a copy of the table signs
 * nobody in. A session ends when it is signed out (row deleted), when it has been idle too long
 * (`last_seen_at`), or when its key is revoked (the lookup joins the live key; deleting the key
 * deletes its sessions).
 */
export class ConsoleSessions1797033600000 implements MigrationInterface {
  name = 'ConsoleSessions1797033600000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE "sessions" (
        "id" uuid NOT NULL,
        "token_hash" text NOT NULL,
        "key_id" uuid NOT NULL,
        "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        "last_seen_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_session" PRIMARY KEY ("id"),
        CONSTRAINT "uq_session_token_hash" UNIQUE ("token_hash"),
        CONSTRAINT "fk_session_key" FOREIGN KEY ("key_id") REFERENCES "api_keys"("id") ON DELETE CASCADE
      )`);
    // A key's sessions (to cap them); idle sessions (to sweep them).
    await db.query(`CREATE INDEX "idx_session_key" ON "sessions" ("key_id", "last_seen_at")`);
    await db.query(`CREATE INDEX "idx_session_last_seen" ON "sessions" ("last_seen_at")`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "sessions"`);
  }
}
