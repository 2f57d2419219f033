import type { MigrationInterface, QueryRunner } from 'typeorm';

const STATUSES = ['unsourced', 'disputed', 'denied', 'corroborated', 'retracted', 'unverified'];
const TAKES_A_SIDE = `('supports', 'refutes')`;

/**
 * The agreement deltas of the pairs of groups on the claims a statement touched. `rows` is a set of
 * group sides (claim_id, group_id, side) as the table stood before or after the statement, with
 * `touched` true for the rows the statement removed or added; every pair with at least one touched
 * member changed, each counted once (group_a < group_b), with `sign` +1 (added) or -1 (removed).
 */
export const pairDeltas = (rows: string, sign: 1 | -1): string => `
  WITH sides AS (${rows})
  INSERT INTO "group_agreement_deltas" ("group_a", "group_b", "agree", "disagree", "shared")
  SELECT a.group_id, b.group_id,
         ${sign} * count(*) FILTER (WHERE a.side = b.side AND a.side IN ${TAKES_A_SIDE}),
         ${sign} * count(*) FILTER (WHERE a.side <> b.side AND a.side IN ${TAKES_A_SIDE} AND b.side IN ${TAKES_A_SIDE}),
         ${sign} * count(*)
    FROM sides a
    JOIN sides b ON b.claim_id = a.claim_id AND b.group_id > a.group_id
   WHERE a.touched OR b.touched
   GROUP BY a.group_id, b.group_id
   ORDER BY a.group_id, b.group_id`;

/** The sides now stored on the claims in `changed` (a transition table), marking those in `changed`. */
export const sidesNow = (changed: string): string => `
  SELECT s.claim_id, s.group_id, s.side,
         EXISTS (SELECT 1 FROM ${changed} x WHERE x.claim_id = s.claim_id AND x.group_id = s.group_id) AS touched
    FROM "claim_group_sides" s
   WHERE s.claim_id IN (SELECT claim_id FROM ${changed})`;

/**
 * The sides as they stood before the statement: today's rows minus those it added (`added`, when
 * it added any), plus those it removed (`removed`), which are the touched ones.
 */
export const sidesBefore = (removed: string, added?: string): string => `
  SELECT s.claim_id, s.group_id, s.side, false AS touched
    FROM "claim_group_sides" s
   WHERE s.claim_id IN (SELECT claim_id FROM ${removed})
     ${added ? `AND NOT EXISTS (SELECT 1 FROM ${added} x WHERE x.claim_id = s.claim_id AND x.group_id = s.group_id)` : ''}
  UNION ALL
  SELECT r.claim_id, r.group_id, r.side, true FROM ${removed} r`;

/**
 * The aggregates behind `GET /v1/stats`, kept by statement-level triggers with transition tables, so
 * every writer keeps them right (HTTP, merges, recomputes, bulk loads, COPY) at the cost of one
 * statement per write statement, however many rows it touched.
 *
 * Writers never update an aggregate row: they append net deltas (`*_deltas`), which no two writers
 * ever contend for and which cannot deadlock. The application folds the deltas into the aggregates
 * (one folder at a time, under an advisory lock) before it reads them and every few seconds.
 *
 * - claims by status and by tag (live claims: those not merged into another);
 * - status changes per UTC day, from the claims' history (creations and score-only changes do not count);
 * - each live claim's side per independence group (kept by the corroboration service with the claim's
 *   status), and from it, per pair of groups, on how many claims both took a position and how often
 *   they agreed or disagreed.
 */
export class DashboardAggregates1796256000000 implements MigrationInterface {
  name = 'DashboardAggregates1796256000000';

  async up(db: QueryRunner): Promise<void> {
    // Nobody writes while the aggregates are seeded and their triggers installed, so none is missed.
    await db.query(`LOCK TABLE "claims", "claim_history" IN SHARE ROW EXCLUSIVE MODE`);
    await db.query(`LOCK TABLE "stances", "sources" IN SHARE MODE`);

    // ---------------------------------------------------------------- claims by status and by tag
    await db.query(`
      CREATE TABLE "claim_status_counts" (
        "status" text NOT NULL,
        "claims" bigint NOT NULL DEFAULT 0,
        CONSTRAINT "pk_claim_status_counts" PRIMARY KEY ("status")
      )`);
    await db.query(`
      CREATE TABLE "claim_tag_counts" (
        "tag" text NOT NULL,
        "claims" bigint NOT NULL DEFAULT 0,
        ${STATUSES.map((s) => `"${s}" bigint NOT NULL DEFAULT 0`).join(',\n        ')},
        CONSTRAINT "pk_claim_tag_counts" PRIMARY KEY ("tag")
      )`);
    await db.query(
      `CREATE INDEX "idx_claim_tag_counts_claims" ON "claim_tag_counts" ("claims" DESC, "tag")`,
    );
    // tag NULL: the count of all claims; otherwise the count of claims with that tag.
    await db.query(`
      CREATE TABLE "claim_count_deltas" (
        "id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
        "tag" text,
        "status" text NOT NULL,
        "delta" integer NOT NULL,
        CONSTRAINT "pk_claim_count_deltas" PRIMARY KEY ("id")
      )`);
    await db.query(
      `INSERT INTO "claim_status_counts" ("status", "claims")
       SELECT s.status, (SELECT count(*) FROM "claims" c WHERE c.status = s.status AND c.merged_into_id IS NULL)
         FROM unnest($1::text[]) AS s(status)`,
      [STATUSES],
    );
    await db.query(`
      INSERT INTO "claim_tag_counts" ("tag", "claims", ${STATUSES.map((s) => `"${s}"`).join(', ')})
      SELECT t.tag, count(*), ${STATUSES.map((s) => `count(*) FILTER (WHERE c.status = '${s}')`).join(', ')}
        FROM "claims" c CROSS JOIN LATERAL unnest(c.tags) AS t(tag)
       WHERE c.merged_into_id IS NULL
       GROUP BY t.tag`);

    // ------------------------------------------------------------------- status changes per day
    await db.query(`
      CREATE TABLE "status_changes_daily" (
        "day" date NOT NULL,
        "to_status" text NOT NULL,
        "changes" bigint NOT NULL DEFAULT 0,
        CONSTRAINT "pk_status_changes_daily" PRIMARY KEY ("day", "to_status")
      )`);
    await db.query(`
      CREATE TABLE "status_change_deltas" (
        "id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
        "day" date NOT NULL,
        "to_status" text NOT NULL,
        "changes" integer NOT NULL,
        CONSTRAINT "pk_status_change_deltas" PRIMARY KEY ("id")
      )`);
    await db.query(`
      INSERT INTO "status_changes_daily" ("day", "to_status", "changes")
      SELECT (changed_at AT TIME ZONE 'UTC')::date, to_status, count(*)
        FROM "claim_history" WHERE from_status <> to_status
       GROUP BY 1, 2`);

    // ------------------------------------------------------------------------ agreement matrix
    await db.query(`
      CREATE TABLE "claim_group_sides" (
        "claim_id" uuid NOT NULL,
        "group_id" uuid NOT NULL,
        "side" text NOT NULL,
        CONSTRAINT "pk_claim_group_sides" PRIMARY KEY ("claim_id", "group_id"),
        CONSTRAINT "ck_claim_group_side" CHECK ("side" IN ('supports', 'refutes', 'doubts', 'split')),
        CONSTRAINT "fk_claim_group_side_claim" FOREIGN KEY ("claim_id") REFERENCES "claims"("id") ON DELETE CASCADE ON UPDATE NO ACTION
      )`);
    await db.query(`
      CREATE TABLE "group_agreement" (
        "group_a" uuid NOT NULL,
        "group_b" uuid NOT NULL,
        "agree" integer NOT NULL DEFAULT 0,
        "disagree" integer NOT NULL DEFAULT 0,
        "shared" integer NOT NULL DEFAULT 0,
        CONSTRAINT "pk_group_agreement" PRIMARY KEY ("group_a", "group_b"),
        CONSTRAINT "ck_group_agreement_ordered" CHECK ("group_a" < "group_b")
      )`);
    await db.query(
      `CREATE INDEX "idx_group_agreement_shared" ON "group_agreement" ("shared" DESC, "group_a", "group_b")`,
    );
    await db.query(
      `CREATE INDEX "idx_group_agreement_a" ON "group_agreement" ("group_a", "shared" DESC, "group_b")`,
    );
    await db.query(
      `CREATE INDEX "idx_group_agreement_b" ON "group_agreement" ("group_b", "shared" DESC, "group_a")`,
    );
    await db.query(`
      CREATE TABLE "group_agreement_deltas" (
        "id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
        "group_a" uuid NOT NULL,
        "group_b" uuid NOT NULL,
        "agree" integer NOT NULL,
        "disagree" integer NOT NULL,
        "shared" integer NOT NULL,
        CONSTRAINT "pk_group_agreement_deltas" PRIMARY KEY ("id")
      )`);
    // Seeds the sides the way status.rules.ts decides them: each source's effective stance (latest
    // statedAt, then recordedAt, then entry order); a group supports, refutes or doubts when a member
    // does, and is split when members stand on both sides. From here on the service keeps them.
    await db.query(`
      WITH effective AS (
        SELECT DISTINCT ON (st.claim_id, st.source_id) st.claim_id, src.independence_group_id AS group_id, st.kind
          FROM "stances" st
          JOIN "sources" src ON src.id = st.source_id
          JOIN "claims" c ON c.id = st.claim_id AND c.merged_into_id IS NULL
         ORDER BY st.claim_id, st.source_id, st.stated_at DESC, st.recorded_at DESC, st.seq DESC
      ), per_group AS (
        SELECT claim_id, group_id,
               bool_or(kind IN ('asserts', 'confirms')) AS s, bool_or(kind = 'denies') AS r, bool_or(kind = 'questions') AS d
          FROM effective GROUP BY claim_id, group_id
      )
      INSERT INTO "claim_group_sides" ("claim_id", "group_id", "side")
      SELECT claim_id, group_id,
             CASE WHEN s AND r THEN 'split' WHEN s THEN 'supports' WHEN r THEN 'refutes' ELSE 'doubts' END
        FROM per_group WHERE s OR r OR d`);
    await db.query(`
      INSERT INTO "group_agreement" ("group_a", "group_b", "agree", "disagree", "shared")
      SELECT a.group_id, b.group_id,
             count(*) FILTER (WHERE a.side = b.side AND a.side IN ${TAKES_A_SIDE}),
             count(*) FILTER (WHERE a.side <> b.side AND a.side IN ${TAKES_A_SIDE} AND b.side IN ${TAKES_A_SIDE}),
             count(*)
        FROM "claim_group_sides" a JOIN "claim_group_sides" b ON b.claim_id = a.claim_id AND b.group_id > a.group_id
       GROUP BY a.group_id, b.group_id`);

    // ------------------------------------------------------------------------------- triggers
    // Claims: +1 for each live row a statement wrote, -1 for each live row it replaced or removed.
    // A claim merged away stops counting, and its group sides go (its stances moved to the survivor).
    const claimDeltas = (parts: string[]): string => `
      WITH changes AS (${parts.join(' UNION ALL ')}),
      keyed AS (
        SELECT NULL::text AS tag, status, d FROM changes
        UNION ALL
        SELECT t.tag, c.status, c.d FROM changes c CROSS JOIN LATERAL unnest(c.tags) AS t(tag)
      )
      INSERT INTO "claim_count_deltas" ("tag", "status", "delta")
      SELECT tag, status, sum(d) FROM keyed GROUP BY tag, status HAVING sum(d) <> 0`;
    const added = `SELECT status, tags, 1 AS d FROM new_claims WHERE merged_into_id IS NULL`;
    const removed = `SELECT status, tags, -1 AS d FROM old_claims WHERE merged_into_id IS NULL`;
    await db.query(`
      CREATE FUNCTION "claimgraph_claims_inserted"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        ${claimDeltas([added])};
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE FUNCTION "claimgraph_claims_updated"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        ${claimDeltas([added, removed])};
        DELETE FROM "claim_group_sides" s
         USING new_claims n JOIN old_claims o ON o.id = n.id
         WHERE s.claim_id = n.id AND o.merged_into_id IS NULL AND n.merged_into_id IS NOT NULL;
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE FUNCTION "claimgraph_claims_deleted"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        ${claimDeltas([removed])};
        RETURN NULL;
      END $$`);
    await db.query(
      `CREATE TRIGGER "trg_claims_stats_insert" AFTER INSERT ON "claims" REFERENCING NEW TABLE AS new_claims
         FOR EACH STATEMENT EXECUTE FUNCTION "claimgraph_claims_inserted"()`,
    );
    await db.query(
      `CREATE TRIGGER "trg_claims_stats_update" AFTER UPDATE ON "claims" REFERENCING OLD TABLE AS old_claims NEW TABLE AS new_claims
         FOR EACH STATEMENT EXECUTE FUNCTION "claimgraph_claims_updated"()`,
    );
    await db.query(
      `CREATE TRIGGER "trg_claims_stats_delete" AFTER DELETE ON "claims" REFERENCING OLD TABLE AS old_claims
         FOR EACH STATEMENT EXECUTE FUNCTION "claimgraph_claims_deleted"()`,
    );

    // History: every row whose status differs from the one before is a status change on its UTC day.
    await db.query(`
      CREATE FUNCTION "claimgraph_history_appended"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO "status_change_deltas" ("day", "to_status", "changes")
        SELECT (changed_at AT TIME ZONE 'UTC')::date, to_status, count(*)
          FROM new_history WHERE from_status <> to_status
         GROUP BY 1, 2;
        RETURN NULL;
      END $$`);
    await db.query(
      `CREATE TRIGGER "trg_claim_history_stats" AFTER INSERT ON "claim_history" REFERENCING NEW TABLE AS new_history
         FOR EACH STATEMENT EXECUTE FUNCTION "claimgraph_history_appended"()`,
    );

    // Group sides: the pairs that changed, from the rows before and after each statement.
    await db.query(`
      CREATE FUNCTION "claimgraph_group_sides_inserted"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        ${pairDeltas(sidesNow('new_sides'), 1)};
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE FUNCTION "claimgraph_group_sides_updated"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        ${pairDeltas(sidesBefore('old_sides', 'new_sides'), -1)};
        ${pairDeltas(sidesNow('new_sides'), 1)};
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE FUNCTION "claimgraph_group_sides_deleted"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        ${pairDeltas(sidesBefore('old_sides'), -1)};
        RETURN NULL;
      END $$`);
    await db.query(
      `CREATE TRIGGER "trg_claim_group_sides_insert" AFTER INSERT ON "claim_group_sides" REFERENCING NEW TABLE AS new_sides
         FOR EACH STATEMENT EXECUTE FUNCTION "claimgraph_group_sides_inserted"()`,
    );
    await db.query(
      `CREATE TRIGGER "trg_claim_group_sides_update" AFTER UPDATE ON "claim_group_sides" REFERENCING OLD TABLE AS old_sides NEW TABLE AS new_sides
         FOR EACH STATEMENT EXECUTE FUNCTION "claimgraph_group_sides_updated"()`,
    );
    await db.query(
      `CREATE TRIGGER "trg_claim_group_sides_delete" AFTER DELETE ON "claim_group_sides" REFERENCING OLD TABLE AS old_sides
         FOR EACH STATEMENT EXECUTE FUNCTION "claimgraph_group_sides_deleted"()`,
    );

    // ------------------------------------------------------------- the most disputed claims
    await db.query(`
      CREATE INDEX "idx_claim_most_disputed" ON "claims"
        ((LEAST("support_groups", "refute_groups")) DESC, (("support_groups" + "refute_groups")) DESC, "status_changed_at" DESC, "id" DESC)
        WHERE "status" = 'disputed' AND "merged_into_id" IS NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX "idx_claim_most_disputed"`);
    await db.query(`DROP TRIGGER "trg_claim_group_sides_delete" ON "claim_group_sides"`);
    await db.query(`DROP TRIGGER "trg_claim_group_sides_update" ON "claim_group_sides"`);
    await db.query(`DROP TRIGGER "trg_claim_group_sides_insert" ON "claim_group_sides"`);
    await db.query(`DROP TRIGGER "trg_claim_history_stats" ON "claim_history"`);
    await db.query(`DROP TRIGGER "trg_claims_stats_delete" ON "claims"`);
    await db.query(`DROP TRIGGER "trg_claims_stats_update" ON "claims"`);
    await db.query(`DROP TRIGGER "trg_claims_stats_insert" ON "claims"`);
    await db.query(`DROP FUNCTION "claimgraph_group_sides_deleted"()`);
    await db.query(`DROP FUNCTION "claimgraph_group_sides_updated"()`);
    await db.query(`DROP FUNCTION "claimgraph_group_sides_inserted"()`);
    await db.query(`DROP FUNCTION "claimgraph_history_appended"()`);
    await db.query(`DROP FUNCTION "claimgraph_claims_deleted"()`);
    await db.query(`DROP FUNCTION "claimgraph_claims_updated"()`);
    await db.query(`DROP FUNCTION "claimgraph_claims_inserted"()`);
    await db.query(`DROP TABLE "group_agreement_deltas"`);
    await db.query(`DROP TABLE "group_agreement"`);
    await db.query(`DROP TABLE "claim_group_sides"`);
    await db.query(`DROP TABLE "status_change_deltas"`);
    await db.query(`DROP TABLE "status_changes_daily"`);
    await db.query(`DROP TABLE "claim_count_deltas"`);
    await db.query(`DROP TABLE "claim_tag_counts"`);
    await db.query(`DROP TABLE "claim_status_counts"`);
  }
}
