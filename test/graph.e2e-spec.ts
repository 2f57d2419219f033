import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClaim, loadFoundingArticle, type FoundingArticle } from './factories.js';
import { createTestApp, type TestApp } from './test-app.js';

interface Element {
  data: Record<string, any>;
}

describe('GET /v1/graph', () => {
  let t: TestApp;
  let ids: { sources: Record<string, string>; claims: Record<string, string>; data: FoundingArticle };

  beforeAll(async () => {
    t = await createTestApp();
    ids = await loadFoundingArticle(t.http);
  });
  afterAll(async () => {
    await t?.close();
  });

  const graph = (query: Record<string, string | number>) => request(t.http).get('/v1/graph').query(query);

  function expectClosed(nodes: Element[], edges: Element[]): void {
    const nodeIds = new Set(nodes.map((n) => n.data.id));
    expect(nodeIds.size).toBe(nodes.length);
    for (const e of edges) {
      expect(nodeIds.has(e.data.source), `edge ${e.data.id} source`).toBe(true);
      expect(nodeIds.has(e.data.target), `edge ${e.data.id} target`).toBe(true);
    }
  }

  it('answers a claim’s depth-1 neighbourhood: its sources, stances and linked claims', async () => {
    const res = await graph({ claimId: ids.claims['trump-request'] });
    expect(res.status).toBe(200);
    const { nodes, edges } = res.body.elements as { nodes: Element[]; edges: Element[] };
    expectClosed(nodes, edges);
    expect(res.body.truncated).toBe(false);

    const claimNode = nodes.find((n) => n.data.id === ids.claims['trump-request'])!;
    expect(claimNode.data).toMatchObject({ type: 'claim', status: 'disputed', dependsOnContested: false });
    expect(typeof claimNode.data.score).toBe('number');

    const sourceNodes = nodes.filter((n) => n.data.type === 'source').map((n) => n.data.id).sort();
    expect(sourceNodes).toEqual([ids.sources['fazaeli'], ids.sources['ghassemi'], ids.sources['white-house']].sort());
    const ghassemi = nodes.find((n) => n.data.id === ids.sources['ghassemi'])!;
    expect(ghassemi.data).toMatchObject({ kind: 'person', reliability: 'C', group: ids.sources['iran-government'] });

    const stanceEdges = edges.filter((e) => e.data.type === 'stance');
    const stored: { id: string }[] = await t.db.query('SELECT id FROM stances WHERE claim_id = $1', [ids.claims['trump-request']]);
    expect(stanceEdges.map((e) => e.data.id).sort()).toEqual(stored.map((s) => s.id).sort());
    expect(stanceEdges.find((e) => e.data.source === ids.sources['white-house'])!.data).toMatchObject({ kind: 'denies', target: ids.claims['trump-request'] });

    const linkEdges = edges.filter((e) => e.data.type === 'link').map((e) => [e.data.source, e.data.kind]);
    expect(linkEdges).toEqual(expect.arrayContaining([[ids.claims['iran-rebuffed'], 'depends_on'], [ids.claims['macron-offer'], 'related']]));
  });

  it('flags claims that depend on a disputed claim', async () => {
    const res = await graph({ claimId: ids.claims['trump-request'] });
    const rebuffed = (res.body.elements.nodes as Element[]).find((n) => n.data.id === ids.claims['iran-rebuffed'])!;
    expect(rebuffed.data.dependsOnContested).toBe(true);
  });

  it('reaches affiliations from a source, and further at depth 2', async () => {
    const one = await graph({ sourceId: ids.sources['iran-mfa'] });
    const oneEdges = one.body.elements.edges as Element[];
    expect(oneEdges.filter((e) => e.data.type === 'affiliation').map((e) => [e.data.source, e.data.target]).sort()).toEqual(
      [
        [ids.sources['ghassemi'], ids.sources['iran-mfa']],
        [ids.sources['iran-mfa'], ids.sources['iran-government']],
      ].sort(),
    );
    const two = await graph({ sourceId: ids.sources['iran-mfa'], depth: 2 });
    const twoNodes = (two.body.elements.nodes as Element[]).map((n) => n.data.id);
    // Two steps: the spokesman, then the claims he spoke on.
    expect(twoNodes).toEqual(expect.arrayContaining([ids.claims['trump-request'], ids.sources['rouhani']]));
    expectClosed(two.body.elements.nodes, two.body.elements.edges);
  });

  it('seeds from a tag and stops at maxNodes with truncated set', async () => {
    const full = await graph({ tag: 'unga-2017', depth: 3 });
    expect(full.status).toBe(200);
    expect(full.body.truncated).toBe(false);
    const cut = await graph({ tag: 'unga-2017', depth: 3, maxNodes: 5 });
    expect(cut.body.truncated).toBe(true);
    expect(cut.body.elements.nodes).toHaveLength(5);
    expectClosed(cut.body.elements.nodes, cut.body.elements.edges);
  });

  it.each([
    [{}, 400],
    [{ claimId: 'x' }, 400],
    [{ tag: 'iran', sourceId: '00000000-0000-4000-8000-000000000000' }, 400],
    [{ claimId: '00000000-0000-4000-8000-000000000000' }, 404],
    [{ sourceId: '00000000-0000-4000-8000-000000000000' }, 404],
    [{ tag: 'iran', depth: 4 }, 400],
    [{ tag: 'iran', maxNodes: 0 }, 400],
  ] as const)('refuses %j with %i', async (query, status) => {
    const res = await graph(query);
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it('answers 410 for a claim merged away', async () => {
    const a = await createClaim(t.http);
    const b = await createClaim(t.http);
    await request(t.http).post(`/v1/claims/${a.id}/merge`).send({ into: b.id }).expect(200);
    const res = await graph({ claimId: a.id });
    expect(res.status).toBe(410);
  });
});
