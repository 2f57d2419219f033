import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { queryRows } from '../../common/sql.js';
import type { MergeRecord } from '../../merges/merges.service.js';
import type { SourceMergeRecord } from '../../sources/source-merges.service.js';
import type { ClaimStatus } from '../../domain/claims.js';
import type { ReviewState, Verdict } from '../../domain/review.rules.js';
import type { ClaimRow, LinkRow, ReviewRow, SourceRow, StanceRow } from './import-lines.js';

/** A claim's latest verdict after an import, with its status now. */
export interface LatestVerdictRow {
  claimId: string;
  verdict: Verdict;
  statusAtReview: ClaimStatus;
  reviewerKeyId: string | null;
  reviewedAt: Date;
  status: ClaimStatus;
}

export interface ReviewStateRow {
  claimId: string;
  state: ReviewState;
  verdict: Verdict;
  reviewedAt: string;
  reviewerKeyId: string | null;
  divergent: boolean;
  priority: number;
}

/** One audit entry `merge` per merged row, by the importing key, with what the merge record says. */
async function recordImportedMerges(
  db: EntityManager,
  entityType: 'source' | 'claim',
  rows: { id: string; mergedIntoId: string | null }[],
  writer: Writer,
  record: (into: string) => object,
): Promise<void> {
  if (rows.length === 0) return;
  await db.query(
    `INSERT INTO audit_log (key_id, request_id, action, entity_type, entity_id, before, after)
     SELECT $1::uuid, $2::text, 'merge', $3::text, u.id, NULL, u.after
       FROM unnest($4::uuid[], $5::jsonb[]) WITH ORDINALITY AS u(id, after, ord)
      ORDER BY u.ord`,
    [
      writer.keyId,
      writer.requestId,
      entityType,
      rows.map((r) => r.id),
      rows.map((r) => JSON.stringify(record(r.mergedIntoId!))),
    ],
  );
}

/** A stored source as an import sees it: its group, and where it went if it was merged. */
export interface StoredSource {
  groupId: string;
  mergedInto: string | null;
}

/** A source row with the independence group worked out for it. */
export type GroupedSourceRow = SourceRow & { groupId: string };

/** The key that wrote the rows, and the request, for authorship and history. */
export interface Writer {
  keyId: string | null;
  requestId: string | null;
}

/** The sides that count towards agreement or disagreement (doubts and split count as shared only). */
const TAKES_A_SIDE = `('supports', 'refutes')`;

/**
 * The SQL of an import. Every write is one set-based statement per batch over `unnest` of arrays,
 * one array per column: a batch of thousands of rows costs one round trip. Existence checks read
 * many ids at once with `= ANY`, and lock what the API's own writers would lock.
 */
@Injectable()
export class ImportRepository {
  /**
   * Marks the transaction as a bulk load (live-event triggers then skip their per-row events) and
   * makes the scratch table the import keeps in the database rather than in memory: the claims whose
   * stances it changed (to recompute).
   */
  async begin(db: EntityManager): Promise<void> {
    await db.query(`SET LOCAL claimgraph.bulk = 'on'`);
    await db.query(
      `CREATE TEMPORARY TABLE bulk_touched_claims (id uuid PRIMARY KEY) ON COMMIT DROP`,
    );
    // Verdicts stored by this import: `stored` when the file gave the claim's status and score at
    // the time, else they are the claim's once the import is stored (see finishReviews).
    await db.query(
      `CREATE TEMPORARY TABLE bulk_new_reviews (id uuid PRIMARY KEY, claim_id uuid NOT NULL, stored boolean NOT NULL) ON COMMIT DROP`,
    );
  }

  /**
   * The independence group of each of these sources that exists, and the source it was merged into
   * (null when live). With `lock`, share-locks them in id order until commit, as stance writers do:
   * a concurrent change of grade or group, or a merge, then waits.
   */
  async findSourceGroups(
    db: EntityManager,
    ids: string[],
    lock: boolean,
  ): Promise<Map<string, StoredSource>> {
    if (ids.length === 0) return new Map();
    const rows = await queryRows<StoredSource & { id: string }>(
      db,
      `SELECT id, independence_group_id AS "groupId", merged_into_id AS "mergedInto"
         FROM sources WHERE id = ANY($1::uuid[])${lock ? ' ORDER BY id FOR SHARE' : ''}`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, { groupId: r.groupId, mergedInto: r.mergedInto }]));
  }

  /**
   * Which of these claims exist, and into which claim each was merged (null when live). Share-locks
   * them in id order: a merge or delete waits until the import has committed.
   */
  async findClaims(db: EntityManager, ids: string[]): Promise<Map<string, string | null>> {
    if (ids.length === 0) return new Map();
    const rows = await queryRows<{ id: string; mergedIntoId: string | null }>(
      db,
      `SELECT id, merged_into_id AS "mergedIntoId" FROM claims WHERE id = ANY($1::uuid[]) ORDER BY id FOR SHARE`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r.mergedIntoId]));
  }

  async findExistingLinkIds(db: EntityManager, ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await queryRows<{ id: string }>(
      db,
      `SELECT id FROM claim_links WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return new Set(rows.map((r) => r.id));
  }

  async insertSources(db: EntityManager, rows: GroupedSourceRow[], writer: Writer): Promise<void> {
    if (rows.length === 0) return;
    await db.query(
      `INSERT INTO sources (id, name, kind, description, aliases, url, affiliated_with_id, reliability, anonymous,
                            independence_group_id, created_at, updated_at, merged_into_id, merged_at,
                            created_by_key_id, updated_by_key_id)
       SELECT u.id, u.name, u.kind, u.description, ARRAY(SELECT jsonb_array_elements_text(u.aliases)), u.url,
              u.parent, u.reliability, u.anonymous, u.group_id, coalesce(u.created_at, now()),
              coalesce(u.updated_at, u.created_at, now()), u.merged_into,
              CASE WHEN u.merged_into IS NULL THEN NULL ELSE coalesce(u.merged_at, now()) END,
              $15::uuid, $15::uuid
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::jsonb[], $6::text[], $7::uuid[], $8::text[],
                     $9::boolean[], $10::uuid[], $11::timestamptz[], $12::timestamptz[], $13::uuid[],
                     $14::timestamptz[])
              WITH ORDINALITY AS u(id, name, kind, description, aliases, url, parent, reliability, anonymous,
                                   group_id, created_at, updated_at, merged_into, merged_at, ord)
        ORDER BY u.ord`,
      [
        rows.map((r) => r.id),
        rows.map((r) => r.name),
        rows.map((r) => r.kind),
        rows.map((r) => r.description),
        rows.map((r) => JSON.stringify(r.aliases)),
        rows.map((r) => r.url),
        rows.map((r) => r.parentId),
        rows.map((r) => r.reliability),
        rows.map((r) => r.anonymous),
        rows.map((r) => r.groupId),
        rows.map((r) => r.createdAt),
        rows.map((r) => r.updatedAt),
        rows.map((r) => r.mergedIntoId),
        rows.map((r) => r.mergedAt),
        writer.keyId,
      ],
    );
  }

  /**
   * Inserts claims with their first history entry (as `POST /v1/claims` records one). Their recompute
   * leaves the `updated_at` given here (see `CorroborationRepository.saveEvaluations`).
   */
  async insertClaims(db: EntityManager, rows: ClaimRow[], writer: Writer): Promise<void> {
    if (rows.length === 0) return;
    await db.query(
      `WITH created AS (
         INSERT INTO claims (id, statement, context, tags, occurred_at, language, merged_into_id, merged_at,
                             created_at, updated_at, created_by_key_id, updated_by_key_id)
         SELECT u.id, u.statement, u.context, ARRAY(SELECT jsonb_array_elements_text(u.tags)), u.occurred_at, u.language,
                u.merged_into, CASE WHEN u.merged_into IS NULL THEN NULL ELSE coalesce(u.merged_at, now()) END,
                coalesce(u.created_at, now()), coalesce(u.updated_at, now()), $11::uuid, $11::uuid
           FROM unnest($1::uuid[], $2::text[], $3::text[], $4::jsonb[], $5::timestamptz[], $6::text[], $7::uuid[],
                       $8::timestamptz[], $9::timestamptz[], $10::timestamptz[])
                WITH ORDINALITY AS u(id, statement, context, tags, occurred_at, language, merged_into, merged_at,
                                     created_at, updated_at, ord)
          ORDER BY u.ord
         RETURNING id, status, score
       )
       INSERT INTO claim_history (claim_id, from_status, to_status, from_score, to_score, support_groups,
                                  support_sources, refute_groups, refute_sources, cause, cause_id, key_id, request_id)
       SELECT c.id, NULL, c.status, NULL, c.score, 0, 0, 0, 0, 'claim_created', c.id, $11::uuid, $12::text FROM created c`,
      [
        rows.map((r) => r.id),
        rows.map((r) => r.statement),
        rows.map((r) => r.context),
        rows.map((r) => JSON.stringify(r.tags)),
        rows.map((r) => r.occurredAt),
        rows.map((r) => r.language),
        rows.map((r) => r.mergedIntoId),
        rows.map((r) => r.mergedAt),
        rows.map((r) => r.createdAt),
        // A new record was last changed when it was made, unless the file says otherwise.
        rows.map((r) => r.updatedAt ?? r.createdAt),
        writer.keyId,
        writer.requestId,
      ],
    );
  }

  /**
   * Records each merged source the file stored as `POST /v1/sources/{id}/merge` records one, so that
   * `POST /v1/sources/{id}/unmerge` can undo it. Nothing moved: an import lets nothing onto a merged
   * source.
   */
  recordSourceMerges(db: EntityManager, rows: SourceRow[], writer: Writer): Promise<void> {
    return recordImportedMerges(
      db,
      'source',
      rows,
      writer,
      (into) =>
        ({
          into,
          movedStanceIds: [],
          movedRelayIds: [],
          movedAffiliateIds: [],
          addedAliases: [],
          repointedMergedSourceIds: [],
          claimsRecomputed: 0,
        }) satisfies SourceMergeRecord,
    );
  }

  /**
   * Records each merged claim's merge as `POST /v1/claims/{id}/merge` does, in the audit trail, so
   * that `POST /v1/claims/{id}/unmerge` can undo it. Nothing moved: an import puts no stance or link
   * on a merged claim.
   */
  recordMerges(db: EntityManager, rows: ClaimRow[], writer: Writer): Promise<void> {
    return recordImportedMerges(
      db,
      'claim',
      rows,
      writer,
      (into) =>
        ({
          into,
          movedStanceIds: [],
          movedLinks: [],
          droppedLinks: [],
          repointedMergedClaimIds: [],
        }) satisfies MergeRecord,
    );
  }

  /**
   * Inserts stances in file order, so `seq` (the last tie-break between stances stated and recorded
   * at the same moment) follows the file, and notes their claims as needing a recompute. A stance
   * whose id is taken already is skipped; returns the ids stored when any was skipped, else null.
   */
  async insertStances(
    db: EntityManager,
    rows: StanceRow[],
    writer: Writer,
  ): Promise<Set<string> | null> {
    if (rows.length === 0) return null;
    const [result] = await queryRows<{ ids: string[] | null }>(
      db,
      `WITH added AS (
         INSERT INTO stances (id, claim_id, source_id, kind, stated_at, recorded_at, quote, evidence_url,
                              via_source_id, note, updated_at, created_by_key_id, updated_by_key_id)
         SELECT u.id, u.claim_id, u.source_id, u.kind, coalesce(u.stated_at, now()), coalesce(u.recorded_at, now()),
                u.quote, u.evidence_url, u.via, u.note, coalesce(u.updated_at, u.recorded_at, now()), $12::uuid, $12::uuid
           FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::timestamptz[], $6::timestamptz[],
                       $7::text[], $8::text[], $9::uuid[], $10::text[], $11::timestamptz[])
                WITH ORDINALITY AS u(id, claim_id, source_id, kind, stated_at, recorded_at, quote, evidence_url, via,
                                     note, updated_at, ord)
          ORDER BY u.ord
         ON CONFLICT (id) DO NOTHING
         RETURNING id, claim_id
       ),
       touched AS (
         INSERT INTO bulk_touched_claims (id) SELECT DISTINCT claim_id FROM added ON CONFLICT DO NOTHING
       )
       SELECT CASE WHEN count(*) < $13 THEN coalesce(array_agg(id::text), '{}') END AS ids FROM added`,
      [
        rows.map((r) => r.id),
        rows.map((r) => r.claimId),
        rows.map((r) => r.sourceId),
        rows.map((r) => r.kind),
        rows.map((r) => r.statedAt),
        rows.map((r) => r.recordedAt),
        rows.map((r) => r.quote),
        rows.map((r) => r.evidenceUrl),
        rows.map((r) => r.viaSourceId),
        rows.map((r) => r.note),
        rows.map((r) => r.updatedAt),
        writer.keyId,
        rows.length,
      ],
    );
    return result?.ids ? new Set(result.ids) : null;
  }

  /**
   * The positions (in `rows`) of links equal to one already stored: same ends and kind, either way
   * round for the kinds without a direction.
   */
  async findDuplicateLinks(db: EntityManager, rows: LinkRow[]): Promise<Set<number>> {
    if (rows.length === 0) return new Set();
    const found = await queryRows<{ i: number }>(
      db,
      `SELECT (u.ord - 1)::int AS i
         FROM unnest($1::uuid[], $2::uuid[], $3::text[]) WITH ORDINALITY AS u(from_id, to_id, kind, ord)
        WHERE EXISTS (SELECT 1 FROM claim_links l
                       WHERE l.kind = u.kind
                         AND ((l.from_claim_id = u.from_id AND l.to_claim_id = u.to_id)
                              OR (u.kind IN ('contradicts', 'related') AND l.from_claim_id = u.to_id AND l.to_claim_id = u.from_id)))`,
      [rows.map((r) => r.fromClaimId), rows.map((r) => r.toClaimId), rows.map((r) => r.kind)],
    );
    return new Set(found.map((r) => Number(r.i)));
  }

  async insertLinks(db: EntityManager, rows: LinkRow[], writer: Writer): Promise<void> {
    if (rows.length === 0) return;
    await db.query(
      `INSERT INTO claim_links (id, from_claim_id, to_claim_id, kind, note, created_at, created_by_key_id, updated_by_key_id)
       SELECT u.id, u.from_id, u.to_id, u.kind, u.note, coalesce(u.created_at, now()), $7::uuid, $7::uuid
         FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::timestamptz[])
              WITH ORDINALITY AS u(id, from_id, to_id, kind, note, created_at, ord)
        ORDER BY u.ord`,
      [
        rows.map((r) => r.id),
        rows.map((r) => r.fromClaimId),
        rows.map((r) => r.toClaimId),
        rows.map((r) => r.kind),
        rows.map((r) => r.note),
        rows.map((r) => r.createdAt),
        writer.keyId,
      ],
    );
  }

  async findExistingReviewIds(db: EntityManager, ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await queryRows<{ id: string }>(
      db,
      `SELECT id FROM claim_reviews WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return new Set(rows.map((r) => r.id));
  }

  /** Stores verdicts, by the importing key; those without stored values take the claim's for now. */
  async insertReviews(db: EntityManager, rows: ReviewRow[], writer: Writer): Promise<void> {
    if (rows.length === 0) return;
    await db.query(
      `WITH u AS (
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::float8[],
                              $7::timestamptz[])
                WITH ORDINALITY AS u(id, claim_id, verdict, rationale, status, score, created_at, ord)
       ), inserted AS (
         INSERT INTO claim_reviews (id, claim_id, verdict, rationale, reviewer_key_id, status_at_review,
                                    score_at_review, created_at)
         SELECT u.id, u.claim_id, u.verdict, u.rationale, $8::uuid, coalesce(u.status, c.status),
                coalesce(u.score, c.score), coalesce(u.created_at, now())
           FROM u JOIN claims c ON c.id = u.claim_id
          ORDER BY u.ord
         RETURNING 1
       )
       INSERT INTO bulk_new_reviews (id, claim_id, stored)
       SELECT id, claim_id, status IS NOT NULL FROM u`,
      [
        rows.map((r) => r.id),
        rows.map((r) => r.claimId),
        rows.map((r) => r.verdict),
        rows.map((r) => r.rationale),
        rows.map((r) => r.statusAtReview),
        rows.map((r) => r.scoreAtReview),
        rows.map((r) => r.createdAt),
        writer.keyId,
      ],
    );
  }

  /**
   * Once the import's claims are recomputed: verdicts given without stored values take the claim's
   * status and score as the import leaves them; answers, for each claim given a verdict, its latest
   * verdict and its status now, for its review state.
   */
  async finishReviews(db: EntityManager): Promise<LatestVerdictRow[]> {
    await db.query(
      `UPDATE claim_reviews r SET status_at_review = c.status, score_at_review = c.score
         FROM bulk_new_reviews b JOIN claims c ON c.id = b.claim_id
        WHERE r.id = b.id AND NOT b.stored`,
    );
    return queryRows<LatestVerdictRow>(
      db,
      `SELECT DISTINCT ON (r.claim_id) r.claim_id AS "claimId", r.verdict, r.status_at_review AS "statusAtReview",
              r.reviewer_key_id AS "reviewerKeyId", r.created_at AS "reviewedAt", c.status
         FROM claim_reviews r JOIN claims c ON c.id = r.claim_id
        WHERE r.claim_id IN (SELECT claim_id FROM bulk_new_reviews)
        ORDER BY r.claim_id, r.created_at DESC, r.id DESC`,
    );
  }

  /** Sets claims' review state from their latest verdicts (see finishReviews). */
  async setReviewStates(db: EntityManager, states: ReviewStateRow[]): Promise<void> {
    if (states.length === 0) return;
    await db.query(
      `UPDATE claims c
          SET review_state = v.state, review_verdict = v.verdict, reviewed_at = v.reviewed_at,
              reviewed_by_key_id = v.reviewer, review_divergent = v.divergent, review_priority = v.priority,
              version = c.version + 1,
              -- A claim this import stored keeps the updatedAt the file gave it.
              updated_at = CASE WHEN c.xmin = pg_current_xact_id()::xid THEN c.updated_at ELSE now() END
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[], $5::uuid[], $6::boolean[], $7::smallint[])
              AS v(id, state, verdict, reviewed_at, reviewer, divergent, priority)
        WHERE c.id = v.id`,
      [
        states.map((s) => s.claimId),
        states.map((s) => s.state),
        states.map((s) => s.verdict),
        states.map((s) => s.reviewedAt),
        states.map((s) => s.reviewerKeyId),
        states.map((s) => s.divergent),
        states.map((s) => s.priority),
      ],
    );
  }

  /**
   * The positions of the links (stored already, with the rest of their batch) from which their
   * origin can be reached again along links of their kind: each closes a cycle.
   */
  async findLinkCycles(db: EntityManager, rows: LinkRow[]): Promise<Set<number>> {
    if (rows.length === 0) return new Set();
    const found = await queryRows<{ i: number }>(
      db,
      `WITH RECURSIVE reach(i, kind, origin, id) AS (
         SELECT (u.ord - 1)::int, u.kind, u.from_id, u.to_id
           FROM unnest($1::uuid[], $2::uuid[], $3::text[]) WITH ORDINALITY AS u(from_id, to_id, kind, ord)
         UNION
         SELECT r.i, r.kind, r.origin, l.to_claim_id
           FROM reach r JOIN claim_links l ON l.from_claim_id = r.id AND l.kind = r.kind
          WHERE r.id <> r.origin
       )
       SELECT DISTINCT i FROM reach WHERE id = origin`,
      [rows.map((r) => r.fromClaimId), rows.map((r) => r.toClaimId), rows.map((r) => r.kind)],
    );
    return new Set(found.map((r) => Number(r.i)));
  }

  /**
   * Before the recompute: notes the group sides the claims it will recompute have now (only stored
   * claims have any, and the import's share locks keep other writers off them), and has the sides'
   * triggers leave the agreement pairs to `foldDeferredAgreement`.
   */
  async deferAgreement(db: EntityManager): Promise<void> {
    await db.query(
      `CREATE TEMPORARY TABLE bulk_sides_before ON COMMIT DROP AS
       SELECT s.claim_id, s.group_id, s.side
         FROM claim_group_sides s
        WHERE s.claim_id IN (SELECT id FROM bulk_touched_claims)`,
    );
    await db.query(`CREATE INDEX ON bulk_sides_before (claim_id)`);
    await db.query(`SET LOCAL claimgraph.agreement = 'deferred'`);
  }

  /**
   * After the recompute: the agreement deltas of every pair of groups on the recomputed claims (their
   * pairs now, less their pairs before), as the sides' triggers would have appended them statement
   * by statement; then the triggers count pairs again. Set-based, a range of claims at a time, so
   * each statement stays well inside the statement timeout however large the import.
   */
  async foldDeferredAgreement(db: EntityManager, claimsPerStatement: number): Promise<void> {
    let after: string | null = null;
    for (;;) {
      const ids = await this.findTouchedClaimIds(db, after, claimsPerStatement);
      if (ids.length === 0) break;
      const last = ids[ids.length - 1];
      await db.query(
        `WITH after AS (
           SELECT s.claim_id, s.group_id, s.side FROM claim_group_sides s
            WHERE ($1::uuid IS NULL OR s.claim_id > $1::uuid) AND s.claim_id <= $2::uuid
              AND s.claim_id IN (SELECT id FROM bulk_touched_claims)
         ), before AS (
           SELECT b.claim_id, b.group_id, b.side FROM bulk_sides_before b
            WHERE ($1::uuid IS NULL OR b.claim_id > $1::uuid) AND b.claim_id <= $2::uuid
         ), pairs AS (
           SELECT a.group_id AS ga, b.group_id AS gb, a.side AS sa, b.side AS sb, 1 AS sign
             FROM after a JOIN after b ON b.claim_id = a.claim_id AND b.group_id > a.group_id
           UNION ALL
           SELECT a.group_id, b.group_id, a.side, b.side, -1
             FROM before a JOIN before b ON b.claim_id = a.claim_id AND b.group_id > a.group_id
         ), sums AS (
           SELECT ga, gb,
                  coalesce(sum(sign) FILTER (WHERE sa = sb AND sa IN ${TAKES_A_SIDE}), 0) AS agree,
                  coalesce(sum(sign) FILTER (WHERE sa <> sb AND sa IN ${TAKES_A_SIDE} AND sb IN ${TAKES_A_SIDE}), 0) AS disagree,
                  sum(sign) AS shared
             FROM pairs GROUP BY ga, gb
         )
         INSERT INTO group_agreement_deltas (group_a, group_b, agree, disagree, shared)
         SELECT ga, gb, agree, disagree, shared FROM sums
          WHERE agree <> 0 OR disagree <> 0 OR shared <> 0`,
        [after, last],
      );
      after = last;
    }
    await db.query(`SET LOCAL claimgraph.agreement = 'immediate'`);
  }

  /** The claims whose stances this import changed, in id order, after `afterId`. */
  async findTouchedClaimIds(
    db: EntityManager,
    afterId: string | null,
    limit: number,
  ): Promise<string[]> {
    const rows = await queryRows<{ id: string }>(
      db,
      `SELECT id FROM bulk_touched_claims WHERE ($1::uuid IS NULL OR id > $1::uuid) ORDER BY id LIMIT $2`,
      [afterId, limit],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Appends the one live event of an import, where the live-event log exists (its per-row events
   * were skipped while `claimgraph.bulk` was on).
   */
  async emitImportCompleted(db: EntityManager, summary: object): Promise<void> {
    const [exists] = await queryRows<{ fn: string | null }>(
      db,
      `SELECT to_regprocedure('claimgraph_emit_event(text, uuid, jsonb)')::text AS fn`,
    );
    if (!exists?.fn) return;
    await db.query(`SELECT claimgraph_emit_event('import.completed', NULL, $1::jsonb)`, [
      JSON.stringify(summary),
    ]);
  }
}
