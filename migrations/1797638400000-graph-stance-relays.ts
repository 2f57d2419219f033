import type { MigrationInterface, QueryRunner } from 'typeorm';
import { GraphStancePages1796601600000 } from './1796601600000-graph-stance-pages.js';

/** The newest-first order of a node's stances: idx_stance_claim_history / idx_stance_source_history, backwards. */
const NEWEST = 's.stated_at DESC, s.recorded_at DESC, s.seq DESC';

/** Each node's page of stances on `column`, after its cursor stance `a`, with the relay of each. */
const pages = (column: string) => `
      RETURN QUERY
      SELECT f.ord::integer, p.n::integer, p.id, p.claim_id, p.source_id, p.kind, p.stated_at, p.via_source_id
        FROM unnest(node_ids, afters) WITH ORDINALITY AS f(node, after, ord)
        LEFT JOIN stances a ON a.id = f.after
       CROSS JOIN LATERAL (
         SELECT s.id, s.claim_id, s.source_id, s.kind, s.stated_at, s.via_source_id,
                row_number() OVER (ORDER BY ${NEWEST}) AS n
           FROM stances s
          WHERE s.${column} = f.node
            AND (s.stated_at, s.recorded_at, s.seq)
                < (coalesce(a.stated_at, 'infinity'), coalesce(a.recorded_at, 'infinity'), coalesce(a.seq, 9223372036854775807))
          ORDER BY ${NEWEST}
          LIMIT page_size
       ) p;`;

/**
 * The graph's pages of stances also say which source relayed each stance. The graph used to look
 * the relays up afterwards, by stance id: a second visit to every stance row it had just read,
 * scattered over the whole table (at a million stances, about a quarter of a depth-2 graph's time).
 * Same function otherwise (see the graph-stance-pages migration); the columns it returns change,
 * so it is dropped and created again.
 */
export class GraphStanceRelays1797638400000 implements MigrationInterface {
  name = 'GraphStanceRelays1797638400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION claimgraph_stance_pages(boolean, uuid[], uuid[], integer)`);
    await db.query(`
      CREATE FUNCTION claimgraph_stance_pages(by_claim boolean, node_ids uuid[], afters uuid[], page_size integer)
        RETURNS TABLE (ord integer, n integer, id uuid, claim_id uuid, source_id uuid, kind text,
                       stated_at timestamptz, via_source_id uuid)
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
    await new GraphStancePages1796601600000().up(db);
  }
}
