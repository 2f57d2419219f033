import request from 'supertest';
import { QueryFailedError, Repository } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ClaimEntity } from '../src/claims/claim.entity.js';
import { createClaim } from './factories.js';
import { createTestApp, type TestApp } from './test-app.js';

/** Merge bookkeeping: what a merge records, and how an unmerge meets database trouble. */
describe('claim merges', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  const merge = (id: string, into: string) =>
    request(t.http).post(`/v1/claims/${id}/merge`).send({ into });
  const unmerge = (id: string) => request(t.http).post(`/v1/claims/${id}/unmerge`).send();

  it("keeps each moved link's kind in the merge record, and puts the link back on unmerge", async () => {
    const [duplicate, survivor, other] = [
      await createClaim(t.http),
      await createClaim(t.http),
      await createClaim(t.http),
    ];
    const link = await request(t.http)
      .post(`/v1/claims/${duplicate.id}/links`)
      .send({ toClaimId: other.id, kind: 'depends_on' });
    expect(link.status, JSON.stringify(link.body)).toBe(201);
    expect((await merge(duplicate.id, survivor.id)).status).toBe(200);
    const [entry] = await t.db.query(
      `SELECT after FROM audit_log WHERE entity_id = $1 AND action = 'merge' ORDER BY at DESC LIMIT 1`,
      [duplicate.id],
    );
    expect(entry.after.movedLinks).toEqual([
      { id: link.body.id, fromClaimId: duplicate.id, toClaimId: other.id, kind: 'depends_on' },
    ]);
    expect((await unmerge(duplicate.id)).status).toBe(200);
    const links = await t.db.query(
      'SELECT from_claim_id, to_claim_id, kind FROM claim_links WHERE id = $1',
      [link.body.id],
    );
    expect(links).toEqual([
      { from_claim_id: duplicate.id, to_claim_id: other.id, kind: 'depends_on' },
    ]);
  });

  it('retries an unmerge whose claim read meets a deadlock, instead of answering 404', async () => {
    const [duplicate, survivor] = [await createClaim(t.http), await createClaim(t.http)];
    expect((await merge(duplicate.id, survivor.id)).status).toBe(200);
    // Called below with the repository it was called on, so unbinding it here is safe.
    // eslint-disable-next-line @typescript-eslint/unbound-method
    const original = Repository.prototype.findOneBy;
    let failed = 0;
    const spy = vi.spyOn(Repository.prototype, 'findOneBy').mockImplementation(function (
      this: Repository<any>,
      where: any,
    ) {
      if (this.metadata.target === ClaimEntity && where?.id === duplicate.id && failed === 0) {
        failed++;
        return Promise.reject(
          new QueryFailedError(
            'SELECT …',
            [],
            Object.assign(new Error('deadlock detected'), { code: '40P01' }),
          ),
        );
      }
      return original.call(this, where);
    });
    try {
      const res = await unmerge(duplicate.id);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(failed).toBe(1);
    } finally {
      spy.mockRestore();
    }
    const [row] = await t.db.query('SELECT merged_into_id FROM claims WHERE id = $1', [
      duplicate.id,
    ]);
    expect(row.merged_into_id).toBeNull();
  });
});
