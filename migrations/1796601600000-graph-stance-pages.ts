import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The newest-first order of a node's stances: idx_stance_claim_history / idx_stance_source_history, backwards. */
const NEWEST = 's.stated_at DESC, s.recorded_at DESC, s.seq DESC';

/** Each node's page of stances on `column`, after its cursor stance `a`. */
const pages = (column: string) => `
      RETURN QUERY
      SELECT f.ord::integer, p.n::integer, p.id, p.claim_id, p.source_id, p.kind, p.stated_at
        FROM unnest(node_ids, afters) WITH ORDINALITY AS f(node, after, ord)
        LEFT JOIN stances a ON a.id = f.after
       CROSS JOIN LATERAL (
         SELECT s.id, s.claim_id, s.source_id, s.kind, s.stated_at, row_number() OVER (ORDER BY ${NEWEST}) AS n
           FROM stances s
          WHERE s.${column} = f.node
            AND (s.stated_at, s.recorded_at, s.seq)
                < (coalesce(a.stated_at, 'infinity'), coalesce(a.recorded_at, 'infinity'), coalesce(a.seq, 9223372036854775807))
          ORDER BY ${NEWEST}
          LIMIT page_size
       ) p;`;

/**
 * The graph's read of its frontier's stances: for each node (a claim, or a source), a page of its
 * stances newest first, resuming after a cursor stance, so a hub costs what the answer needs.
 *
 * The page must come from walking the node's history index backwards and stopping at the limit.
 * Expecting any node to have the average count of stances, the planner would rather fetch them all
 * and sort them (a bitmap scan): for a hub, every stance. A function's own settings are the way to
 * leave it only the walk, for this query alone and without a transaction around it.
 */
export class GraphStancePages1796601600000 implements MigrationInterface {
  name = 'GraphStancePages1796601600000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION claimgraph_stance_pages(by_claim boolean, node_ids uuid[], afters uuid[], page_size integer)
        RETURNS TABLE (ord integer, n integer, id uuid, claim_id uuid, source_id uuid, kind text, stated_at timestamptz)
        LANGUAGE plpgsql STABLE
        SET enable_bitmapscan = off
        SET enable_seqscan = off
        AS $$
      BEGIN
        IF by_claim THEN ${pages('claim_id')}
        ELSE ${pages('source_id')}
        END IF;
      END $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION claimgraph_stance_pages(boolean, uuid[], uuid[], integer)`);
  }
}
