import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import { queryRows } from '../common/sql.js';
import { SourceEntity } from './source.entity.js';
import { type SourceKind } from '../domain/sources.js';

export interface SourceListFilter {
  kind?: SourceKind;
  q?: string;
  /** With `q`, `match` (how well the name or an alias matches) comes first in the order. */
  after?: { match?: number; name: string; id: string };
  limit: number;
}

export interface SourceMatchRow {
  id: string;
  name: string;
  aliases: string[];
  similarity: number;
}

export interface DuplicatePairRow {
  aId: string;
  aName: string;
  aAliases: string[];
  bId: string;
  bName: string;
  bAliases: string[];
  similarity: number;
  sameName: boolean;
}

export interface SourceRow {
  source: SourceEntity;
  /** With `q`: the trigram word similarity (0..1), plus 1 when the names contain `q` as written. */
  match?: number;
}

/**
 * Fuzzy name search: the folded (lower-cased, unaccented) name and aliases contain the query, or
 * have a word within trigram distance of it ("Ghasemi" finds "Bahram Ghassemi"). Both forms are
 * served by `idx_source_names_trgm`, whose expression `NAMES` must match.
 */
export const NAMES = 'claimgraph_source_names(s.name, s.aliases)';
const MATCH = `((CASE WHEN ${NAMES} LIKE claimgraph_fold(:pattern) THEN 1 ELSE 0 END) + word_similarity(claimgraph_fold(:q), ${NAMES}))::float8`;

/** Any fixed number; every writer that changes the shape of the affiliation forest takes it. */
const AFFILIATION_LOCK_KEY = '7305119842652';

const escapeLike = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

@Injectable()
export class SourcesRepository {
  private repo(db: EntityManager) {
    return db.getRepository(SourceEntity);
  }

  findById(db: EntityManager, id: string): Promise<SourceEntity | null> {
    return this.repo(db).findOneBy({ id });
  }

  /** These sources, in no particular order (merged ones too: a stance may still name one). */
  findByIds(db: EntityManager, ids: string[]): Promise<SourceEntity[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.repo(db).findBy({ id: In(ids) });
  }

  lockForUpdate(db: EntityManager, id: string): Promise<SourceEntity | null> {
    return this.repo(db).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /**
   * Share-locks sources, in id order, while a stance is written against them: a concurrent change to
   * one's grade or affiliation then waits for the stance (and sees it), or the stance waits for the
   * change (and sees the new group). Returns the ids that exist.
   */
  async lockForShare(db: EntityManager, ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await queryRows<{ id: string }>(
      db,
      'SELECT id FROM sources WHERE id = ANY($1::uuid[]) AND merged_into_id IS NULL ORDER BY id FOR SHARE',
      [[...new Set(ids)]],
    );
    return new Set(rows.map((r) => r.id));
  }

  /**
   * Locks, until commit, each key of these names (case, accents, punctuation and spacing folded):
   * two writers giving sources one name queue up, and the second sees the first's source. Keys are
   * locked in sorted order, so writers of overlapping names cannot deadlock.
   */
  async lockNames(db: EntityManager, names: string[]): Promise<void> {
    if (names.length === 0) return;
    await db.query(
      `SELECT pg_advisory_xact_lock(hashtextextended('claimgraph:source-name:' || k, 0))
         FROM unnest(claimgraph_source_keys($1::text, $2::text[])) AS k`,
      [names[0], names.slice(1)],
    );
  }

  /** Sources with a name or alias whose key is one of these names' keys, oldest first. */
  findByNames(db: EntityManager, names: string[], excludeId?: string): Promise<SourceEntity[]> {
    const qb = this.repo(db)
      .createQueryBuilder('s')
      .where(
        'claimgraph_source_keys(s.name, s.aliases) && claimgraph_source_keys(:name, :aliases)',
        {
          name: names[0],
          aliases: names.slice(1),
        },
      );
    if (excludeId) qb.andWhere('s.id <> :excludeId', { excludeId });
    return qb.orderBy('s.created_at').addOrderBy('s.id').limit(20).getMany();
  }

  /**
   * Sources whose name is close to `name` (trigram similarity of the folded names at least
   * `minSimilarity`), most alike first: small misspellings, "Reuter" for "Reuters".
   */
  findSimilar(
    db: EntityManager,
    name: string,
    excludeIds: string[],
    minSimilarity: number,
    limit: number,
  ): Promise<SourceMatchRow[]> {
    return queryRows<SourceMatchRow>(
      db,
      `SELECT id, name, aliases, similarity FROM (
         SELECT s.id, s.name, s.aliases,
                similarity(claimgraph_name_key(s.name), claimgraph_name_key($1))::float8 AS similarity
           FROM sources s
          WHERE claimgraph_name_key(s.name) % claimgraph_name_key($1) AND NOT (s.id = ANY($2::uuid[]))
            AND s.merged_into_id IS NULL
       ) m
       WHERE similarity >= $3
       ORDER BY similarity DESC, id
       LIMIT $4`,
      [name, excludeIds, minSimilarity, limit],
    );
  }

  /**
   * Likely duplicate pairs: sources sharing a name key (through a name or an alias), or whose names
   * are alike; those sharing a name first, then most alike. Each source probes the two name indexes
   * for partners later in id order, so a pair is found once.
   */
  findDuplicatePairs(
    db: EntityManager,
    minSimilarity: number,
    limit: number,
  ): Promise<DuplicatePairRow[]> {
    return queryRows<DuplicatePairRow>(
      db,
      `SELECT a.id AS "aId", a.name AS "aName", a.aliases AS "aAliases",
              b.id AS "bId", b.name AS "bName", b.aliases AS "bAliases", b.similarity, b.same AS "sameName"
         FROM sources a
        CROSS JOIN LATERAL (
          SELECT b.id, b.name, b.aliases,
                 similarity(claimgraph_name_key(a.name), claimgraph_name_key(b.name))::float8 AS similarity,
                 claimgraph_source_keys(a.name, a.aliases) && claimgraph_source_keys(b.name, b.aliases) AS same
            FROM sources b
           WHERE b.id > a.id AND b.merged_into_id IS NULL
             AND (claimgraph_name_key(b.name) % claimgraph_name_key(a.name)
                  OR claimgraph_source_keys(b.name, b.aliases) && claimgraph_source_keys(a.name, a.aliases))
        ) b
        WHERE a.merged_into_id IS NULL AND (b.same OR b.similarity >= $1)
        ORDER BY b.same DESC, b.similarity DESC, a.id, b.id
        LIMIT $2`,
      [minSimilarity, limit],
    );
  }

  /** Serialises changes to the affiliation forest (cycle checks and group moves) until commit. */
  async lockAffiliations(db: EntityManager): Promise<void> {
    await db.query('SELECT pg_advisory_xact_lock($1)', [AFFILIATION_LOCK_KEY]);
  }

  /** The chain from `id` up to its root, `id` first. */
  async findAncestorIds(db: EntityManager, id: string): Promise<string[]> {
    const rows = await queryRows<{ id: string }>(
      db,
      `WITH RECURSIVE chain(id, parent, depth) AS (
         SELECT id, affiliated_with_id, 0 FROM sources WHERE id = $1
         UNION ALL
         SELECT s.id, s.affiliated_with_id, c.depth + 1 FROM sources s JOIN chain c ON s.id = c.parent
          WHERE c.depth < 10000
       )
       SELECT id FROM chain ORDER BY depth`,
      [id],
    );
    return rows.map((r) => r.id);
  }

  /** The source and everything affiliated beneath it, locked in id order; returns their ids. */
  async lockSubtree(db: EntityManager, rootId: string): Promise<string[]> {
    const rows = await queryRows<{ id: string }>(
      db,
      `WITH RECURSIVE subtree(id) AS (
         SELECT $1::uuid
         UNION
         SELECT s.id FROM sources s JOIN subtree t ON s.affiliated_with_id = t.id
       )
       SELECT id FROM sources WHERE id IN (SELECT id FROM subtree) ORDER BY id FOR UPDATE`,
      [rootId],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Moves a subtree (as `lockSubtree` found it) into `groupId`. The descendants' derived group
   * changed, so they count as changed too (a new version); the root's own edit versions it.
   */
  async moveSubtreeToGroup(
    db: EntityManager,
    rootId: string,
    subtree: string[],
    groupId: string,
  ): Promise<string[]> {
    const rows = await queryRows<{ id: string }>(
      db,
      `UPDATE sources
          SET independence_group_id = $3, updated_at = now(),
              version = CASE WHEN id = $1::uuid THEN version ELSE version + 1 END
        WHERE id = ANY($2::uuid[])
       RETURNING id`,
      [rootId, subtree, groupId],
    );
    return rows.map((r) => r.id);
  }

  /** Inserts and reads back the stored row, so the caller answers with what was stored. */
  async insert(
    db: EntityManager,
    source: Omit<SourceEntity, 'version' | 'createdAt' | 'updatedAt' | 'mergedIntoId' | 'mergedAt'>,
  ): Promise<SourceEntity> {
    await this.repo(db).insert(source);
    return this.repo(db).findOneByOrFail({ id: source.id });
  }

  async update(
    db: EntityManager,
    id: string,
    changes: Partial<SourceEntity>,
  ): Promise<SourceEntity> {
    await this.repo(db)
      .createQueryBuilder()
      .update()
      .set({ ...changes, version: () => 'version + 1', updatedAt: () => 'now()' })
      .where('id = :id', { id })
      .execute();
    return this.repo(db).findOneByOrFail({ id });
  }

  async hasStances(db: EntityManager, id: string): Promise<boolean> {
    const rows = await queryRows(
      db,
      'SELECT 1 FROM stances WHERE source_id = $1 OR via_source_id = $1 LIMIT 1',
      [id],
    );
    return rows.length > 0;
  }

  async hasMergedInto(db: EntityManager, id: string): Promise<boolean> {
    const rows = await queryRows(db, 'SELECT 1 FROM sources WHERE merged_into_id = $1 LIMIT 1', [
      id,
    ]);
    return rows.length > 0;
  }

  async hasAffiliates(db: EntityManager, id: string): Promise<boolean> {
    const rows = await queryRows(
      db,
      'SELECT 1 FROM sources WHERE affiliated_with_id = $1 LIMIT 1',
      [id],
    );
    return rows.length > 0;
  }

  async delete(db: EntityManager, id: string): Promise<void> {
    await this.repo(db).delete({ id });
  }

  /** A page of sources by name, then id (keyset: stable under concurrent inserts); best match first with `q`. */
  async list(db: EntityManager, f: SourceListFilter): Promise<SourceRow[]> {
    // A merged source answers with where it went; lists show the survivors.
    const qb = this.repo(db).createQueryBuilder('s').where('s.merged_into_id IS NULL');
    if (f.kind) qb.andWhere('s.kind = :kind', { kind: f.kind });
    if (f.q) {
      qb.andWhere(`(${NAMES} LIKE claimgraph_fold(:pattern) OR claimgraph_fold(:q) <% ${NAMES})`, {
        q: f.q,
        pattern: `%${escapeLike(f.q)}%`,
      });
      qb.addSelect(MATCH, 'match');
      if (f.after) {
        qb.andWhere(
          `(${MATCH} < :afterMatch OR (${MATCH} = :afterMatch AND (s.name, s.id) > (:afterName, :afterId)))`,
          {
            afterMatch: f.after.match,
            afterName: f.after.name,
            afterId: f.after.id,
          },
        );
      }
      qb.orderBy(MATCH, 'DESC');
      qb.addOrderBy('s.name', 'ASC');
    } else {
      if (f.after)
        qb.andWhere('(s.name, s.id) > (:afterName, :afterId)', {
          afterName: f.after.name,
          afterId: f.after.id,
        });
      qb.orderBy('s.name', 'ASC');
    }
    const { entities, raw } = await qb
      .addOrderBy('s.id', 'ASC')
      .limit(f.limit + 1)
      .getRawAndEntities<{ match?: number }>();
    return entities.map((source, i) => ({ source, ...(f.q && { match: raw[i].match }) }));
  }
}
