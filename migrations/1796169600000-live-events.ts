import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The event log behind GET /v1/events: an append-only `events` table that triggers on `claims` and
 * `stances` fill in the writer's own transaction, so every write path (HTTP, merges, recompute,
 * imports, plain SQL) emits without knowing about it, and a rolled-back write emits nothing.
 *
 * - The triggers are per statement, over transition tables: a statement that writes a million rows
 *   costs one INSERT … SELECT, not a million trigger calls.
 * - A transaction that runs `SET LOCAL claimgraph.bulk = 'on'` emits no per-row events; it may
 *   call `claimgraph_emit_event(type, claim_id, payload)` once instead (e.g. `import.completed`).
 * - The triggers do not NOTIFY: PostgreSQL serialises the commits of notifying transactions (a
 *   global lock held through the commit's WAL flush), which would cap every write path at one
 *   commit per disk flush. The instance that served a write announces it after its commit instead
 *   (see src/events); `claimgraph_emit_event`, called once per bulk import, does notify.
 * - `txid` is the writer's transaction id. Identity ids are handed out before commit, so ids alone
 *   do not say which events are final; readers deliver only events whose transaction is older
 *   than every transaction still running, in (txid, id) order (see src/events/event-log.ts).
 */
export class LiveEvents1796169600000 implements MigrationInterface {
  name = 'LiveEvents1796169600000';

  async up(db: QueryRunner): Promise<void> {
    // No foreign key to claims: the log outlives a deleted claim, like claim_history.
    await db.query(`
      CREATE TABLE "events" (
        "id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
        "txid" xid8 NOT NULL DEFAULT pg_current_xact_id(),
        "type" text NOT NULL,
        "claim_id" uuid,
        "payload" jsonb NOT NULL DEFAULT '{}',
        "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_event" PRIMARY KEY ("id"),
        CONSTRAINT "ck_event_type" CHECK ("type" IN ('claim.created', 'stance.added', 'claim.status_changed', 'import.completed')),
        CONSTRAINT "ck_event_payload" CHECK (jsonb_typeof("payload") = 'object')
      )`);
    // Readers page through the log in delivery order.
    await db.query(`CREATE INDEX "idx_event_position" ON "events" ("txid", "id")`);

    // The one way to append an event by hand (a bulk import's summary). Called once per import, so
    // it can afford to NOTIFY listeners itself.
    await db.query(`
      CREATE FUNCTION claimgraph_emit_event(event_type text, event_claim_id uuid, event_payload jsonb)
      RETURNS bigint LANGUAGE plpgsql AS $$
      DECLARE
        new_id bigint;
      BEGIN
        INSERT INTO events (type, claim_id, payload)
        VALUES (event_type, event_claim_id, coalesce(event_payload, '{}'::jsonb))
        RETURNING id INTO new_id;
        PERFORM pg_notify('claimgraph_events', new_id::text);
        RETURN new_id;
      END $$`);

    await db.query(`
      CREATE FUNCTION claimgraph_events_claims_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF current_setting('claimgraph.bulk', true) = 'on' THEN
          RETURN NULL;
        END IF;
        INSERT INTO events (type, claim_id, payload)
        SELECT 'claim.created', c.id, jsonb_build_object(
          'statement', c.statement,
          'tags', to_jsonb(c.tags),
          'language', c.language,
          'status', c.status,
          'score', c.score)
        FROM new_claims c
        ORDER BY c.id;
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE TRIGGER "trg_event_claim_created" AFTER INSERT ON "claims"
      REFERENCING NEW TABLE AS new_claims
      FOR EACH STATEMENT EXECUTE FUNCTION claimgraph_events_claims_inserted()`);

    // PostgreSQL allows no column list (UPDATE OF status) on a trigger with transition tables, so
    // this runs for every UPDATE of claims and keeps only the rows whose status moved.
    await db.query(`
      CREATE FUNCTION claimgraph_events_claims_updated() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF current_setting('claimgraph.bulk', true) = 'on' THEN
          RETURN NULL;
        END IF;
        INSERT INTO events (type, claim_id, payload)
        SELECT 'claim.status_changed', n.id, jsonb_build_object(
          'from', o.status,
          'to', n.status,
          'fromScore', o.score,
          'score', n.score)
        FROM new_claims n
        JOIN old_claims o ON o.id = n.id
        WHERE n.status IS DISTINCT FROM o.status
        ORDER BY n.id;
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE TRIGGER "trg_event_claim_status_changed" AFTER UPDATE ON "claims"
      REFERENCING OLD TABLE AS old_claims NEW TABLE AS new_claims
      FOR EACH STATEMENT EXECUTE FUNCTION claimgraph_events_claims_updated()`);

    await db.query(`
      CREATE FUNCTION claimgraph_events_stances_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF current_setting('claimgraph.bulk', true) = 'on' THEN
          RETURN NULL;
        END IF;
        INSERT INTO events (type, claim_id, payload)
        SELECT 'stance.added', s.claim_id, jsonb_build_object(
          'stanceId', s.id,
          'sourceId', s.source_id,
          'kind', s.kind,
          'statedAt', to_char(s.stated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
          'viaSourceId', s.via_source_id)
        FROM new_stances s
        ORDER BY s.seq;
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE TRIGGER "trg_event_stance_added" AFTER INSERT ON "stances"
      REFERENCING NEW TABLE AS new_stances
      FOR EACH STATEMENT EXECUTE FUNCTION claimgraph_events_stances_inserted()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER "trg_event_stance_added" ON "stances"`);
    await db.query(`DROP TRIGGER "trg_event_claim_status_changed" ON "claims"`);
    await db.query(`DROP TRIGGER "trg_event_claim_created" ON "claims"`);
    await db.query(`DROP FUNCTION claimgraph_events_stances_inserted()`);
    await db.query(`DROP FUNCTION claimgraph_events_claims_updated()`);
    await db.query(`DROP FUNCTION claimgraph_events_claims_inserted()`);
    await db.query(`DROP FUNCTION claimgraph_emit_event(text, uuid, jsonb)`);
    await db.query(`DROP TABLE "events"`);
  }
}
