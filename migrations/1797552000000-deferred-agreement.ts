import type { MigrationInterface, QueryRunner } from 'typeorm';
import { pairDeltas, sidesBefore, sidesNow } from './1796256000000-dashboard-aggregates.js';

/**
 * The group sides' triggers work out, per statement, the agreement deltas of every pair of groups on
 * the claims it touched. An import recomputes tens of thousands of claims in a few hundred
 * statements, and those per-statement pair counts were a fifth of its time. With
 * `SET LOCAL claimgraph.agreement = 'deferred'` the triggers leave the pairs to one set-based pass
 * of the import's own, from the sides before and after (ImportRepository.foldDeferredAgreement).
 * They still insist that every side changed meanwhile is on a claim the import recomputes (listed in
 * its `bulk_touched_claims`), which that pass covers: a side changed anywhere else fails the import
 * rather than leave the agreement wrong.
 */
const deferred = (changed: string[]): string => `
  IF current_setting('claimgraph.agreement', true) = 'deferred' THEN
    IF EXISTS (${changed
      .map(
        (t) =>
          `SELECT 1 FROM ${t} x WHERE NOT EXISTS (SELECT 1 FROM bulk_touched_claims b WHERE b.id = x.claim_id)`,
      )
      .join(' UNION ALL ')}) THEN
      RAISE EXCEPTION 'group sides changed outside the claims whose agreement is deferred';
    END IF;
    RETURN NULL;
  END IF;`;

const functions = (guard: (changed: string[]) => string) => [
  `CREATE OR REPLACE FUNCTION "claimgraph_group_sides_inserted"() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     ${guard(['new_sides'])}
     ${pairDeltas(sidesNow('new_sides'), 1)};
     RETURN NULL;
   END $$`,
  `CREATE OR REPLACE FUNCTION "claimgraph_group_sides_updated"() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     ${guard(['old_sides', 'new_sides'])}
     ${pairDeltas(sidesBefore('old_sides', 'new_sides'), -1)};
     ${pairDeltas(sidesNow('new_sides'), 1)};
     RETURN NULL;
   END $$`,
  `CREATE OR REPLACE FUNCTION "claimgraph_group_sides_deleted"() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     ${guard(['old_sides'])}
     ${pairDeltas(sidesBefore('old_sides'), -1)};
     RETURN NULL;
   END $$`,
];

export class DeferredAgreement1797552000000 implements MigrationInterface {
  name = 'DeferredAgreement1797552000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of functions(deferred)) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of functions(() => '')) await q.query(sql);
  }
}
