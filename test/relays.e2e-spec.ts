import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStance, createClaim, createSource } from './factories.js';
import { createTestApp, type TestApp } from './test-app.js';

/** Relays and anonymous sources (docs/design.md §3.3), end to end: API, stored values and graph. */
describe('relays and anonymous sources', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  const stored = async (claimId: string) =>
    (
      await t.db.query(
        `SELECT status, support_groups AS "supportGroups", support_sources AS "supportSources"
           FROM claims WHERE id = $1`,
        [claimId],
      )
    )[0];

  const explain = async (claimId: string) => {
    const res = await request(t.http).get(`/v1/claims/${claimId}/corroboration`);
    expect(res.status).toBe(200);
    return res.body;
  };

  it('stores and answers whether a source is anonymous, and refuses a non-boolean', async () => {
    const officials = await createSource(t.http, {
      name: 'unnamed U.S. officials',
      anonymous: true,
    });
    expect(officials.anonymous).toBe(true);
    const named = await createSource(t.http, { name: 'A named person' });
    expect(named.anonymous).toBe(false);
    const [row] = await t.db.query('SELECT anonymous FROM sources WHERE id = $1', [officials.id]);
    expect(row.anonymous).toBe(true);

    const bad = await request(t.http)
      .post('/v1/sources')
      .send({ name: 'x', kind: 'person', anonymous: 'yes' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([
      expect.objectContaining({ field: 'anonymous', message: expect.stringContaining('boolean') }),
    ]);
  });

  it('counts an outlet that asserts a scoop it only relayed from unnamed officials once: unverified', async () => {
    const nyt = await createSource(t.http, {
      name: 'The New York Times',
      kind: 'outlet',
      reliability: 'B',
    });
    const officials = await createSource(t.http, { name: 'unnamed officials', anonymous: true });
    const claim = await createClaim(t.http, {
      stances: [
        { sourceId: officials.id, kind: 'asserts', viaSourceId: nyt.id },
        { sourceId: nyt.id, kind: 'asserts' },
      ],
    });
    expect(claim.status).toBe('unverified');
    expect(await stored(claim.id)).toEqual({
      status: 'unverified',
      supportGroups: 1,
      supportSources: 2,
    });
    const e = await explain(claim.id);
    expect(e.groups).toHaveLength(1);
    expect(e.groups[0].groupId).toBe(nyt.id);
    expect(e.groups[0].summary).toContain(
      'unnamed officials asserts it, via The New York Times (an unnamed source, counted with The New York Times)',
    );
    const member = e.groups[0].members.find(
      (m: { sourceId: string }) => m.sourceId === officials.id,
    );
    expect(member).toMatchObject({
      viaSourceId: nyt.id,
      viaSourceName: 'The New York Times',
      anonymous: true,
      countedWith: { reason: 'anonymous', sourceNames: ['The New York Times'] },
    });
  });

  it('counts a relay with the named source it passed on, yet keeps two named sources it relayed apart', async () => {
    const outlet = await createSource(t.http, { name: 'Relaying Outlet', kind: 'outlet' });
    const minister = await createSource(t.http, { name: 'The Minister' });
    const spokesman = await createSource(t.http, { name: 'The Spokesman' });
    const claim = await createClaim(t.http, {
      stances: [
        { sourceId: minister.id, kind: 'asserts', viaSourceId: outlet.id },
        { sourceId: outlet.id, kind: 'asserts' },
      ],
    });
    expect(await stored(claim.id)).toMatchObject({ status: 'unverified', supportGroups: 1 });
    const e = await explain(claim.id);
    expect(e.groups[0].summary).toContain(
      'Relaying Outlet asserts it only by relaying The Minister, so it is not counted again',
    );

    await addStance(t.http, claim.id, {
      sourceId: spokesman.id,
      kind: 'confirms',
      viaSourceId: outlet.id,
    });
    expect(await stored(claim.id)).toEqual({
      status: 'corroborated',
      supportGroups: 2,
      supportSources: 3,
    });
  });

  it('re-evaluates the stored status when a source is marked anonymous, and audits the change', async () => {
    const outlet = await createSource(t.http, { name: 'Outlet of a scoop', kind: 'outlet' });
    const insider = await createSource(t.http, { name: 'an insider' });
    const claim = await createClaim(t.http, {
      stances: [
        { sourceId: insider.id, kind: 'asserts', viaSourceId: outlet.id },
        { sourceId: outlet.id, kind: 'asserts', statedAt: '2024-01-01T00:00:00Z' },
      ],
    });
    // The outlet's own stance is counted with the insider it relayed: one voice either way.
    expect(await stored(claim.id)).toMatchObject({ status: 'unverified', supportGroups: 1 });

    const other = await createSource(t.http, { name: 'Another named witness' });
    await addStance(t.http, claim.id, { sourceId: other.id, kind: 'asserts' });
    expect(await stored(claim.id)).toMatchObject({ status: 'corroborated', supportGroups: 2 });

    const patched = await request(t.http)
      .patch(`/v1/sources/${insider.id}`)
      .send({ anonymous: true });
    expect(patched.status).toBe(200);
    expect(patched.body.anonymous).toBe(true);
    // Still two voices: the outlet with its unnamed insider, and the named witness.
    expect(await stored(claim.id)).toMatchObject({ status: 'corroborated', supportGroups: 2 });
    const e = await explain(claim.id);
    const outletGroup = e.groups.find((g: { groupId: string }) => g.groupId === outlet.id);
    expect(outletGroup.members.map((m: { sourceId: string }) => m.sourceId).sort()).toEqual(
      [insider.id, outlet.id].sort(),
    );

    const [audit] = await t.db.query(
      `SELECT before->>'anonymous' AS before, after->>'anonymous' AS after
         FROM audit_log WHERE entity_id = $1 AND action = 'update'`,
      [insider.id],
    );
    expect(audit).toEqual({ before: 'false', after: 'true' });
  });

  it('re-evaluates claims whose anonymous stances a relay carried when the relay joins another group', async () => {
    const paper = await createSource(t.http, { name: 'A paper', kind: 'outlet' });
    const owner = await createSource(t.http, { name: 'Its owner', kind: 'organization' });
    const anon = await createSource(t.http, {
      name: 'sources close to the matter',
      anonymous: true,
    });
    const claim = await createClaim(t.http, {
      stances: [
        { sourceId: anon.id, kind: 'asserts', viaSourceId: paper.id },
        { sourceId: owner.id, kind: 'asserts' },
      ],
    });
    expect(await stored(claim.id)).toMatchObject({ status: 'corroborated', supportGroups: 2 });
    // The paper turns out to belong to the owner: its unnamed sources are the owner's voice.
    const moved = await request(t.http)
      .patch(`/v1/sources/${paper.id}`)
      .send({ affiliatedWithId: owner.id });
    expect(moved.status).toBe(200);
    expect(await stored(claim.id)).toMatchObject({ status: 'unverified', supportGroups: 1 });
    const [history] = await t.db.query(
      `SELECT cause, cause_id AS "causeId", to_status AS "to" FROM claim_history
        WHERE claim_id = $1 ORDER BY id DESC LIMIT 1`,
      [claim.id],
    );
    expect(history).toEqual({ cause: 'source_changed', causeId: paper.id, to: 'unverified' });
  });

  it('draws relay edges in the graph, and marks anonymous sources', async () => {
    const outlet = await createSource(t.http, { name: 'Graph Outlet', kind: 'outlet' });
    const anon = await createSource(t.http, { name: 'a graph insider', anonymous: true });
    const claim = await createClaim(t.http, {
      stances: [
        { sourceId: anon.id, kind: 'asserts', viaSourceId: outlet.id },
        { sourceId: outlet.id, kind: 'reports' },
      ],
    });
    const res = await request(t.http).get('/v1/graph').query({ claimId: claim.id, depth: 1 });
    expect(res.status).toBe(200);
    const edges = res.body.elements.edges.map((e: { data: Record<string, unknown> }) => e.data);
    const relay = edges.find((e: { type: string }) => e.type === 'relay');
    expect(relay).toMatchObject({ source: outlet.id, target: anon.id, claim: claim.id });
    const stance = edges.find(
      (e: { type: string; source: string }) => e.type === 'stance' && e.source === anon.id,
    );
    expect(stance.via).toBe(outlet.id);
    expect(relay.id).toBe(`relay:${stance.id}`);
    const node = res.body.elements.nodes.find(
      (n: { data: { id: string } }) => n.data.id === anon.id,
    );
    expect(node.data.anonymous).toBe(true);
  });

  it('carries the anonymous mark through export and import', async () => {
    const anon = await createSource(t.http, { name: 'an exported insider', anonymous: true });
    const exported = await request(t.http).get('/v1/export');
    expect(exported.status).toBe(200);
    const line = exported.text
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l))
      .find((l) => l.id === anon.id);
    expect(line).toMatchObject({ type: 'source', anonymous: true });

    const imported = await request(t.http)
      .post('/v1/import')
      .set('content-type', 'application/x-ndjson')
      .send(
        `${JSON.stringify({ type: 'source', key: 'a', name: 'an imported insider', kind: 'person', anonymous: true })}\n`,
      );
    expect(imported.status, JSON.stringify(imported.body)).toBe(200);
    const [row] = await t.db.query('SELECT anonymous FROM sources WHERE id = $1', [
      imported.body.keys.a,
    ]);
    expect(row.anonymous).toBe(true);
  });
});
