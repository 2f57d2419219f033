import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  REPLICA_NAME,
  startReplicaPair,
  waitUntil,
  type Cluster,
  type ReplicaPair,
} from '../bench/replica-pair.js';
import { Reads } from '../src/common/reads.js';
import { createTestApp, type TestApp } from './test-app.js';
import { createClaim } from './factories.js';

/**
 * Read replicas on a real streaming replica: a private PostgreSQL 15 primary and replica, started
 * for this file in a temporary directory (bench/replica-pair.ts) and removed after it. The app under
 * test writes to the primary and reads from the replica (docs/design.md §5.7).
 */

const TOKEN = 'claimgraph-consistency';

let pair: ReplicaPair;
let t: TestApp;
const apps: TestApp[] = [];

/** How many times a server has run the query behind GET /v1/claims/{id} (pg_stat_statements). */
async function claimViewCalls(cluster: Cluster): Promise<number> {
  const [row] = await cluster.query<{ calls: number }>(
    `SELECT coalesce(sum(s.calls), 0)::int AS calls
       FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
      WHERE d.datname = $1 AND s.query LIKE '%claim_links%' AND s.query LIKE '%FROM claims c WHERE c.id = $1'`,
    [pair.database],
    pair.database,
  );
  return row.calls;
}

interface ServerHealth {
  replica: number;
  reachable: boolean;
  replaying: boolean;
  lagMs: number | null;
  inUse: boolean;
}

async function replicaHealth(app: TestApp): Promise<ServerHealth> {
  const res = await request(app.raw).get('/health');
  expect(res.status).toBe(200);
  const servers = (res.body as { info: { replicas: { servers: ServerHealth[] } } }).info.replicas
    .servers;
  expect(servers).toHaveLength(1);
  return servers[0];
}

const replicaHas = async (table: 'claims' | 'sources', id: string): Promise<boolean> =>
  (await pair.replica.query(`SELECT 1 FROM ${table} WHERE id = $1`, [id], pair.database)).length >
  0;

beforeAll(async () => {
  pair = await startReplicaPair();
  t = await createTestApp({
    DATABASE_URL: pair.primary.url(pair.database),
    DATABASE_READ_URLS: pair.replica.url(pair.database),
    MIGRATIONS_RUN: true,
    REPLICA_CHECK_INTERVAL_MS: 200,
    REPLICA_MAX_LAG_MS: 15_000,
  });
  apps.push(t);
  await pair.primary.query('CREATE EXTENSION pg_stat_statements', [], pair.database);
  await waitUntil(async () => (await replicaHealth(t)).inUse, 'the replica to be in use');
});

afterAll(async () => {
  for (const app of apps.reverse()) await app.close().catch(() => undefined);
  await pair?.destroy();
});

describe('reads on a streaming replica', () => {
  it('answers reads from the replica: its statistics count them and the primary’s do not', async () => {
    const claim = await createClaim(t.http, { statement: 'Read from the replica' });
    await waitUntil(() => replicaHas('claims', claim.id), 'the claim to reach the replica');
    const health = await replicaHealth(t);
    expect(health).toMatchObject({ replica: 1, reachable: true, replaying: true, inUse: true });
    expect(health.lagMs).toBeLessThanOrEqual(15_000);

    const [onReplica, onPrimary] = [
      await claimViewCalls(pair.replica),
      await claimViewCalls(pair.primary),
    ];
    for (let i = 0; i < 20; i++) {
      const res = await request(t.http).get(`/v1/claims/${claim.id}`).expect(200);
      expect(res.body).toMatchObject({ id: claim.id, statement: 'Read from the replica' });
    }
    expect((await claimViewCalls(pair.replica)) - onReplica).toBe(20);
    expect((await claimViewCalls(pair.primary)) - onPrimary).toBe(0);
  });

  it('answers every write with a token and refuses a token it cannot have sent', async () => {
    const res = await request(t.http)
      .post('/v1/sources')
      .send({ name: `Token ${randomUUID()}`, kind: 'outlet' })
      .expect(201);
    expect(res.headers[TOKEN]).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
    const [{ lsn }] = await pair.primary.query<{ lsn: string }>(
      `SELECT pg_current_wal_lsn()::text AS lsn`,
    );
    const [{ behind }] = await pair.primary.query<{ behind: boolean }>(
      `SELECT $1::pg_lsn <= $2::pg_lsn AS behind`,
      [res.headers[TOKEN], lsn],
    );
    expect(behind).toBe(true);

    const bad = await request(t.http)
      .get(`/v1/sources/${res.body.id}`)
      .set(TOKEN, 'not a position');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'INVALID_CONSISTENCY_TOKEN' });
  });
});

describe('read-your-writes while the replica replays 4 s late', () => {
  beforeAll(async () => {
    await pair.replica.set('recovery_min_apply_delay', '4s');
    // The delay applies to what is replayed from now on: a write made now stays unseen for 4 s.
    await waitUntil(
      async () =>
        (
          await pair.replica.query<{ d: string }>(
            `SELECT current_setting('recovery_min_apply_delay') AS d`,
          )
        )[0].d === '4s',
      'the delay to take effect',
    );
  });
  afterAll(async () => {
    await pair.replica.set('recovery_min_apply_delay', null);
  });

  it('shows a write to the reader who sends its token, while others may read the replica’s older data', async () => {
    const created = await request(t.http)
      .post('/v1/claims')
      .send({ statement: 'Written while the replica is late' })
      .expect(201);
    const id = created.body.id as string;

    // Without the token the replica answers, and it has not replayed the claim yet.
    const stale = await request(t.http).get(`/v1/claims/${id}`);
    expect(stale.status).toBe(404);
    expect(await replicaHas('claims', id)).toBe(false);

    // With it, the answer waits for a replica that has the write, or comes from the primary.
    const fresh = await request(t.http)
      .get(`/v1/claims/${id}`)
      .set(TOKEN, created.headers[TOKEN])
      .expect(200);
    expect(fresh.body).toMatchObject({ id, statement: 'Written while the replica is late' });
    expect(fresh.headers.etag).toMatch(/^"1[-"]/); // version 1 (and, once assessed, when its assessment was computed)

    const edited = await request(t.http)
      .patch(`/v1/claims/${id}`)
      .set('If-Match', '"1"')
      .send({ context: 'edited' })
      .expect(200);
    const afterEdit = await request(t.http)
      .get(`/v1/claims/${id}`)
      .set(TOKEN, edited.headers[TOKEN])
      .expect(200);
    expect(afterEdit.body).toMatchObject({ context: 'edited', version: 2 });
    expect(afterEdit.headers.etag).toMatch(/^"2[-"]/);

    // A list read with the token sees the claim too.
    const list = await request(t.http)
      .get('/v1/claims')
      .query({ limit: 200 })
      .set(TOKEN, edited.headers[TOKEN])
      .expect(200);
    expect((list.body.items as { id: string }[]).map((c) => c.id)).toContain(id);
  });

  it('answers ?knownAt= for a recent moment from a server that has everything up to it', async () => {
    const created = await request(t.http)
      .post('/v1/claims')
      .send({ statement: 'Known at once' })
      .expect(201);
    const id = created.body.id as string;
    // No token: the replica lacks the claim for seconds yet, but "what was shown at T" must not
    // depend on which server answers.
    const res = await request(t.http)
      .get(`/v1/claims/${id}/corroboration`)
      .query({ knownAt: new Date().toISOString() })
      .expect(200);
    expect(res.body).toMatchObject({ claimId: id, status: 'unsourced' });
    expect(await replicaHas('claims', id)).toBe(false);
  });
});

describe('when the replica stops mid-run', () => {
  it('fails no request, reads from the primary meanwhile, and uses the replica again once it is back', async () => {
    const claim = await createClaim(t.http, { statement: 'Read through an outage' });
    await waitUntil(() => replicaHas('claims', claim.id), 'the claim to reach the replica');
    await waitUntil(async () => (await replicaHealth(t)).inUse, 'the replica to be in use');

    const statuses: number[] = [];
    let answered = 0;
    const reader = async (): Promise<void> => {
      for (let i = 0; i < 40; i++) {
        const res = await request(t.http).get(`/v1/claims/${claim.id}`);
        statuses.push(res.status);
        if (res.status === 200) expect(res.body.id).toBe(claim.id);
        answered++;
      }
    };
    const readers = Promise.all([reader(), reader(), reader(), reader()]);
    await waitUntil(() => Promise.resolve(answered >= 20), 'the first reads');
    await pair.replica.stop('fast');
    const answeredAtStop = answered;
    await readers;
    expect(answered - answeredAtStop).toBeGreaterThan(0);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);

    await waitUntil(async () => !(await replicaHealth(t)).inUse, 'the replica to be out of use');
    expect(await replicaHealth(t)).toMatchObject({ reachable: false, inUse: false });
    // Writes never needed it; reads are the primary's meanwhile.
    const during = await createClaim(t.http, { statement: 'Written while the replica is down' });
    await request(t.http).get(`/v1/claims/${during.id}`).expect(200);

    await pair.replica.start();
    await waitUntil(async () => (await replicaHealth(t)).inUse, 'the replica to be in use again');
    await waitUntil(() => replicaHas('claims', during.id), 'the replica to catch up');
    const before = await claimViewCalls(pair.replica);
    for (let i = 0; i < 10; i++) {
      await request(t.http).get(`/v1/claims/${during.id}`).expect(200);
    }
    expect((await claimViewCalls(pair.replica)) - before).toBe(10);
  });
});

describe('when the replica falls behind', () => {
  it('gets no reads while it lags more than REPLICA_MAX_LAG_MS, and gets them again once it catches up', async () => {
    const strict = await createTestApp(
      {
        DATABASE_URL: pair.primary.url(pair.database),
        DATABASE_READ_URLS: pair.replica.url(pair.database),
        REPLICA_CHECK_INTERVAL_MS: 100,
        REPLICA_MAX_LAG_MS: 1000,
        BOOTSTRAP_ADMIN_KEY: t.adminKey,
      },
      { sameDatabaseAs: t },
    );
    apps.push(strict);
    await waitUntil(async () => (await replicaHealth(strict)).inUse, 'the replica to be in use');

    await pair.replica.query('SELECT pg_wal_replay_pause()');
    try {
      const claim = await createClaim(strict.http, { statement: 'Written while replay is paused' });
      await waitUntil(
        async () => !(await replicaHealth(strict)).inUse,
        'the replica to fall out of use',
      );
      const health = await replicaHealth(strict);
      expect(health).toMatchObject({ reachable: true, replaying: true, inUse: false });
      expect(health.lagMs).toBeGreaterThan(1000);
      // The replica has not replayed the claim; the primary answers, with no token needed.
      expect(await replicaHas('claims', claim.id)).toBe(false);
      await request(strict.http).get(`/v1/claims/${claim.id}`).expect(200);

      await pair.replica.query('SELECT pg_wal_replay_resume()');
      await waitUntil(async () => (await replicaHealth(strict)).inUse, 'the replica to rejoin');
      // A 1 s bound can run out again on a busy machine: of a few reads, the replica runs some.
      const before = await claimViewCalls(pair.replica);
      for (let i = 0; i < 5; i++) {
        await request(strict.http).get(`/v1/claims/${claim.id}`).expect(200);
      }
      expect((await claimViewCalls(pair.replica)) - before).toBeGreaterThan(0);
    } finally {
      await pair.replica.query('SELECT pg_wal_replay_resume()');
    }
  });
});

describe('when the replica is promoted', () => {
  it('has every write the API acknowledged, with synchronous replication on', async () => {
    // "Acknowledged" is a 2xx answer. Commits wait for the replica to have the write on disk.
    await pair.primary.set('synchronous_standby_names', REPLICA_NAME);
    await waitUntil(async () => {
      const rows = await pair.primary.query<{ sync_state: string }>(
        `SELECT sync_state FROM pg_stat_replication WHERE application_name = $1`,
        [REPLICA_NAME],
      );
      return rows[0]?.sync_state === 'sync';
    }, 'the replica to be synchronous');

    const acknowledged: string[] = [];
    let attempts = 0;
    const writer = async (n: number): Promise<void> => {
      for (let i = 0; i < 30; i++) {
        attempts++;
        const res = await request(t.http)
          .post('/v1/sources')
          .send({ name: `Acknowledged ${n}-${i} ${randomUUID()}`, kind: 'outlet' });
        if (res.status === 201) acknowledged.push(res.body.id as string);
        else expect(res.status).toBe(503);
      }
    };
    const writers = Promise.all([0, 1, 2, 3].map(writer));
    await waitUntil(
      () => Promise.resolve(acknowledged.length >= 20),
      'the first acknowledged writes',
    );
    // The primary is lost mid-write, as in a crash, and the replica takes over.
    await pair.primary.stop('immediate');
    await writers;
    expect(attempts).toBe(120);
    await pair.replica.promote();

    const stored = await pair.replica.query<{ id: string }>(
      'SELECT id FROM sources WHERE id = ANY($1::uuid[])',
      [acknowledged],
      pair.database,
    );
    expect(stored.map((r) => r.id).sort()).toEqual([...acknowledged].sort());

    // The old instance (its /health is 503 now: its primary is gone) no longer reads from the
    // promoted server: a primary of its own is not a replica of the instance's primary.
    const reads = t.app.get(Reads);
    await waitUntil(
      () => Promise.resolve(reads.report()[0].replaying === false),
      'the instance to see the promotion',
    );
    expect(reads.report()[0]).toMatchObject({ reachable: true, replaying: false, inUse: false });

    // An instance pointed at the promoted server answers every acknowledged write.
    const promoted = await createTestApp({
      DATABASE_URL: pair.replica.url(pair.database),
      BOOTSTRAP_ADMIN_KEY: t.adminKey,
    });
    apps.push(promoted);
    for (const id of acknowledged) {
      await request(promoted.raw)
        .get(`/v1/sources/${id}`)
        .set('Authorization', `Bearer ${t.adminKey}`)
        .expect(200);
    }
  });
});
