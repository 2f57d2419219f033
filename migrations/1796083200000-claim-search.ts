import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The text-search configuration for each BCP-47 primary language subtag. Only those the server
 * has are used (PostgreSQL's set differs a little between versions); every other language is
 * searched with `simple`, which lower-cases but does not stem.
 */
const SEARCH_CONFIGS: Record<string, string> = {
  ar: 'arabic',
  ca: 'catalan',
  da: 'danish',
  de: 'german',
  el: 'greek',
  en: 'english',
  es: 'spanish',
  et: 'estonian',
  eu: 'basque',
  fi: 'finnish',
  fr: 'french',
  ga: 'irish',
  hi: 'hindi',
  hu: 'hungarian',
  hy: 'armenian',
  id: 'indonesian',
  it: 'italian',
  lt: 'lithuanian',
  nb: 'norwegian',
  ne: 'nepali',
  nl: 'dutch',
  nn: 'norwegian',
  no: 'norwegian',
  pt: 'portuguese',
  ro: 'romanian',
  ru: 'russian',
  sr: 'serbian',
  sv: 'swedish',
  ta: 'tamil',
  tr: 'turkish',
  yi: 'yiddish',
};

/**
 * Language-aware full-text search of claims and fuzzy (trigram) search of sources' names and
 * aliases. Both are expression indexes over immutable functions, so nothing has to be kept in
 * step by the application.
 */
export class ClaimSearch1796083200000 implements MigrationInterface {
  name = 'ClaimSearch1796083200000';

  async up(db: QueryRunner): Promise<void> {
    const available = new Set(
      ((await db.query(`SELECT cfgname FROM pg_ts_config`)) as { cfgname: string }[]).map(
        (r) => r.cfgname,
      ),
    );
    const branches = Object.entries(SEARCH_CONFIGS)
      .filter(([, config]) => available.has(config))
      .map(([subtag, config]) => `WHEN '${subtag}' THEN '${config}'::regconfig`)
      .join(' ');
    await db.query(`
      CREATE FUNCTION claimgraph_search_config(language text) RETURNS regconfig
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        RETURN CASE lower(split_part(language, '-', 1)) ${branches} ELSE 'simple'::regconfig END`);
    await db.query(`
      CREATE FUNCTION claimgraph_search_document(statement text, context text) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        RETURN statement || ' ' || coalesce(context, '')`);
    await db.query(`DROP INDEX "idx_claim_search"`);
    await db.query(
      `CREATE INDEX "idx_claim_search" ON "claims" USING gin
         (to_tsvector(claimgraph_search_config("language"), claimgraph_search_document("statement", "context")))`,
    );

    await db.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await db.query(`CREATE EXTENSION IF NOT EXISTS unaccent`);
    // unaccent() is only STABLE (its dictionary could change); fixing the dictionary makes the
    // folding immutable, which an index needs.
    const [{ schema }] = (await db.query(
      `SELECT n.nspname AS schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'unaccent'`,
    )) as { schema: string }[];
    await db.query(`
      CREATE FUNCTION claimgraph_fold(value text) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
        RETURN lower(${quoteIdent(schema)}.unaccent('${quoteIdent(schema)}.unaccent'::regdictionary, value))`);
    await db.query(`
      CREATE FUNCTION claimgraph_source_names(name text, aliases text[]) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        RETURN claimgraph_fold(name || ' ' || array_to_string(aliases, ' '))`);
    await db.query(
      `CREATE INDEX "idx_source_names_trgm" ON "sources" USING gin (claimgraph_source_names("name", "aliases") gin_trgm_ops)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX "idx_source_names_trgm"`);
    await db.query(`DROP FUNCTION claimgraph_source_names(text, text[])`);
    await db.query(`DROP FUNCTION claimgraph_fold(text)`);
    await db.query(`DROP INDEX "idx_claim_search"`);
    await db.query(
      `CREATE INDEX "idx_claim_search" ON "claims" USING gin ((to_tsvector('simple'::regconfig, "statement" || ' ' || coalesce("context", ''))))`,
    );
    await db.query(`DROP FUNCTION claimgraph_search_document(text, text)`);
    await db.query(`DROP FUNCTION claimgraph_search_config(text)`);
  }
}

const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;
