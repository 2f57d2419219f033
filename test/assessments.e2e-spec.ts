import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './test-app.js';
import { createClaim, createSource } from './factories.js';

/** Polls until `probe` returns something other than undefined (the refresher works in the background). */
async function eventually<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('track records and the learned assessment', () => {
  let t: TestApp;
  let reliable: { id: string; name: string };
  let liar: { id: string; name: string };
  let fence: { id: string };
  /** Claims with verdicts: `reliable` was right on each, `liar` wrong. */
  const taught: string[] = [];

  const review = async (claimId: string, verdict: string) => {
    const res = await request(t.http)
      .post(`/v1/claims/${claimId}/reviews`)
      .send({ verdict, rationale: `Found ${verdict}` });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  };
  const trackRecord = async (sourceId: string) => {
    const res = await request(t.http).get(`/v1/sources/${sourceId}/track-record`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };
  const claimWith = async (stances: [string, string][]) =>
    (
      await createClaim(t.http, {
        stances: stances.map(([sourceId, kind]) => ({ sourceId, kind })),
      })
    ).id as string;
  /** The stored assessment once its `basis.verdicts` is `verdicts`. */
  const storedAssessment = (claimId: string, verdicts: number) =>
    eventually(async () => {
      const res = await request(t.http).get(`/v1/claims/${claimId}`);
      expect(res.status).toBe(200);
      return res.body.assessment?.basis.verdicts === verdicts ? res.body : undefined;
    }, `claim ${claimId}'s assessment on ${verdicts} verdicts`);

  beforeAll(async () => {
    t = await createTestApp({ ASSESSMENT_REFRESH_MS: 100 });
    reliable = await createSource(t.http, { name: 'Reliable Wire', kind: 'outlet' });
    liar = await createSource(t.http, { name: 'Rumour Mill', kind: 'outlet' });
    fence = await createSource(t.http, { name: 'Fence Sitter', kind: 'outlet' });
    for (let i = 0; i < 5; i++) {
      const isTrue = await claimWith([
        [reliable.id, 'asserts'],
        [liar.id, 'denies'],
        [fence.id, 'reports'],
      ]);
      await review(isTrue, i % 2 ? 'true' : 'mostly_true');
      const isFalse = await claimWith([
        [reliable.id, 'denies'],
        [liar.id, 'asserts'],
        [fence.id, 'reports'],
      ]);
      await review(isFalse, i % 2 ? 'false' : 'mostly_false');
      taught.push(isTrue, isFalse);
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  it('counts each source’s effective stances by the outcome of each verdict', async () => {
    const record = await trackRecord(reliable.id);
    expect(record).toMatchObject({
      sourceId: reliable.id,
      sourceName: 'Reliable Wire',
      verdicts: 10,
      counts: {
        true: { supporting: 5, refuting: 0, doubting: 0, neutral: 0 },
        false: { supporting: 0, refuting: 5, doubting: 0, neutral: 0 },
        unproven: { supporting: 0, refuting: 0, doubting: 0, neutral: 0 },
      },
      sides: { taken: 10, right: 10 },
      assignedGrade: 'F',
    });
    // Ten right sides out of ten, pulled towards the pooled accuracy (about half right: the other
    // outlet was always wrong) by a prior worth eight sides: about (10 + 8 × 0.5) / 18.
    expect(record.accuracy.estimate).toBeGreaterThan(0.75);
    expect(record.accuracy.estimate).toBeLessThan(0.85);
    expect(record.accuracy.low).toBeLessThan(record.accuracy.estimate);
    expect(record.accuracy.high).toBeGreaterThan(record.accuracy.estimate);
    expect(['A', 'B']).toContain(record.impliedGrade);
    expect(record.summary).toMatch(/took a side 10 times .* right 10 times/);

    const lies = await trackRecord(liar.id);
    expect(lies.sides).toEqual({ taken: 10, right: 0 });
    expect(lies.accuracy.estimate).toBeLessThan(0.3);
    expect(['D', 'E']).toContain(lies.impliedGrade);

    const matrix = (await trackRecord(fence.id)).matrix;
    for (const outcome of ['true', 'false', 'unproven'] as const) {
      const row = Object.values(matrix[outcome] as Record<string, number>);
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    }
  });

  it('predicts a new claim from the records, each group voting once, and stores the prediction', async () => {
    const fresh = await claimWith([
      [reliable.id, 'confirms'],
      [liar.id, 'denies'],
    ]);
    const claim = await storedAssessment(fresh, 10);
    const a = claim.assessment;
    expect(a.likely).toBe('true');
    expect(a.basis).toEqual({ verdicts: 10, groups: 2 });
    const p = a.probabilities;
    expect(p.true + p.false + p.unproven).toBeCloseTo(1, 5);
    expect(p.true).toBeGreaterThan(0.8);
    // The rules, which know nothing of records, still call it disputed: the assessment stands beside them.
    expect(claim.status).toBe('disputed');

    const [stored] = await t.db.query(
      `SELECT likely, p_true, verdicts, groups FROM claim_assessments WHERE claim_id = $1`,
      [fresh],
    );
    expect(stored).toMatchObject({ likely: 'true', verdicts: 10, groups: 2 });
    expect(Number(stored.p_true)).toBeCloseTo(p.true, 5);

    // The explanation shows what each group's vote contributes.
    const res = await request(t.http).get(`/v1/claims/${fresh}/corroboration`);
    expect(res.status).toBe(200);
    expect(res.body.assessment).toMatchObject({
      likely: 'true',
      basis: { verdicts: 10, groups: 2 },
    });
    expect(res.body.assessment.probabilities.true).toBeCloseTo(p.true, 5);
    const byName = Object.fromEntries(
      res.body.groups.map((g: { groupName: string; learned: unknown }) => [g.groupName, g.learned]),
    );
    expect(byName['Reliable Wire']).toMatchObject({ leans: 'true', verdicts: 10 });
    expect(byName['Rumour Mill']).toMatchObject({ leans: 'true', verdicts: 10 });
    expect(byName['Reliable Wire'].summary).toMatch(/rest on 10 verdicts.*favours true/);
  });

  it('votes once per independence group, however many of its members speak', async () => {
    const parent = await createSource(t.http, { name: 'Liar Holdings', kind: 'organization' });
    const subsidiaries = [];
    for (let i = 0; i < 4; i++)
      subsidiaries.push(
        await createSource(t.http, { kind: 'outlet', affiliatedWithId: parent.id }),
      );
    const claimId = await claimWith([
      [reliable.id, 'asserts'],
      ...subsidiaries.map((s): [string, string] => [s.id, 'denies']),
    ]);
    const { assessment } = await storedAssessment(claimId, 10);
    expect(assessment.basis.groups).toBe(2);
  });

  it('never lets a claim’s own verdict feed its own assessment', async () => {
    // Ten verdicts are known; each taught claim's assessment rests on the other nine.
    const claim = await storedAssessment(taught[0], 9);
    expect(claim.review.verdict).toBe('mostly_true');
    const res = await request(t.http).get(`/v1/claims/${taught[0]}/corroboration`);
    expect(res.body.assessment.basis.verdicts).toBe(9);
    expect(res.body.assessment.probabilities.true).toBeCloseTo(
      claim.assessment.probabilities.true,
      5,
    );
  });

  it('learns from the latest verdict only: a changed verdict un-teaches the old one, mixed teaches nothing', async () => {
    const claimId = await claimWith([[fence.id, 'asserts']]);
    await review(claimId, 'true');
    let record = await trackRecord(fence.id);
    expect(record.verdicts).toBe(11);
    expect(record.counts.true.supporting).toBe(1);

    await review(claimId, 'false');
    record = await trackRecord(fence.id);
    expect(record.verdicts).toBe(11);
    expect(record.counts.true.supporting).toBe(0);
    expect(record.counts.false.supporting).toBe(1);

    await review(claimId, 'mixed');
    record = await trackRecord(fence.id);
    expect(record.verdicts).toBe(10);
    expect(record.counts.false.supporting).toBe(0);
  });

  it('brings every claim the sources spoke on up to date after a verdict, in the background', async () => {
    const watched = await claimWith([[fence.id, 'asserts']]);
    const before = await storedAssessment(watched, 10);
    // Fence Sitter asserts something that turns out false: its supporting stances count for less.
    const lesson = await claimWith([[fence.id, 'asserts']]);
    await review(lesson, 'false');
    const after = await storedAssessment(watched, 11);
    expect(after.assessment.probabilities.false).toBeGreaterThan(
      before.assessment.probabilities.false,
    );
    // A moved assessment moves the ETag, so a cached copy is not served; If-Match still takes it.
    const first = await request(t.http).get(`/v1/claims/${watched}`);
    expect(first.headers.etag).toMatch(/^"\d+-a[0-9a-z]+"$/);
    const cached = await request(t.http)
      .get(`/v1/claims/${watched}`)
      .set('If-None-Match', first.headers.etag);
    expect(cached.status).toBe(304);
    const patched = await request(t.http)
      .patch(`/v1/claims/${watched}`)
      .set('If-Match', first.headers.etag)
      .send({ tags: ['watched'] });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
  });

  it('filters and sorts lists by the likely outcome and its probability, page by page', async () => {
    // Eleven verdicts teach by now. Wait until every claim's assessment rests on them (on the
    // other ten, for a claim with one of them).
    const all = await eventually(async () => {
      const res = await request(t.http).get('/v1/claims?limit=200');
      expect(res.status).toBe(200);
      const items = res.body.items as {
        id: string;
        review: { verdict: string | null };
        assessment?: { likely: string; basis: { verdicts: number } };
      }[];
      const settled = items.every(
        (c) =>
          c.assessment?.basis.verdicts ===
          (c.review.verdict && c.review.verdict !== 'mixed' ? 10 : 11),
      );
      return settled ? items : undefined;
    }, 'every claim assessed');
    const likelyTrue = all.filter((c) => c.assessment?.likely === 'true');
    expect(likelyTrue.length).toBeGreaterThanOrEqual(3);

    const seen: { id: string; assessment: { likely: string; probabilities: { true: number } } }[] =
      [];
    let cursor: string | null = null;
    do {
      const res: request.Response = await request(t.http)
        .get('/v1/claims')
        .query({ likely: 'true', sort: '-likelihood', limit: 2, ...(cursor && { cursor }) });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      seen.push(...res.body.items);
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen.map((c) => c.id).sort()).toEqual(likelyTrue.map((c) => c.id).sort());
    expect(seen.every((c) => c.assessment.likely === 'true')).toBe(true);
    const probabilities = seen.map((c) => c.assessment.probabilities.true);
    expect(probabilities).toEqual([...probabilities].sort((a, b) => b - a));

    const ascending = await request(t.http).get('/v1/claims').query({ sort: 'likelihood' });
    const values = (
      ascending.body.items as { assessment: { probabilities: Record<string, number> } }[]
    ).map((c) => Math.max(...Object.values(c.assessment.probabilities)));
    expect(values).toEqual([...values].sort((a, b) => a - b));

    // A search sorts by it too, keeping its snippets.
    const searched = await request(t.http)
      .get('/v1/claims')
      .query({ q: 'checkable', likely: 'true', sort: '-likelihood' });
    expect(searched.status, JSON.stringify(searched.body)).toBe(200);
    expect(searched.body.items.map((c: { id: string }) => c.id)).toEqual(seen.map((c) => c.id));
    expect(searched.body.items[0].match.snippet).toContain('<mark>checkable</mark>');

    const wrong = await request(t.http).get('/v1/claims').query({ likely: 'maybe' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors[0].field).toBe('likely');
  });

  it('answers 404 for an unknown source’s track record and 410 for a merged one', async () => {
    const missing = await request(t.http).get(
      '/v1/sources/00000000-0000-4000-8000-000000000000/track-record',
    );
    expect(missing.status).toBe(404);
    const twin = await createSource(t.http, { name: 'Reliable Wire (copy)', kind: 'outlet' });
    const merged = await request(t.http)
      .post(`/v1/sources/${twin.id}/merge`)
      .send({ into: reliable.id });
    expect(merged.status, JSON.stringify(merged.body)).toBe(200);
    const gone = await request(t.http).get(`/v1/sources/${twin.id}/track-record`);
    expect(gone.status).toBe(410);
    expect(gone.body.mergedIntoId).toBe(reliable.id);
  });

  it('shows no assessment for what Claimgraph showed at a past moment', async () => {
    const res = await request(t.http)
      .get(`/v1/claims/${taught[1]}/corroboration`)
      .query({ knownAt: new Date().toISOString() });
    expect(res.status).toBe(200);
    expect(res.body.assessment).toBeUndefined();
  });
});
