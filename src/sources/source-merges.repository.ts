import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { queryRows } from '../common/sql.js';

/** The statements of merging one source into another, and of undoing it. Each is one set-based write. */
@Injectable()
export class SourceMergesRepository {
  /** Moves stances from one source to another (`column`: the speaker or the relay); returns their ids. */
  async moveStances(
    db: EntityManager,
    column: 'source_id' | 'via_source_id',
    from: string,
    into: string,
  ): Promise<string[]> {
    const rows = await queryRows<{ id: string }>(
      db,
      `UPDATE stances SET ${column} = $2 WHERE ${column} = $1 RETURNING id`,
      [from, into],
    );
    return rows.map((r) => r.id);
  }

  /** Puts these stances back on `to` (those still on `from`). */
  async returnStances(
    db: EntityManager,
    column: 'source_id' | 'via_source_id',
    ids: string[],
    from: string,
    to: string,
  ): Promise<void> {
    if (ids.length === 0) return;
    await db.query(
      `UPDATE stances SET ${column} = $3 WHERE id = ANY($1::uuid[]) AND ${column} = $2`,
      [ids, from, to],
    );
  }

  /** Sources affiliated with `from` become affiliated with `into`; returns their ids. */
  async moveAffiliates(db: EntityManager, from: string, into: string): Promise<string[]> {
    const rows = await queryRows<{ id: string }>(
      db,
      `UPDATE sources SET affiliated_with_id = $2, version = version + 1, updated_at = now()
        WHERE affiliated_with_id = $1 RETURNING id`,
      [from, into],
    );
    return rows.map((r) => r.id);
  }

  /** Puts these affiliates back under `to` (those still under `from`); returns those moved. */
  async returnAffiliates(
    db: EntityManager,
    ids: string[],
    from: string,
    to: string,
  ): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await queryRows<{ id: string }>(
      db,
      `UPDATE sources SET affiliated_with_id = $3, version = version + 1, updated_at = now()
        WHERE id = ANY($1::uuid[]) AND affiliated_with_id = $2 RETURNING id`,
      [ids, from, to],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Sets every source beneath these roots (and the roots) to the independence group their chain now
   * ends in: the group of each root's parent, or the root itself when it has none.
   */
  async regroupSubtrees(db: EntityManager, roots: string[]): Promise<string[]> {
    if (roots.length === 0) return [];
    const rows = await queryRows<{ id: string }>(
      db,
      `WITH RECURSIVE tree(id, group_id) AS (
         SELECT r.id, coalesce(p.independence_group_id, r.id)
           FROM sources r LEFT JOIN sources p ON p.id = r.affiliated_with_id
          WHERE r.id = ANY($1::uuid[])
         UNION ALL
         SELECT s.id, t.group_id FROM sources s JOIN tree t ON s.affiliated_with_id = t.id
       )
       UPDATE sources s SET independence_group_id = t.group_id, updated_at = now()
         FROM tree t
        WHERE s.id = t.id AND s.independence_group_id <> t.group_id
       RETURNING s.id`,
      [roots],
    );
    return rows.map((r) => r.id);
  }

  /** Sources earlier merged into `from` now point at `into`, so no pointer leads to a merged source. */
  async repointMerged(db: EntityManager, from: string, into: string): Promise<string[]> {
    const rows = await queryRows<{ id: string }>(
      db,
      'UPDATE sources SET merged_into_id = $2 WHERE merged_into_id = $1 RETURNING id',
      [from, into],
    );
    return rows.map((r) => r.id);
  }

  async setMergedInto(db: EntityManager, ids: string[], from: string, to: string): Promise<void> {
    if (ids.length === 0) return;
    await db.query(
      'UPDATE sources SET merged_into_id = $3 WHERE id = ANY($1::uuid[]) AND merged_into_id = $2',
      [ids, from, to],
    );
  }

  async markMerged(db: EntityManager, id: string, into: string | null): Promise<void> {
    await db.query(
      `UPDATE sources SET merged_into_id = $2, merged_at = CASE WHEN $2::uuid IS NULL THEN NULL ELSE now() END,
              version = version + 1, updated_at = now() WHERE id = $1`,
      [id, into],
    );
  }

  /**
   * Of `names`, those to add to a source's aliases: not empty once folded, not already one of its
   * names (`name`, `aliases`) once folded, and each key once, in the order given.
   */
  async newAliases(
    db: EntityManager,
    name: string,
    aliases: string[],
    names: string[],
  ): Promise<string[]> {
    const rows = await queryRows<{ alias: string }>(
      db,
      `SELECT alias FROM (
         SELECT DISTINCT ON (claimgraph_name_key(n)) n AS alias, ord
           FROM unnest($3::text[]) WITH ORDINALITY AS u(n, ord)
          WHERE claimgraph_name_key(n) IS NOT NULL
            AND NOT (claimgraph_name_key(n) = ANY(claimgraph_source_keys($1::text, $2::text[])))
          ORDER BY claimgraph_name_key(n), ord
       ) a ORDER BY ord`,
      [name, aliases, names],
    );
    return rows.map((r) => r.alias);
  }

  /** These sources and everything affiliated beneath them, locked in id order; returns their ids. */
  async lockWithSubtrees(db: EntityManager, roots: string[], others: string[]): Promise<string[]> {
    const rows = await queryRows<{ id: string }>(
      db,
      `WITH RECURSIVE subtree(id) AS (
         SELECT unnest($1::uuid[])
         UNION
         SELECT s.id FROM sources s JOIN subtree t ON s.affiliated_with_id = t.id
       )
       SELECT id FROM sources WHERE id IN (SELECT id FROM subtree) OR id = ANY($2::uuid[])
        ORDER BY id FOR UPDATE`,
      [roots, others],
    );
    return rows.map((r) => r.id);
  }

  /** Sets a source's aliases (the survivor gains the merged source's names, and loses them on undo). */
  async setAliases(db: EntityManager, id: string, aliases: string[]): Promise<void> {
    await db.query(
      'UPDATE sources SET aliases = $2::text[], version = version + 1, updated_at = now() WHERE id = $1',
      [id, aliases],
    );
  }
}
