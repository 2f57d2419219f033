import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One identity per source: a source's names (its name and aliases) fold to keys — case, accents,
 * punctuation and spacing ignored, so "Al-Monitor", "al monitor" and "AL MONITOR" are one key —
 * and a new source whose key is already taken is refused (409 SOURCE_EXISTS). `idx_source_keys`
 * finds a key's sources; `idx_source_name_key_trgm` finds near misses ("Reuter" for "Reuters")
 * and likely duplicate pairs by trigram similarity.
 *
 * Punctuation is an explicit list rather than a character class: a class like [[:punct:]] depends
 * on the database's locale, and under some locales would not know which letters of other scripts
 * are letters.
 */
export class SourceIdentity1796774400000 implements MigrationInterface {
  name = 'SourceIdentity1796774400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION claimgraph_name_key(value text) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
        RETURN nullif(btrim(regexp_replace(claimgraph_fold(value),
          '[\\s.,;:!?''"()\\[\\]{}/\\\\&_*#@|+~^=<>-]+|[\\u2010-\\u2015\\u2018-\\u201F\\u00AB\\u00BB\\u00B7\\u2026\\u060C\\u061B\\u061F\\u3001\\u3002]+',
          ' ', 'g')), '')`);
    await q.query(`
      CREATE FUNCTION claimgraph_source_keys(name text, aliases text[]) RETURNS text[]
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        RETURN ARRAY(SELECT DISTINCT k FROM unnest(array_prepend(name, aliases)) AS n,
                                            claimgraph_name_key(n) AS k
                      WHERE k IS NOT NULL ORDER BY k)`);
    await q.query(
      `CREATE INDEX "idx_source_keys" ON "sources" USING gin (claimgraph_source_keys("name", "aliases"))`,
    );
    await q.query(
      `CREATE INDEX "idx_source_name_key_trgm" ON "sources" USING gin (claimgraph_name_key("name") gin_trgm_ops)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "idx_source_name_key_trgm"`);
    await q.query(`DROP INDEX "idx_source_keys"`);
    await q.query(`DROP FUNCTION claimgraph_source_keys(text, text[])`);
    await q.query(`DROP FUNCTION claimgraph_name_key(text)`);
  }
}
