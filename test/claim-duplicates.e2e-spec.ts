import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClaim } from './factories.js';
import { createTestApp, type TestApp } from './test-app.js';

/** POST /v1/claims names claims that say mostly the same, before a duplicate spreads. */
describe('possible duplicates of a new claim', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  const create = async (body: Record<string, unknown>) => {
    const res = await request(t.http).post('/v1/claims').send(body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  };

  it('names an earlier claim in other words, with how alike they are', async () => {
    const first = await create({ statement: 'Trump requested a meeting with Rouhani' });
    expect(first.possibleDuplicates).toEqual([]);
    // trump, ask, meet, rouhani against trump, request, meet, rouhani: 3 words of 5 shared.
    const second = await create({ statement: 'Trump asked to meet Rouhani' });
    expect(second.possibleDuplicates).toEqual([expect.objectContaining({ id: first.id })]);
    expect(second.possibleDuplicates[0].similarity).toBeCloseTo(0.6, 10);
    // Two more words make it too different (3 of 7).
    const far = await create({ statement: 'Trump asked to meet Rouhani in New York' });
    expect(far.possibleDuplicates.map((d: { id: string }) => d.id)).toEqual([second.id]);
    const third = await create({ statement: 'Trump requested to meet Rouhani' });
    expect(third.possibleDuplicates).toEqual([
      {
        id: first.id,
        statement: 'Trump requested a meeting with Rouhani',
        status: 'unsourced',
        similarity: 1,
      },
      expect.objectContaining({ id: second.id }),
    ]);
    expect(third.possibleDuplicates[1].similarity).toBeCloseTo(0.6, 10);
  });

  it('leaves out other languages, merged claims and claims that merely share a word', async () => {
    await create({ statement: 'Trump a demandé une rencontre avec Rouhani', language: 'fr' });
    for (let i = 0; i < 20; i++) await createClaim(t.http, { statement: `Trump said ${i} things` });
    const merged = await create({ statement: 'Oil prices rose sharply in March' });
    const survivor = await create({ statement: 'Oil prices rose sharply in March 2018' });
    await request(t.http)
      .post(`/v1/claims/${merged.id}/merge`)
      .send({ into: survivor.id })
      .expect(200);

    const res = await create({ statement: 'Oil prices rose sharply in March' });
    expect(res.possibleDuplicates.map((d: { id: string }) => d.id)).toEqual([survivor.id]);
    const english = await create({ statement: 'Trump demanded a meeting with Rouhani' });
    for (const d of english.possibleDuplicates) expect(d.statement).not.toContain('rencontre');
    const unrelated = await create({ statement: 'Trump visits Paris' });
    expect(unrelated.possibleDuplicates).toEqual([]);
  });

  it('copes with statements of stop words, quotes and backslashes', async () => {
    for (const statement of ['the of a', "O'Brien's \\ claim", "O'Brien's \\ claim", "''\"\\\\"]) {
      const res = await create({ statement });
      expect(Array.isArray(res.possibleDuplicates)).toBe(true);
    }
  });
});
