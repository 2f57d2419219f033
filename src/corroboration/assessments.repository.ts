import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Prepared, queryOne, queryRows } from '../common/sql.js';
import type { Verdict } from '../domain/review.rules.js';
import type { Outcome } from '../domain/outcomes.js';

/** A claim's learned assessment as stored (see the claim-assessments migration). */
export interface StoredAssessment {
  claimId: string;
  likely: Outcome;
  pTrue: number;
  pFalse: number;
  pUnproven: number;
  verdicts: number;
  groups: number;
  computedAt: Date;
}

type AssessmentRow = Omit<StoredAssessment, 'computedAt'> & { computedAt: Date | string };

/** The columns of `claim_assessments` as `StoredAssessment`, for a table aliased `a`. */
export const ASSESSMENT_COLUMNS = `a.claim_id AS "claimId", a.likely, a.p_true AS "pTrue", a.p_false AS "pFalse",
       a.p_unproven AS "pUnproven", a.verdicts, a.groups, a.computed_at AS "computedAt"`;

export const toStoredAssessment = (r: AssessmentRow): StoredAssessment => ({
  ...r,
  pTrue: Number(r.pTrue),
  pFalse: Number(r.pFalse),
  pUnproven: Number(r.pUnproven),
  computedAt: new Date(r.computedAt),
});

/** The SQL behind the learned assessments and the track records they rest on. */
/** AssessmentsRepository.probe's statement: run before every explanation, so planned once. */
const MODEL_PROBE = new Prepared(
  'assessment-model-probe',
  `SELECT (SELECT count(*) || ':' || coalesce(sum(hashtext(id::text || review_verdict || version::text)::bigint), 0)
             FROM claims WHERE review_verdict IS NOT NULL AND merged_into_id IS NULL)
          || '/' ||
          (SELECT count(*) || ':' || coalesce(sum(hashtext(id::text || merged_into_id::text)::bigint), 0)
             FROM sources WHERE merged_into_id IS NOT NULL) AS probe`,
);

@Injectable()
export class AssessmentsRepository {
  /**
   * A cheap summary of everything the track records are learned from: the verdicts of live claims
   * (with their versions, which move whenever their stances do) and the merged sources (a merge
   * moves stances from one source to another). When it is unchanged, so are the track records.
   */
  async probe(db: EntityManager): Promise<string> {
    const row = await queryOne<{ probe: string }>(db, MODEL_PROBE);
    return row!.probe;
  }

  /** Live claims with a verdict, in id order. */
  findVerdicts(db: EntityManager): Promise<{ id: string; verdict: Verdict }[]> {
    return queryRows(
      db,
      `SELECT id, review_verdict AS verdict FROM claims
        WHERE review_verdict IS NOT NULL AND merged_into_id IS NULL ORDER BY id`,
    );
  }

  /** Which of these claims are live, with their verdicts (null when none). */
  async findLiveVerdicts(db: EntityManager, ids: string[]): Promise<Map<string, Verdict | null>> {
    const rows = await queryRows<{ id: string; verdict: Verdict | null }>(
      db,
      `SELECT id, review_verdict AS verdict FROM claims WHERE id = ANY($1::uuid[]) AND merged_into_id IS NULL`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r.verdict]));
  }

  /** The state of the track records the stored assessments were computed from; locked when asked. */
  async lockModel(db: EntityManager): Promise<string | null> {
    await db.query(
      `INSERT INTO assessment_model (id, fingerprint) VALUES (1, '') ON CONFLICT (id) DO NOTHING`,
    );
    const row = await queryOne<{ fingerprint: string }>(
      db,
      `SELECT fingerprint FROM assessment_model WHERE id = 1 FOR UPDATE`,
    );
    return row?.fingerprint || null;
  }

  async saveModel(db: EntityManager, fingerprint: string): Promise<void> {
    await db.query(
      `UPDATE assessment_model SET fingerprint = $1, changed_at = now() WHERE id = 1`,
      [fingerprint],
    );
  }

  /**
   * Queues every live claim: the track records changed, so every assessment may have. What was
   * queued before is dropped first, since this covers it (rows queued by transactions this one
   * cannot see yet stay, and so do their claims).
   */
  async enqueueAll(db: EntityManager): Promise<void> {
    await db.query(`DELETE FROM assessment_queue`);
    await db.query(
      `INSERT INTO assessment_queue (claim_id) SELECT id FROM claims WHERE merged_into_id IS NULL ORDER BY id`,
    );
  }

  /**
   * Takes up to `limit` queued claims off the queue, oldest first, skipping rows another refresher
   * holds; returns each claim once. The rows are gone when the transaction commits.
   */
  async takeQueued(db: EntityManager, limit: number): Promise<string[]> {
    const rows = await queryRows<{ claimId: string }>(
      db,
      `DELETE FROM assessment_queue WHERE id IN (
         SELECT id FROM assessment_queue ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
       RETURNING claim_id AS "claimId"`,
      [limit],
    );
    return [...new Set(rows.map((r) => r.claimId))];
  }

  /**
   * Stores assessments (of claims that still exist), replacing earlier ones that differ; an
   * unchanged one keeps its `computed_at`, so a claim's ETag moves only when its assessment does.
   */
  async save(db: EntityManager, rows: Omit<StoredAssessment, 'computedAt'>[]): Promise<void> {
    if (rows.length === 0) return;
    await db.query(
      `INSERT INTO claim_assessments AS a (claim_id, likely, p_true, p_false, p_unproven, likelihood, verdicts, groups)
       SELECT v.claim_id, v.likely, v.p_true, v.p_false, v.p_unproven,
              GREATEST(v.p_true, v.p_false, v.p_unproven), v.verdicts, v.groups
         FROM unnest($1::uuid[], $2::text[], $3::float8[], $4::float8[], $5::float8[], $6::int[], $7::int[])
              AS v(claim_id, likely, p_true, p_false, p_unproven, verdicts, groups)
         JOIN claims c ON c.id = v.claim_id
        ORDER BY v.claim_id
       ON CONFLICT (claim_id) DO UPDATE
          SET likely = EXCLUDED.likely, p_true = EXCLUDED.p_true, p_false = EXCLUDED.p_false,
              p_unproven = EXCLUDED.p_unproven, likelihood = EXCLUDED.likelihood,
              verdicts = EXCLUDED.verdicts, groups = EXCLUDED.groups, computed_at = now()
        WHERE (a.likely, a.p_true, a.p_false, a.p_unproven, a.verdicts, a.groups)
              IS DISTINCT FROM (EXCLUDED.likely, EXCLUDED.p_true, EXCLUDED.p_false, EXCLUDED.p_unproven,
                                EXCLUDED.verdicts, EXCLUDED.groups)`,
      [
        rows.map((r) => r.claimId),
        rows.map((r) => r.likely),
        rows.map((r) => r.pTrue),
        rows.map((r) => r.pFalse),
        rows.map((r) => r.pUnproven),
        rows.map((r) => r.verdicts),
        rows.map((r) => r.groups),
      ],
    );
  }

  async find(db: EntityManager, claimIds: string[]): Promise<Map<string, StoredAssessment>> {
    if (claimIds.length === 0) return new Map();
    const rows = await queryRows<AssessmentRow>(
      db,
      `SELECT ${ASSESSMENT_COLUMNS} FROM claim_assessments a WHERE a.claim_id = ANY($1::uuid[])`,
      [claimIds],
    );
    return new Map(rows.map((r) => [r.claimId, toStoredAssessment(r)]));
  }
}
