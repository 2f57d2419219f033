import { Injectable } from '@nestjs/common';
import type { EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { ClaimStatus } from '../domain/claims.js';
import { Prepared, queryOne, queryRows } from '../common/sql.js';
import { ClaimEntity } from './claim.entity.js';
import type { ClaimSort } from './dto/claim.dto.js';
import type { Outcome } from '../domain/outcomes.js';
import {
  ASSESSMENT_COLUMNS,
  toStoredAssessment,
  type StoredAssessment,
} from '../corroboration/assessments.repository.js';

export interface ClaimListFilter {
  status?: ClaimStatus;
  likely?: Outcome;
  tag?: string;
  sourceId?: string;
  q?: string;
  updatedSince?: Date;
  sort: ClaimSort;
  after?: { value: string | number; id: string };
  limit: number;
}

/** Each sort: the column it keys on and its direction; `id` breaks ties the same way. */
export const SORT_KEYS: Record<
  ClaimSort,
  {
    property: 'updatedAt' | 'score' | 'statusChangedAt' | 'rank' | 'likelihood';
    column: string;
    desc: boolean;
  }
> = {
  '-updatedAt': { property: 'updatedAt', column: 'c.updated_at', desc: true },
  '-score': { property: 'score', column: 'c.score', desc: true },
  score: { property: 'score', column: 'c.score', desc: false },
  '-statusChangedAt': { property: 'statusChangedAt', column: 'c.status_changed_at', desc: true },
  relevance: { property: 'rank', column: 'rank', desc: true },
  '-likelihood': { property: 'likelihood', column: 'a.likelihood', desc: true },
  likelihood: { property: 'likelihood', column: 'a.likelihood', desc: false },
};

/** Joins a claim query (claims aliased `alias`) to the claims' stored assessments, as `a`. */
const joinAssessments = <T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  alias: string,
): SelectQueryBuilder<T> => qb.innerJoin('claim_assessments', 'a', `a.claim_id = ${alias}.id`);

/**
 * Full-text search. Each claim's text is stored as a vector under its own language's configuration
 * (`search_vector`, see the stored-claim-search-vector migration), so the same words must be parsed
 * the same way to match: the query is parsed under the claim's configuration (`ROW_QUERY`, exact).
 * `ANY_LANGUAGE_QUERY` is that query parsed under every configuration and OR-ed together: a
 * constant the GIN index can serve, which every exact match also matches, so the index narrows the
 * rows and `ROW_QUERY` decides.
 */
export const SEARCH_VECTOR = `c.search_vector`;
export const ROW_QUERY = `websearch_to_tsquery(claimgraph_search_config(c.language), :q)`;
export const ANY_LANGUAGE_QUERY = `(SELECT string_agg(DISTINCT '(' || t::text || ')', ' | ')::tsquery
    FROM (SELECT websearch_to_tsquery(cfg.oid::regconfig, :q) AS t FROM pg_ts_config cfg) parsed
   WHERE numnode(t) > 0)`;
/** Cover density ranking; float8 so the value round-trips exactly through a cursor. */
const RANK = `ts_rank_cd(${SEARCH_VECTOR}, ${ROW_QUERY})::float8`;

/**
 * How many matching claims a search ranks and sorts: the first this many the index finds (with
 * every other filter applied). Ranking reads each candidate's row, so without a cap a common word
 * would rank most of the table; with it, ranking costs the same whatever a search matches. A
 * search matching more pages through these only: more words or a filter narrow it.
 */
export const SEARCH_CANDIDATES = 1000;

/** The text the snippet markers stand for; they are removed from the text first, so never ambiguous. */
export const MARK_START = '\u0002';
export const MARK_END = '\u0003';

/**
 * Whether the claim row `alias` `depends_on` a live claim whose status is disputed or denied: its
 * own truth is then in doubt whatever its own sources say. Derived when read, never stored, so it
 * follows the other claim's status at once.
 */
export const DEPENDS_ON_CONTESTED = (alias: string): string =>
  `EXISTS (SELECT 1 FROM claim_links l JOIN claims t ON t.id = l.to_claim_id
            WHERE l.kind = 'depends_on' AND l.from_claim_id = ${alias}.id
              AND t.status IN ('disputed', 'denied') AND t.merged_into_id IS NULL)`;

/** Which of these claims depend on a contested one (see `DEPENDS_ON_CONTESTED`). */
export async function findDependingOnContested(
  db: EntityManager,
  claimIds: string[],
): Promise<Set<string>> {
  if (claimIds.length === 0) return new Set();
  const rows = await queryRows<{ id: string }>(
    db,
    `SELECT c.id FROM unnest($1::uuid[]) AS c(id) WHERE ${DEPENDS_ON_CONTESTED('c')}`,
    [claimIds],
  );
  return new Set(rows.map((r) => r.id));
}

/** A live claim whose statement shares most of its words with another's. */
export interface SimilarClaimRow {
  id: string;
  statement: string;
  status: ClaimStatus;
  similarity: number;
}

/** Words a duplicate must share: candidates are claims sharing two of the statement's longest. */
const PAIR_WORDS = 12;
/** Candidates compared word for word, best ranked first. */
const SIMILAR_CANDIDATES = 200;

/** A lexeme as a tsquery operand: quoted, its quotes doubled and backslashes escaped. */
const operand = (word: string): string => `'${word.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

/**
 * The query that finds a statement's likely duplicates: claims sharing at least two of its longest
 * words (pairs are far more selective than single words, so a common word does not make every
 * claim a candidate), or its only word.
 */
export function pairQuery(words: string[]): string | null {
  const chosen = [...words]
    .sort((a, b) => b.length - a.length || (a < b ? -1 : 1))
    .slice(0, PAIR_WORDS);
  if (chosen.length === 0) return null;
  if (chosen.length === 1) return operand(chosen[0]);
  const pairs: string[] = [];
  for (let i = 0; i < chosen.length; i++)
    for (let j = i + 1; j < chosen.length; j++)
      pairs.push(`(${operand(chosen[i])} & ${operand(chosen[j])})`);
  return pairs.join(' | ');
}

export interface ClaimRow {
  claim: ClaimEntity;
  /** Relevance to `q`, when searching. */
  rank?: number;
  /** The probability of its likeliest outcome, when sorting by it. */
  likelihood?: number;
  /** The claim with what its answer derives, when the read fetched that with it. */
  view?: ClaimView;
}

/** A claim as read for its answer: with what the answer derives from other claims. */
export interface ClaimView {
  /** The stored claim (the row read also carries the two derived values, which no reader of a claim looks at). */
  claim: ClaimEntity;
  dependsOnContested: boolean;
  assessment: StoredAssessment | null;
}

/**
 * How to read claims for their answers in plain SQL: the claim's columns under their property
 * names with what the answer derives from other claims, the claim by id as a prepared statement,
 * and the columns' value transformers. Worked out from the entity's metadata once per process: the
 * query builder's per-call work cost more than these queries.
 */
interface ClaimViewSql {
  /** The select list, on `claims c`. */
  select: string;
  byId: Prepared;
  transforms: [string, (v: unknown) => unknown][];
}
let viewSql: ClaimViewSql | undefined;

function claimViewSql(db: EntityManager): ClaimViewSql {
  const columns = db.connection.getMetadata(ClaimEntity).columns.filter((c) => c.isSelect);
  const select = `${columns.map((c) => `c."${c.databaseName}" AS "${c.propertyName}"`).join(', ')},
              ${DEPENDS_ON_CONTESTED('c')} AS "dependsOnContested",
              (SELECT row_to_json(x) FROM (SELECT ${ASSESSMENT_COLUMNS} FROM claim_assessments a WHERE a.claim_id = c.id) x)
                AS "assessment"`;
  return {
    select,
    byId: new Prepared(
      'claims-view-by-id',
      `SELECT ${select}\n         FROM claims c WHERE c.id = $1`,
    ),
    transforms: columns.flatMap((c) => {
      const t = c.transformer;
      return t && !Array.isArray(t)
        ? [
            [c.propertyName, (v: unknown) => t.from(v) as unknown] as [
              string,
              (v: unknown) => unknown,
            ],
          ]
        : [];
    }),
  };
}

/** A row of `ClaimViewSql.select` as a claim and its derived values. The row becomes the claim in
 * place: copying it (a rest pattern, a spread) costs more than reading it. */
function toClaimView(row: Record<string, unknown>, sql: ClaimViewSql): ClaimView {
  for (const [property, from] of sql.transforms) row[property] = from(row[property]);
  return {
    claim: row as unknown as ClaimEntity,
    dependsOnContested: row.dependsOnContested === true,
    assessment: row.assessment
      ? toStoredAssessment(row.assessment as Parameters<typeof toStoredAssessment>[0])
      : null,
  };
}

@Injectable()
export class ClaimsRepository {
  private repo(db: EntityManager) {
    return db.getRepository(ClaimEntity);
  }

  async insert(
    db: EntityManager,
    claim: Pick<
      ClaimEntity,
      | 'id'
      | 'statement'
      | 'context'
      | 'tags'
      | 'occurredAt'
      | 'language'
      | 'createdByKeyId'
      | 'updatedByKeyId'
    >,
  ): Promise<void> {
    await this.repo(db).insert(claim);
  }

  findById(db: EntityManager, id: string): Promise<ClaimEntity | null> {
    return this.repo(db).findOneBy({ id });
  }

  /**
   * A claim with what its response derives from other claims, in one plain query: this is the
   * hottest read, and the query builder's per-call work cost more than the query itself.
   */
  async findViewById(db: EntityManager, id: string): Promise<ClaimView | null> {
    viewSql ??= claimViewSql(db);
    const row = await queryOne<Record<string, unknown>>(db, viewSql.byId, [id]);
    return row ? toClaimView(row, viewSql) : null;
  }

  lockForUpdate(db: EntityManager, id: string): Promise<ClaimEntity | null> {
    return this.repo(db).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async update(db: EntityManager, id: string, changes: Partial<ClaimEntity>): Promise<ClaimEntity> {
    await this.repo(db)
      .createQueryBuilder()
      .update()
      .set({ ...changes, version: () => 'version + 1', updatedAt: () => 'now()' })
      .where('id = :id', { id })
      .execute();
    return this.repo(db).findOneByOrFail({ id });
  }

  /** The statement's distinct words as searched (lexemes under its language's configuration). */
  async lexemes(db: EntityManager, statement: string, language: string): Promise<string[]> {
    const [row] = await queryRows<{ words: string[] }>(
      db,
      `SELECT tsvector_to_array(to_tsvector(claimgraph_search_config($2), $1)) AS words`,
      [statement, language],
    );
    return row?.words ?? [];
  }

  /**
   * Live claims in the same language whose statements share most words with `words` (Jaccard
   * similarity of the distinct words, at least `minSimilarity`), most alike first.
   */
  async findSimilar(
    db: EntityManager,
    excludeId: string,
    words: string[],
    language: string,
    minSimilarity: number,
    limit: number,
  ): Promise<SimilarClaimRow[]> {
    const query = pairQuery(words);
    if (!query) return [];
    return queryRows<SimilarClaimRow>(
      db,
      `SELECT id, statement, status, similarity FROM (
         SELECT c.id, c.statement, c.status,
                (SELECT count(*) FROM unnest(w.words) x WHERE x = ANY($3::text[]))::float8
                  / (cardinality(w.words) + cardinality($3::text[])
                     - (SELECT count(*) FROM unnest(w.words) x WHERE x = ANY($3::text[]))) AS similarity
           FROM (SELECT id, statement, status, language FROM claims c
                  WHERE ${SEARCH_VECTOR} @@ $1::tsquery AND c.language = $2 AND c.id <> $4
                    AND c.merged_into_id IS NULL
                  ORDER BY ts_rank_cd(${SEARCH_VECTOR}, $1::tsquery) DESC, c.id
                  LIMIT ${SIMILAR_CANDIDATES}) c
          CROSS JOIN LATERAL (
            SELECT tsvector_to_array(to_tsvector(claimgraph_search_config(c.language), c.statement)) AS words
          ) w
       ) m
       WHERE similarity >= $5
       ORDER BY similarity DESC, id
       LIMIT $6`,
      [query, language, words, excludeId, minSimilarity, limit],
    );
  }

  async hasMergedClaims(db: EntityManager, id: string): Promise<boolean> {
    return (await this.repo(db).countBy({ mergedIntoId: id })) > 0;
  }

  async delete(db: EntityManager, id: string): Promise<void> {
    await this.repo(db).delete({ id });
    await db.query(`DELETE FROM claim_assessments WHERE claim_id = $1`, [id]);
  }

  /** One page of claims: every filter is a bound parameter, the order a keyset on (sort key, id). */
  async list(db: EntityManager, f: ClaimListFilter): Promise<ClaimRow[]> {
    const qb = this.repo(db).createQueryBuilder('c').where('c.merged_into_id IS NULL');
    if (f.status) qb.andWhere('c.status = :status', { status: f.status });
    if (f.tag) qb.andWhere('c.tags @> ARRAY[:tag]::text[]', { tag: f.tag });
    if (f.sourceId) {
      qb.andWhere(
        'EXISTS (SELECT 1 FROM stances st WHERE st.claim_id = c.id AND st.source_id = :sourceId)',
        { sourceId: f.sourceId },
      );
    }
    if (f.updatedSince)
      qb.andWhere('c.updated_at >= :updatedSince', { updatedSince: f.updatedSince.toISOString() });
    const key = SORT_KEYS[f.sort];
    const byLikelihood = key.property === 'likelihood';
    if (f.likely || byLikelihood) joinAssessments(qb, 'c');
    if (f.likely) qb.andWhere('a.likely = :likely', { likely: f.likely });
    if (f.q) return this.search(db, qb, f.q, f);
    const column = key.property === 'rank' ? RANK : key.column;
    if (f.after) {
      qb.andWhere(`(${column}, c.id) ${key.desc ? '<' : '>'} (:afterValue, :afterId)`, {
        afterValue: f.after.value,
        afterId: f.after.id,
      });
    }
    const dir = key.desc ? 'DESC' : 'ASC';
    qb.orderBy(column, dir)
      .addOrderBy('c.id', dir)
      .limit(f.limit + 1);
    // The page's ids first, then their rows: the status indexes carry `tags` and `merged_into_id`,
    // so a status and tag filter walks the index alone past the claims it skips (an index-only scan)
    // and reads only the page's rows from the table.
    const page = qb.select('c.id');
    if (!byLikelihood) {
      // The page's rows with their derived values, in one plain statement.
      viewSql ??= claimViewSql(db);
      const [pageSql, params] = page.getQueryAndParameters();
      const rows = await queryRows<Record<string, unknown>>(
        db,
        `SELECT ${viewSql.select}
           FROM claims c WHERE c.id IN (${pageSql})
          ORDER BY ${column} ${dir}, c.id ${dir}`,
        params,
      );
      const sql = viewSql;
      return rows.map((row) => {
        const view = toClaimView(row, sql);
        return { claim: view.claim, view };
      });
    }
    const rows = this.repo(db).createQueryBuilder('claim');
    if (byLikelihood) joinAssessments(rows, 'claim').addSelect('a.likelihood', 'likelihood');
    rows
      .where(`claim.id IN (${page.getQuery()})`)
      .setParameters(page.getParameters())
      .orderBy(column.replace(/^c\./, 'claim.'), dir)
      .addOrderBy('claim.id', dir);
    const { entities, raw } = await rows.getRawAndEntities<{ likelihood: number }>();
    return entities.map((claim, i) => ({ claim, likelihood: Number(raw[i].likelihood) }));
  }

  /**
   * One page of a search: the candidates are the first `SEARCH_CANDIDATES` claims the index finds
   * that match `q` and the other filters (`filtered`); only they are ranked and sorted, then the
   * page is cut from them by the keyset. The pages of one search pick the same candidates (while
   * its matches do not change), so they neither overlap nor skip.
   */
  private async search(
    db: EntityManager,
    filtered: SelectQueryBuilder<ClaimEntity>,
    q: string,
    f: ClaimListFilter,
  ): Promise<ClaimRow[]> {
    const candidates = filtered
      .andWhere(`${SEARCH_VECTOR} @@ ${ANY_LANGUAGE_QUERY} AND ${SEARCH_VECTOR} @@ ${ROW_QUERY}`, {
        q,
      })
      .select('c.id')
      .limit(SEARCH_CANDIDATES);
    const key = SORT_KEYS[f.sort];
    const column = key.property === 'rank' ? RANK : key.column;
    const dir = key.desc ? 'DESC' : 'ASC';
    const qb = this.repo(db).createQueryBuilder('c').addSelect(RANK, 'rank');
    if (key.property === 'likelihood')
      joinAssessments(qb, 'c').addSelect('a.likelihood', 'likelihood');
    qb.where(`c.id IN (${candidates.getQuery()})`).setParameters(candidates.getParameters());
    if (f.after) {
      qb.andWhere(`(${column}, c.id) ${key.desc ? '<' : '>'} (:afterValue, :afterId)`, {
        afterValue: f.after.value,
        afterId: f.after.id,
      });
    }
    qb.orderBy(column, dir)
      .addOrderBy('c.id', dir)
      .limit(f.limit + 1);
    // The rank goes with every row, whatever the sort.
    const { entities, raw } = await qb.getRawAndEntities<{ rank: number; likelihood?: number }>();
    return entities.map((claim, i) => ({
      claim,
      rank: raw[i].rank,
      ...(raw[i].likelihood !== undefined && { likelihood: Number(raw[i].likelihood) }),
    }));
  }

  /**
   * Highlighted extracts of these claims' text for a search: the best fragments, with matched words
   * between `MARK_START` and `MARK_END`.
   */
  async snippets(db: EntityManager, ids: string[], q: string): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await queryRows<{ id: string; snippet: string }>(
      db,
      `SELECT c.id, ts_headline(claimgraph_search_config(c.language),
                 claimgraph_search_document(translate(c.statement, chr(2) || chr(3), ''), translate(c.context, chr(2) || chr(3), '')),
                 websearch_to_tsquery(claimgraph_search_config(c.language), $2),
                 'StartSel=' || chr(2) || ', StopSel=' || chr(3) || ', MaxWords=35, MinWords=12, ShortWord=3, MaxFragments=2, FragmentDelimiter=" … "') AS snippet
         FROM claims c WHERE c.id = ANY($1::uuid[])`,
      [ids, q],
    );
    return new Map(rows.map((r) => [r.id, r.snippet]));
  }
}
