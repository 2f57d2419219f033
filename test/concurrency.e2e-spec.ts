import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CorroborationRepository } from '../src/corroboration/corroboration.repository.js';
import { CorroborationService } from '../src/corroboration/corroboration.service.js';
import { createClaim, createSource } from './factories.js';
import { createTestApp, type TestApp } from './test-app.js';

const KINDS = ['asserts', 'confirms', 'denies', 'questions', 'reports', 'retracts'] as const;
const GRADES = ['A', 'B', 'C', 'D', 'E', 'F'] as const;

/**
 * Many writers at once on the same claims and sources. Afterwards the stored status, score and
 * counts must equal a fresh evaluation, and a full recompute must find nothing out of date.
 */
describe('concurrent writers', () => {
  let t: TestApp;
  let corroboration: CorroborationService;

  beforeAll(async () => {
    t = await createTestApp();
    corroboration = new CorroborationService(t.db, new CorroborationRepository());
  });
  afterAll(async () => {
    await t?.close();
  });

  /** Stored values versus the rules applied to what is stored now. */
  async function expectCurrent(claimId: string): Promise<void> {
    const [stored] = await t.db.query(
      `SELECT status, score, support_groups AS "supportGroups", support_sources AS "supportSources",
              refute_groups AS "refuteGroups", refute_sources AS "refuteSources" FROM claims WHERE id = $1`,
      [claimId],
    );
    const fresh = await corroboration.explainClaim(claimId);
    expect({ ...stored, score: Number(stored.score) }).toEqual({
      status: fresh.status,
      score: fresh.score,
      supportGroups: fresh.support.groups,
      supportSources: fresh.support.sources,
      refuteGroups: fresh.refute.groups,
      refuteSources: fresh.refute.sources,
    });
  }

  /** Each source's stored group must be the root of its stored affiliation chain. */
  async function expectGroupsConsistent(): Promise<void> {
    const rows: { id: string; parent: string | null; group: string }[] = await t.db.query(
      'SELECT id, affiliated_with_id AS parent, independence_group_id AS "group" FROM sources',
    );
    const parent = new Map(rows.map((r) => [r.id, r.parent]));
    for (const r of rows) {
      let root = r.id;
      for (let p = parent.get(root); p; p = parent.get(root)) root = p;
      expect(r.group, `group of ${r.id}`).toBe(root);
    }
  }

  it('stores all fifty stances posted at once from fifty sources, and the status matches a recompute', async () => {
    const claim = await createClaim(t.http);
    const sources = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        createSource(t.http, { reliability: GRADES[i % GRADES.length] }),
      ),
    );
    const responses = await Promise.all(
      sources.map((s, i) =>
        request(t.http)
          .post(`/v1/claims/${claim.id}/stances`)
          .send({ sourceId: s.id, kind: KINDS[i % KINDS.length] }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(201));

    const [{ count }] = await t.db.query(
      'SELECT count(*)::int AS count FROM stances WHERE claim_id = $1',
      [claim.id],
    );
    expect(count).toBe(50);
    await expectCurrent(claim.id);
    const after = await request(t.http).get(`/v1/claims/${claim.id}`);
    expect(after.body.support.sources + after.body.refute.sources).toBe(
      responses.filter((r) => ['asserts', 'confirms', 'denies'].includes(r.body.kind)).length,
    );
    expect(await corroboration.recomputeAll()).toMatchObject({ stale: 0 });
  });

  it('keeps statuses right when affiliations change while stances are being written', async () => {
    const roots = await Promise.all(
      [0, 1, 2].map(() => createSource(t.http, { kind: 'government', reliability: 'B' })),
    );
    const members = await Promise.all(
      Array.from({ length: 12 }, () => createSource(t.http, { reliability: 'C' })),
    );
    const claims = await Promise.all([0, 1, 2].map(() => createClaim(t.http)));

    const writes: Promise<request.Response>[] = [];
    members.forEach((m, i) => {
      for (const claim of claims) {
        writes.push(
          request(t.http)
            .post(`/v1/claims/${claim.id}/stances`)
            .send({ sourceId: m.id, kind: i % 4 === 0 ? 'denies' : 'asserts' }),
        );
      }
      // Move each member under a root, and some of the roots under each other, while stances arrive.
      writes.push(
        request(t.http)
          .patch(`/v1/sources/${m.id}`)
          .send({ affiliatedWithId: roots[i % 3].id }),
      );
      if (i % 3 === 0) {
        writes.push(
          request(t.http)
            .patch(`/v1/sources/${roots[1].id}`)
            .send({ affiliatedWithId: i % 2 ? roots[0].id : null }),
        );
      }
    });
    const results = await Promise.all(writes);
    for (const r of results) expect([200, 201], JSON.stringify(r.body)).toContain(r.status);

    await expectGroupsConsistent();
    for (const claim of claims) await expectCurrent(claim.id);
    expect(await corroboration.recomputeAll()).toMatchObject({ stale: 0 });
  });

  it('sees a source’s new group whether its first stance lands before or after its parent moves', async () => {
    // Each round: a spokesman states his first stance on a claim at the very moment his ministry is
    // moved under a government that already supports the claim. Either order must end with one
    // supporting group, not two.
    const government = await createSource(t.http, { kind: 'government' });
    const rounds = await Promise.all(
      Array.from({ length: 40 }, async () => {
        const ministry = await createSource(t.http, { kind: 'government' });
        const spokesman = await createSource(t.http, { affiliatedWithId: ministry.id });
        const claim = await createClaim(t.http, {
          stances: [{ sourceId: government.id, kind: 'asserts' }],
        });
        return { ministry, spokesman, claim };
      }),
    );
    const results = await Promise.all(
      rounds.flatMap(({ ministry, spokesman, claim }) => [
        request(t.http)
          .post(`/v1/claims/${claim.id}/stances`)
          .send({ sourceId: spokesman.id, kind: 'confirms' }),
        request(t.http)
          .patch(`/v1/sources/${ministry.id}`)
          .send({ affiliatedWithId: government.id }),
      ]),
    );
    for (const r of results) expect([200, 201]).toContain(r.status);
    const stored: { status: string; groups: number }[] = await t.db.query(
      'SELECT status, support_groups AS groups FROM claims WHERE id = ANY($1::uuid[])',
      [rounds.map((r) => r.claim.id)],
    );
    expect(stored).toEqual(Array(40).fill({ status: 'unverified', groups: 1 }));
  });

  it('keeps scores right when reliability grades change while stances are being written', async () => {
    const sources = await Promise.all(Array.from({ length: 10 }, () => createSource(t.http)));
    const claim = await createClaim(t.http);
    const writes: Promise<request.Response>[] = [];
    sources.forEach((s, i) => {
      writes.push(
        request(t.http)
          .post(`/v1/claims/${claim.id}/stances`)
          .send({ sourceId: s.id, kind: i % 3 ? 'confirms' : 'denies' }),
      );
      writes.push(
        request(t.http)
          .patch(`/v1/sources/${s.id}`)
          .send({ reliability: GRADES[(i * 7) % GRADES.length] }),
      );
    });
    const results = await Promise.all(writes);
    for (const r of results) expect([200, 201]).toContain(r.status);
    await expectCurrent(claim.id);
  });

  it('never leaves a half-created claim when inline stances race a source deletion', async () => {
    const doomed = await createSource(t.http);
    const keeper = await createSource(t.http);
    const before = await t.db.query('SELECT count(*)::int AS n FROM claims');
    const [create, remove] = await Promise.all([
      request(t.http)
        .post('/v1/claims')
        .send({
          statement: 'Raced claim',
          stances: [
            { sourceId: keeper.id, kind: 'asserts' },
            { sourceId: doomed.id, kind: 'confirms' },
          ],
        }),
      request(t.http).delete(`/v1/sources/${doomed.id}`),
    ]);
    const after = await t.db.query('SELECT count(*)::int AS n FROM claims');
    if (create.status === 201) {
      // The claim won: the source now has stances, so it could not be deleted.
      expect(remove.status).toBe(409);
      expect(after[0].n).toBe(before[0].n + 1);
      await expectCurrent(create.body.id);
    } else {
      // The deletion won: the claim and both stances are absent, not half there.
      expect(remove.status).toBe(204);
      expect(create.status).toBe(422);
      expect(after[0].n).toBe(before[0].n);
      const orphans = await t.db.query(
        'SELECT count(*)::int AS n FROM stances WHERE source_id = $1',
        [keeper.id],
      );
      expect(orphans[0].n).toBe(0);
    }
  });

  it('finds and repairs a claim whose stored status was tampered with', async () => {
    const a = await createSource(t.http);
    const claim = await createClaim(t.http, { stances: [{ sourceId: a.id, kind: 'asserts' }] });
    await t.db.query(
      `UPDATE claims SET status = 'corroborated', support_groups = 5 WHERE id = $1`,
      [claim.id],
    );
    expect(await corroboration.recomputeAll()).toMatchObject({ stale: 1 });
    await expectCurrent(claim.id);
    expect(await corroboration.recomputeAll()).toMatchObject({ stale: 0 });
    const facts = await t.db.query('SELECT kind FROM stances WHERE claim_id = $1', [claim.id]);
    expect(facts).toEqual([{ kind: 'asserts' }]);
  });
});
