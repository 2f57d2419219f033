import type { MigrationInterface, QueryRunner } from 'typeorm';

const BEFORE = `'claim.created', 'stance.added', 'claim.status_changed', 'import.completed'`;
const AFTER = `${BEFORE}, 'review.recorded', 'review.withdrawn', 'link.added', 'link.removed', 'claim.merged', 'claim.unmerged', 'source.changed'`;

/** The status-change payload, with the statement (a screen names the claim without a read). */
const STATUS_CHANGED = (withStatement: boolean) => `
  INSERT INTO events (type, claim_id, payload)
  SELECT 'claim.status_changed', n.id, jsonb_build_object(
    'from', o.status,
    'to', n.status,
    'fromScore', o.score,
    'score', n.score${withStatement ? `,\n    'statement', n.statement` : ''})
  FROM new_claims n
  JOIN old_claims o ON o.id = n.id
  WHERE n.status IS DISTINCT FROM o.status
  ORDER BY n.id;`;

/**
 * Events for every change a screen shows, written by the same kind of statement trigger as the
 * first ones (LiveEvents1796169600000), so every write path emits them and `claimgraph.bulk`
 * silences them: a verdict recorded or withdrawn (not the verdicts a deleted claim takes with it);
 * a link added or removed (one event for each of its two
 * claims, so a stream filtered to either claim sees it); a claim merged into another or unmerged;
 * a source's name, grade, affiliation or independence group changed. `claim.status_changed`
 * carries the claim's statement.
 */
export class MoreLiveEvents1797379200000 implements MigrationInterface {
  name = 'MoreLiveEvents1797379200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE events DROP CONSTRAINT ck_event_type`);
    await q.query(`ALTER TABLE events ADD CONSTRAINT ck_event_type CHECK (type IN (${AFTER}))`);

    await q.query(`
      CREATE OR REPLACE FUNCTION claimgraph_events_claims_updated() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF current_setting('claimgraph.bulk', true) = 'on' THEN
          RETURN NULL;
        END IF;
        ${STATUS_CHANGED(true)}
        INSERT INTO events (type, claim_id, payload)
        SELECT CASE WHEN n.merged_into_id IS NULL THEN 'claim.unmerged' ELSE 'claim.merged' END, n.id,
               CASE WHEN n.merged_into_id IS NULL
                    THEN jsonb_build_object('from', o.merged_into_id, 'statement', n.statement)
                    ELSE jsonb_build_object('into', n.merged_into_id, 'statement', n.statement) END
        FROM new_claims n
        JOIN old_claims o ON o.id = n.id
        WHERE n.merged_into_id IS DISTINCT FROM o.merged_into_id
        ORDER BY n.id;
        RETURN NULL;
      END $$`);

    await q.query(`
      CREATE FUNCTION claimgraph_events_reviews_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF current_setting('claimgraph.bulk', true) = 'on' THEN
          RETURN NULL;
        END IF;
        INSERT INTO events (type, claim_id, payload)
        SELECT 'review.recorded', r.claim_id, jsonb_build_object(
          'reviewId', r.id,
          'verdict', r.verdict,
          'statusAtReview', r.status_at_review,
          'reviewerKeyId', r.reviewer_key_id)
        FROM new_reviews r
        ORDER BY r.created_at, r.id;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER trg_event_review_recorded AFTER INSERT ON claim_reviews
      REFERENCING NEW TABLE AS new_reviews
      FOR EACH STATEMENT EXECUTE FUNCTION claimgraph_events_reviews_inserted()`);

    await q.query(`
      CREATE FUNCTION claimgraph_events_reviews_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF current_setting('claimgraph.bulk', true) = 'on' THEN
          RETURN NULL;
        END IF;
        INSERT INTO events (type, claim_id, payload)
        SELECT 'review.withdrawn', r.claim_id, jsonb_build_object(
          'reviewId', r.id,
          'verdict', r.verdict)
        FROM old_reviews r
        JOIN claims c ON c.id = r.claim_id
        ORDER BY r.created_at, r.id;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER trg_event_review_withdrawn AFTER DELETE ON claim_reviews
      REFERENCING OLD TABLE AS old_reviews
      FOR EACH STATEMENT EXECUTE FUNCTION claimgraph_events_reviews_deleted()`);

    for (const [op, type, table] of [
      ['inserted', 'link.added', 'new_links'],
      ['deleted', 'link.removed', 'old_links'],
    ] as const) {
      await q.query(`
        CREATE FUNCTION claimgraph_events_links_${op}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF current_setting('claimgraph.bulk', true) = 'on' THEN
            RETURN NULL;
          END IF;
          INSERT INTO events (type, claim_id, payload)
          SELECT '${type}', ends.claim_id, jsonb_build_object(
            'linkId', l.id,
            'fromClaimId', l.from_claim_id,
            'toClaimId', l.to_claim_id,
            'kind', l.kind)
          FROM ${table} l
          CROSS JOIN LATERAL (VALUES (1, l.from_claim_id), (2, l.to_claim_id)) AS ends(n, claim_id)
          ORDER BY l.id, ends.n;
          RETURN NULL;
        END $$`);
      await q.query(`
        CREATE TRIGGER trg_event_link_${op} AFTER ${op === 'inserted' ? 'INSERT' : 'DELETE'} ON claim_links
        REFERENCING ${op === 'inserted' ? 'NEW' : 'OLD'} TABLE AS ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION claimgraph_events_links_${op}()`);
    }

    await q.query(`
      CREATE FUNCTION claimgraph_events_sources_updated() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF current_setting('claimgraph.bulk', true) = 'on' THEN
          RETURN NULL;
        END IF;
        INSERT INTO events (type, claim_id, payload)
        SELECT 'source.changed', NULL, jsonb_build_object(
          'sourceId', n.id,
          'name', n.name,
          'reliability', n.reliability,
          'affiliatedWithId', n.affiliated_with_id,
          'groupId', n.independence_group_id,
          'mergedIntoId', n.merged_into_id,
          'changed', to_jsonb(array_remove(ARRAY[
            CASE WHEN n.name IS DISTINCT FROM o.name THEN 'name' END,
            CASE WHEN n.reliability IS DISTINCT FROM o.reliability THEN 'reliability' END,
            CASE WHEN n.affiliated_with_id IS DISTINCT FROM o.affiliated_with_id THEN 'affiliatedWithId' END,
            CASE WHEN n.independence_group_id IS DISTINCT FROM o.independence_group_id THEN 'groupId' END,
            CASE WHEN n.merged_into_id IS DISTINCT FROM o.merged_into_id THEN 'mergedIntoId' END
          ], NULL)))
        FROM new_sources n
        JOIN old_sources o ON o.id = n.id
        WHERE (n.name, n.reliability, n.affiliated_with_id, n.independence_group_id, n.merged_into_id)
              IS DISTINCT FROM (o.name, o.reliability, o.affiliated_with_id, o.independence_group_id, o.merged_into_id)
        ORDER BY n.id;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER trg_event_source_changed AFTER UPDATE ON sources
      REFERENCING OLD TABLE AS old_sources NEW TABLE AS new_sources
      FOR EACH STATEMENT EXECUTE FUNCTION claimgraph_events_sources_updated()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER trg_event_source_changed ON sources`);
    await q.query(`DROP FUNCTION claimgraph_events_sources_updated()`);
    for (const op of ['inserted', 'deleted']) {
      await q.query(`DROP TRIGGER trg_event_link_${op} ON claim_links`);
      await q.query(`DROP FUNCTION claimgraph_events_links_${op}()`);
    }
    await q.query(`DROP TRIGGER trg_event_review_withdrawn ON claim_reviews`);
    await q.query(`DROP FUNCTION claimgraph_events_reviews_deleted()`);
    await q.query(`DROP TRIGGER trg_event_review_recorded ON claim_reviews`);
    await q.query(`DROP FUNCTION claimgraph_events_reviews_inserted()`);
    await q.query(`
      CREATE OR REPLACE FUNCTION claimgraph_events_claims_updated() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF current_setting('claimgraph.bulk', true) = 'on' THEN
          RETURN NULL;
        END IF;
        ${STATUS_CHANGED(false)}
        RETURN NULL;
      END $$`);
    await q.query(`DELETE FROM events WHERE type NOT IN (${BEFORE})`);
    await q.query(`ALTER TABLE events DROP CONSTRAINT ck_event_type`);
    await q.query(`ALTER TABLE events ADD CONSTRAINT ck_event_type CHECK (type IN (${BEFORE}))`);
  }
}
