import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A claim's whole audit trail in one read (`GET /v1/audit?claimId=`): the claims each entry
 * concerns — the claim itself, a stance's claim, both ends of a link, a verdict's claim, the claim
 * a merge went into or came back from — worked out from the entry by an immutable function, and
 * indexed with GIN. Entries about sources, keys and imports concern no claim and are left out of
 * the index.
 */
export class AuditByClaim1797292800000 implements MigrationInterface {
  name = 'AuditByClaim1797292800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION audit_claim_ids(entity_type text, entity_id uuid, before jsonb, after jsonb)
      RETURNS uuid[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT coalesce(array_agg(DISTINCT v::uuid), '{}')
          FROM unnest(ARRAY[
                 CASE WHEN entity_type = 'claim' THEN entity_id::text END,
                 after ->> 'into', before ->> 'mergedInto',
                 after ->> 'claimId', before ->> 'claimId',
                 after ->> 'fromClaimId', after ->> 'toClaimId',
                 before ->> 'fromClaimId', before ->> 'toClaimId',
                 after -> 'review' ->> 'claimId', before -> 'review' ->> 'claimId'
               ]) v
         WHERE v ~ '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'
      $$`);
    await q.query(`
      CREATE INDEX idx_audit_log_claim ON audit_log
       USING gin (audit_claim_ids(entity_type, entity_id, before, after))
       WHERE entity_type IN ('claim', 'stance', 'link', 'review')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX idx_audit_log_claim`);
    await q.query(`DROP FUNCTION audit_claim_ids(text, uuid, jsonb, jsonb)`);
  }
}
