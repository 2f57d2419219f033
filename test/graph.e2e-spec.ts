import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createClaim,
  createSource,
  loadFoundingArticle,
  type FoundingArticle,
} from './factories.js';
import { createTestApp, type TestApp } from './test-app.js';

interface Element {
  data: Record<string, any>;
}

describe('GET /v1/graph', () => {
  let t: TestApp;
  let ids: {
    sources: Record<string, string>;
    claims: Record<string, string>;
    data: FoundingArticle;
  };

  beforeAll(async () => {
    t = await createTestApp();
    ids = await loadFoundingArticle(t.http);
  });
  afterAll(async () => {
    await t?.close();
  });

  const graph = (query: Record<string, string | number>) =>
    request(t.http).get('/v1/graph').query(query);

  /** The claims and sources drawn: what maxNodes counts (group nodes come on top). */
  const drawn = (nodes: Element[]): Element[] =>
    nodes.filter((n) => n.data.type === 'claim' || n.data.type === 'source');

  function expectClosed(nodes: Element[], edges: Element[]): void {
    const nodeIds = new Set(nodes.map((n) => n.data.id));
    expect(nodeIds.size).toBe(nodes.length);
    // Every source sits in its group's compound node, and every group node holds a source.
    const sources = nodes.filter((n) => n.data.type === 'source');
    for (const n of sources)
      expect(nodeIds.has(n.data.parent), `parent of ${n.data.id}`).toBe(true);
    const parents = new Set(sources.map((n) => n.data.parent));
    for (const g of nodes.filter((n) => n.data.type === 'group')) {
      expect(parents.has(g.data.id), `group ${g.data.id} holds a source`).toBe(true);
    }
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
    expect(claimNode.data).toMatchObject({
      type: 'claim',
      status: 'disputed',
      dependsOnContested: false,
    });
    expect(typeof claimNode.data.score).toBe('number');

    const sourceNodes = nodes
      .filter((n) => n.data.type === 'source')
      .map((n) => n.data.id)
      .sort();
    expect(sourceNodes).toEqual(
      [ids.sources['fazaeli'], ids.sources['ghassemi'], ids.sources['white-house']].sort(),
    );
    const ghassemi = nodes.find((n) => n.data.id === ids.sources['ghassemi'])!;
    expect(ghassemi.data).toMatchObject({
      kind: 'person',
      reliability: 'C',
      group: ids.sources['iran-government'],
    });

    const stanceEdges = edges.filter((e) => e.data.type === 'stance');
    const stored: { id: string }[] = await t.db.query(
      'SELECT id FROM stances WHERE claim_id = $1',
      [ids.claims['trump-request']],
    );
    expect(stanceEdges.map((e) => e.data.id).sort()).toEqual(stored.map((s) => s.id).sort());
    expect(
      stanceEdges.find((e) => e.data.source === ids.sources['white-house'])!.data,
    ).toMatchObject({ kind: 'denies', target: ids.claims['trump-request'] });

    const linkEdges = edges
      .filter((e) => e.data.type === 'link')
      .map((e) => [e.data.source, e.data.kind]);
    expect(linkEdges).toEqual(
      expect.arrayContaining([
        [ids.claims['iran-rebuffed'], 'depends_on'],
        [ids.claims['macron-offer'], 'related'],
      ]),
    );
  });

  it('follows only the links between claims with walk=links: the claims around one, and theirs', async () => {
    const seed = ids.claims['trump-request'];
    // The claims within two links of the seed, either way, as stored.
    const stored: { id: string; from_claim_id: string; to_claim_id: string }[] = await t.db.query(
      `WITH one AS (SELECT * FROM claim_links WHERE $1 IN (from_claim_id, to_claim_id)),
            near AS (SELECT from_claim_id AS id FROM one UNION SELECT to_claim_id FROM one)
       SELECT id, from_claim_id, to_claim_id FROM claim_links
        WHERE from_claim_id IN (SELECT id FROM near) OR to_claim_id IN (SELECT id FROM near)`,
      [seed],
    );
    const direct = stored.filter((l) => seed === l.from_claim_id || seed === l.to_claim_id);
    expect(direct.length).toBeGreaterThan(1);
    const res = await graph({ claimId: seed, depth: 2, walk: 'links' });
    expect(res.status).toBe(200);
    const { nodes, edges } = res.body.elements as { nodes: Element[]; edges: Element[] };
    expectClosed(nodes, edges);
    expect(new Set(nodes.map((n) => n.data.type))).toEqual(new Set(['claim']));
    expect(new Set(edges.map((e) => e.data.type))).toEqual(new Set(['link']));
    expect(edges.map((e) => e.data.id).sort()).toEqual(stored.map((l) => l.id).sort());
    const reached = new Set(stored.flatMap((l) => [l.from_claim_id, l.to_claim_id]));
    expect(nodes.map((n) => n.data.id).sort()).toEqual([...reached].sort());

    // The budget goes to linked claims only: just enough for the seed and its direct links.
    const tight = await graph({ claimId: seed, walk: 'links', maxNodes: 1 + direct.length });
    expect(tight.body.truncated).toBe(false);
    expect(tight.body.elements.nodes).toHaveLength(1 + direct.length);
    const everything = await graph({ claimId: seed, maxNodes: 1 + direct.length });
    expect(everything.body.truncated).toBe(true);

    const bad = await graph({ claimId: seed, walk: 'sources' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['walk']);
  });

  it('carries what Cytoscape.js draws with: short labels, group compound nodes, polarities', async () => {
    const res = await graph({ claimId: ids.claims['trump-request'] });
    const { nodes, edges } = res.body.elements as { nodes: Element[]; edges: Element[] };
    const [claim]: { statement: string }[] = await t.db.query(
      'SELECT statement FROM claims WHERE id = $1',
      [ids.claims['trump-request']],
    );
    const claimNode = nodes.find((n) => n.data.id === ids.claims['trump-request'])!;
    expect(claimNode.data.statement).toBe(claim.statement);
    expect([...claimNode.data.label].length).toBeLessThanOrEqual(60);
    expect(claim.statement.startsWith(claimNode.data.label.replace(/…$/, ''))).toBe(true);

    // Ghassemi speaks for the ministry, which answers to the government: one group, one compound node.
    const government = ids.sources['iran-government'];
    const [root]: { name: string }[] = await t.db.query('SELECT name FROM sources WHERE id = $1', [
      government,
    ]);
    const ghassemi = nodes.find((n) => n.data.id === ids.sources['ghassemi'])!;
    expect(ghassemi.data.parent).toBe(`group:${government}`);
    expect(nodes.filter((n) => n.data.id === `group:${government}`)).toEqual([
      { data: { id: `group:${government}`, type: 'group', label: root.name, group: government } },
    ]);
    const whiteHouse = nodes.find((n) => n.data.id === ids.sources['white-house'])!;
    expect(whiteHouse.data.parent).not.toBe(ghassemi.data.parent);
    expect(nodes.filter((n) => n.data.type === 'group')).toHaveLength(
      new Set(nodes.filter((n) => n.data.type === 'source').map((n) => n.data.group)).size,
    );

    const stances: { id: string; kind: string }[] = await t.db.query(
      'SELECT id, kind FROM stances WHERE claim_id = $1',
      [ids.claims['trump-request']],
    );
    const polarity: Record<string, string> = {
      asserts: 'support',
      confirms: 'support',
      denies: 'refute',
      questions: 'doubt',
      reports: 'neutral',
      declines_to_confirm: 'neutral',
      retracts: 'withdrawn',
    };
    for (const s of stances) {
      expect(edges.find((e) => e.data.id === s.id)!.data.polarity).toBe(polarity[s.kind]);
    }
    for (const e of edges.filter((x) => x.data.type === 'link')) {
      expect(e.data.polarity).toBe(e.data.kind === 'contradicts' ? 'refute' : 'neutral');
    }
  });

  it('flags claims that depend on a disputed claim', async () => {
    const res = await graph({ claimId: ids.claims['trump-request'] });
    const rebuffed = (res.body.elements.nodes as Element[]).find(
      (n) => n.data.id === ids.claims['iran-rebuffed'],
    )!;
    expect(rebuffed.data.dependsOnContested).toBe(true);
  });

  it('reaches affiliations from a source, and further at depth 2', async () => {
    const one = await graph({ sourceId: ids.sources['iran-mfa'] });
    const oneEdges = one.body.elements.edges as Element[];
    expect(
      oneEdges
        .filter((e) => e.data.type === 'affiliation')
        .map((e) => [e.data.source, e.data.target])
        .sort(),
    ).toEqual(
      [
        [ids.sources['ghassemi'], ids.sources['iran-mfa']],
        [ids.sources['iran-mfa'], ids.sources['iran-government']],
      ].sort(),
    );
    const two = await graph({ sourceId: ids.sources['iran-mfa'], depth: 2 });
    const twoNodes = (two.body.elements.nodes as Element[]).map((n) => n.data.id);
    // Two steps: the spokesman, then the claims he spoke on.
    expect(twoNodes).toEqual(
      expect.arrayContaining([ids.claims['trump-request'], ids.sources['rouhani']]),
    );
    expectClosed(two.body.elements.nodes, two.body.elements.edges);
  });

  it('seeds from a tag and stops at maxNodes with truncated set', async () => {
    const full = await graph({ tag: 'unga-2017', depth: 3 });
    expect(full.status).toBe(200);
    expect(full.body.truncated).toBe(false);
    const cut = await graph({ tag: 'unga-2017', depth: 3, maxNodes: 5 });
    expect(cut.body.truncated).toBe(true);
    expect(drawn(cut.body.elements.nodes)).toHaveLength(5);
    expectClosed(cut.body.elements.nodes, cut.body.elements.edges);
  });

  /** Stances stored straight away (the graph reads them as they are): `[claimId, sourceId, kind, statedAt]`. */
  async function storeStances(rows: [string, string, string, string][]): Promise<void> {
    await t.db.query(
      `INSERT INTO stances (id, claim_id, source_id, kind, stated_at)
       SELECT gen_random_uuid(), u.claim_id, u.source_id, u.kind, u.stated_at
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::timestamptz[]) AS u(claim_id, source_id, kind, stated_at)`,
      [rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map((r) => r[2]), rows.map((r) => r[3])],
    );
    // Statistics as production has them: the planner then expects a node's average count of
    // stances, not the hub's.
    await t.db.query('ANALYZE stances');
  }

  /** `count` claims stored straight away, for scale. */
  async function storeClaims(count: number): Promise<string[]> {
    const rows: { id: string }[] = await t.db.query(
      `INSERT INTO claims (id, statement) SELECT gen_random_uuid(), 'Hub claim ' || i FROM generate_series(1, $1::int) AS i RETURNING id`,
      [count],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Runs `work` and counts the stance rows the database read for it: the statements it ran that
   * read stances are run again in one transaction, whose own table statistics say how many rows of
   * `stances` they fetched.
   */
  async function stanceRowsRead(work: () => Promise<unknown>): Promise<number> {
    const spy = vi.spyOn(t.db, 'query');
    let reads: [string, unknown[] | undefined][];
    try {
      await work();
    } finally {
      reads = spy.mock.calls
        .filter(([sql]) => /\bstances\b|claimgraph_stance_pages/.test(sql))
        .map(([sql, params]) => [sql, params as unknown[] | undefined]);
      spy.mockRestore();
    }
    expect(reads.length).toBeGreaterThan(0);
    return t.db.transaction(async (tx) => {
      const fetched = async (): Promise<number> => {
        const [row] = await tx.query(
          `SELECT coalesce(idx_tup_fetch, 0) + coalesce(seq_tup_read, 0) AS n
             FROM pg_stat_xact_user_tables WHERE relname = 'stances'`,
        );
        return Number(row.n);
      };
      const before = await fetched();
      for (const [sql, params] of reads) await tx.query(sql, params);
      return (await fetched()) - before;
    });
  }

  it('stops reading a hub’s stances once maxNodes is reached', async () => {
    const hub = await createSource(t.http);
    const claims = await storeClaims(300);
    // Ordinary sources besides, a few dozen stances each (on old dates): the planner's idea of a
    // source's stances is their average, far from the hub's.
    const ordinary: { id: string }[] = await t.db.query(
      `INSERT INTO sources (id, name, kind, reliability, independence_group_id)
       SELECT g.id, 'Ordinary ' || g.i, 'person', 'C', g.id
         FROM (SELECT gen_random_uuid() AS id, i FROM generate_series(1, 60) AS i) g
       RETURNING id`,
    );
    await storeStances([
      ...ordinary.flatMap(({ id }, i) =>
        Array.from({ length: 30 }, (_, j): [string, string, string, string] => [
          claims[(i * 30 + j) % claims.length],
          id,
          'reports',
          new Date(Date.UTC(2020, 0, 1) + j * 60_000).toISOString(),
        ]),
      ),
      ...claims.map((c, i): [string, string, string, string] => [
        c,
        hub.id,
        'reports',
        new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString(),
      ]),
    ]);

    let res: request.Response | undefined;
    let read = await stanceRowsRead(async () => {
      res = await graph({ sourceId: hub.id, maxNodes: 1 });
    });
    expect(res!.status).toBe(200);
    expect(res!.body.truncated).toBe(true);
    expect(drawn(res!.body.elements.nodes).map((n: Element) => n.data.id)).toEqual([hub.id]);
    expect(res!.body.elements.edges).toEqual([]);
    // Every one of the hub's 300 stances was read before; now what one more node needs.
    expect(read).toBeLessThanOrEqual(5);

    let three: request.Response | undefined;
    read = await stanceRowsRead(async () => {
      three = await graph({ sourceId: hub.id, maxNodes: 3 });
    });
    expect(read).toBeLessThanOrEqual(10);
    three = three!;
    expect(three.body.truncated).toBe(true);
    expect(drawn(three.body.elements.nodes)).toHaveLength(3);
    expectClosed(three.body.elements.nodes, three.body.elements.edges);
    // Newest first: the claims the hub spoke on last.
    expect(three.body.elements.edges.map((e: Element) => e.data.target).sort()).toEqual(
      [claims[299], claims[298]].sort(),
    );

    const all = await graph({ sourceId: hub.id, maxNodes: 301 });
    expect(all.body.truncated).toBe(false);
    expect(drawn(all.body.elements.nodes)).toHaveLength(301);
    expect(all.body.elements.edges).toHaveLength(300);
  });

  it('reads on past a source’s restatements to the next neighbour, keeping each source’s latest stance', async () => {
    const claim = (await storeClaims(1))[0];
    const [restating, once] = [await createSource(t.http), await createSource(t.http)];
    const others = await Promise.all([0, 1, 2].map(() => createSource(t.http)));
    const at = (minute: number) => new Date(Date.UTC(2024, 0, 1) + minute * 60_000).toISOString();
    // Oldest first: 200 stances by other sources, one by `once`, then 40 restatements ending in a denial.
    await storeStances([
      ...Array.from({ length: 200 }, (_, i): [string, string, string, string] => [
        claim,
        others[i % 3].id,
        'reports',
        at(i),
      ]),
      [claim, once.id, 'asserts', at(300)],
      ...Array.from({ length: 40 }, (_, i): [string, string, string, string] => [
        claim,
        restating.id,
        i === 39 ? 'denies' : 'asserts',
        at(400 + i),
      ]),
    ]);
    const [latest]: { id: string }[] = await t.db.query(
      `SELECT id FROM stances WHERE claim_id = $1 AND source_id = $2 AND kind = 'denies'`,
      [claim, restating.id],
    );

    let res: request.Response | undefined;
    const read = await stanceRowsRead(async () => {
      res = await graph({ claimId: claim, maxNodes: 3 });
    });
    expect(res!.status).toBe(200);
    expect(res!.body.truncated).toBe(true);
    const nodes = drawn(res!.body.elements.nodes as Element[])
      .map((n) => n.data.id)
      .sort();
    expect(nodes).toEqual([claim, restating.id, once.id].sort());
    const edges = (res!.body.elements.edges as Element[]).map((e) => [
      e.data.source,
      e.data.kind,
      e.data.id,
    ]);
    expect(edges).toHaveLength(2);
    expect(edges).toContainEqual([restating.id, 'denies', latest.id]);
    expect(edges).toContainEqual([once.id, 'asserts', expect.any(String)]);
    // Not the 241 stances the claim has.
    expect(read).toBeLessThan(100);

    const whole = await graph({ claimId: claim });
    expect(whole.body.truncated).toBe(false);
    expect(drawn(whole.body.elements.nodes)).toHaveLength(6);
    expect((whole.body.elements.edges as Element[]).map((e) => e.data.id)).toContain(latest.id);
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
