/**
 * `npm run stress`: every hostile client we know of, at once, against one production build on
 * PostgreSQL, while a well-behaved analyst reads and writes. Reports what the good client saw (p99,
 * errors), the server's peak memory, the database connections it held, and how soon after the
 * attack it served normally again. Talks to 127.0.0.1 only; everything it starts it stops.
 *
 *   npm run stress                     # 60 s of attack on 30,000 claims
 *   npm run stress -- --quick          # 10 s on 2,000 claims (CI's smoke run)
 *   options: --duration S  --claims N  --out DIR  --check (exit 1 when a target is missed)
 *   database: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres)
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { BuildCopy } from './build.js';
import {
  copyDataset,
  createDatabase,
  dropDatabase,
  migrate,
  recompute,
  vacuumAnalyze,
} from './database.js';
import { generateDataset } from './generate.js';
import { ChildServer, newAdminKey } from './server.js';

/** The attacks, each of which can be left out with --attacks (a comma-separated subset). */
const ATTACKS = [
  'exports',
  'events',
  'slowloris',
  'keyless',
  'trickle',
  'longkeys',
  'reads',
  'guesses',
] as const;

const TARGETS = { p99Ms: 250, fiveXx: 0, peakRssMb: 500, recoverMs: 5_000 };

const log = (message: string): void =>
  console.log(`[stress ${new Date().toISOString().slice(11, 19)}] ${message}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function options() {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      duration: { type: 'string' },
      claims: { type: 'string' },
      out: { type: 'string', default: 'bench/results' },
      check: { type: 'boolean', default: false },
      attacks: { type: 'string' },
    },
  });
  const attacks = new Set((values.attacks ?? ATTACKS.join(',')).split(',').filter(Boolean));
  for (const a of attacks)
    if (!(ATTACKS as readonly string[]).includes(a))
      throw new Error(`--attacks: no attack "${a}" (known: ${ATTACKS.join(', ')})`);
  const quick = values.quick;
  return {
    durationMs: Number(values.duration ?? (quick ? 10 : 60)) * 1000,
    claims: Number(values.claims ?? (quick ? 2_000 : 30_000)),
    out: values.out,
    check: values.check,
    quick,
    attacks,
  };
}

/** A socket that sends `head`, optionally trickles `drip` every `everyMs`, and never reads a byte. */
class DeafSocket {
  private readonly socket: net.Socket;
  private timer: NodeJS.Timeout | undefined;
  closed = false;

  constructor(port: number, head: string, drip?: string, everyMs = 3_000) {
    this.socket = net.connect(port, '127.0.0.1', () => {
      this.socket.write(head);
      this.socket.pause();
      if (drip)
        this.timer = setInterval(() => this.socket.writable && this.socket.write(drip), everyMs);
    });
    this.socket.on('error', () => undefined);
    this.socket.on('close', () => {
      this.closed = true;
      clearInterval(this.timer);
    });
  }

  end(): void {
    clearInterval(this.timer);
    this.socket.destroy();
  }
}

/** A loop of requests that stops when told; counts answers by status. */
class Loop {
  running = true;
  readonly statuses = new Map<number | string, number>();
  private readonly done: Promise<void>[] = [];

  constructor(
    parallel: number,
    private readonly step: () => Promise<number>,
  ) {
    for (let i = 0; i < parallel; i++) this.done.push(this.run());
  }

  private async run(): Promise<void> {
    while (this.running) {
      let status: number | string;
      try {
        status = await this.step();
        // Refused clients come back after a short pause rather than in a tight loop: a flood of
        // hundreds of requests a second is a volume attack, for the proxy in front, not this test.
        if (status === 429 || status === 401 || status === 503) await sleep(100);
      } catch (error) {
        status = (error as Error).name === 'TimeoutError' ? 'timeout' : 'error';
        await sleep(50);
      }
      this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.done);
  }
}

const quantile = (sorted: number[], q: number): number =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

async function main(): Promise<void> {
  const opts = options();
  const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const build = BuildCopy.make();
  const tmp = mkdtempSync(join(tmpdir(), 'claimgraph-stress-'));
  const db = await createDatabase(adminUrl, 'stress');
  const observer = new pg.Client({ connectionString: db.url });
  let server: ChildServer | undefined;
  try {
    log(`dataset: ${opts.claims} claims`);
    await migrate(build, db.url);
    const size = {
      sources: Math.max(50, opts.claims / 5),
      claims: opts.claims,
      stances: opts.claims * 10,
    };
    const data = await generateDataset(tmp, size, 7);
    await copyDataset(db.url, data);
    await recompute(build, db.url);
    await vacuumAnalyze(db.url);
    await observer.connect();

    const adminKey = newAdminKey();
    server = await ChildServer.start({
      name: 'claimgraph',
      script: build.path('server'),
      cwd: build.dir,
      logFile: join(tmp, 'server.log'),
      readyPath: '/health',
      env: {
        DATABASE_URL: db.url,
        BOOTSTRAP_ADMIN_KEY: adminKey,
        PUBLIC_READ: 'true',
        LOG_REQUESTS: 'false',
        LOG_LEVEL: 'error',
        MIGRATIONS_RUN: 'false',
      },
    });
    const base = server.baseUrl;
    const port = Number(new URL(base).port);
    const api = async (path: string, init: RequestInit & { key?: string } = {}) => {
      const res = await fetch(`${base}${path}`, {
        ...init,
        headers: {
          ...(init.key ? { authorization: `Bearer ${init.key}` } : {}),
          ...(init.body ? { 'content-type': 'application/json' } : {}),
          ...(init.headers as Record<string, string>),
        },
        signal: init.signal ?? AbortSignal.timeout(30_000),
      });
      const body = await res.text();
      return { status: res.status, body };
    };
    const makeKey = async (role: string, name: string): Promise<string> => {
      const res = await api('/v1/api-keys', {
        method: 'POST',
        key: adminKey,
        body: JSON.stringify({ name, role }),
      });
      if (res.status !== 201)
        throw new Error(`could not make a ${role} key: ${res.status} ${res.body}`);
      return (JSON.parse(res.body) as { key: string }).key;
    };
    const viewer = await makeKey('viewer', 'attacker viewer');
    const analyst = await makeKey('analyst', 'attacker analyst');
    const good = await makeKey('analyst', 'good analyst');
    const [hub] = (
      await observer.query<{ id: string }>(
        'SELECT source_id AS id FROM stances GROUP BY source_id ORDER BY count(*) DESC LIMIT 1',
      )
    ).rows;
    const claimIds = data.claimIds;
    const sourceIds = data.sourceIds;
    const pick = <T>(xs: T[]): T => xs[Math.floor(Math.random() * xs.length)];

    // The good client: one analyst reading and writing, one request at a time.
    const latencies: { at: number; ms: number; status: number; step: string }[] = [];
    const goodStep = async (): Promise<number> => {
      const claim = pick(claimIds);
      const steps: [string, string, RequestInit][] = [
        ['claim', `/v1/claims/${claim}`, {}],
        ['list', `/v1/claims?status=disputed&limit=20`, {}],
        [
          'stance write',
          `/v1/claims/${claim}/stances`,
          { method: 'POST', body: JSON.stringify({ sourceId: pick(sourceIds), kind: 'reports' }) },
        ],
        ['corroboration', `/v1/claims/${claim}/corroboration`, {}],
      ];
      let last = 0;
      for (const [step, path, init] of steps) {
        const started = performance.now();
        const { status } = await api(path, { ...init, key: good });
        latencies.push({ at: Date.now(), ms: performance.now() - started, status, step });
        last = status;
      }
      // About 13 requests a second: well inside a key's default budget of 1,200 a minute.
      await sleep(300);
      return last;
    };

    const samples = { peakRss: 0, peakConnections: 0, peakIdleInTransaction: 0 };
    const connections = async () =>
      (
        await observer.query<{ total: number; idle_tx: number }>(
          `SELECT count(*)::int AS total, count(*) FILTER (WHERE state LIKE 'idle in transaction%')::int AS idle_tx
             FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
        )
      ).rows[0];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const mem = server.memory();
        if (mem) samples.peakRss = Math.max(samples.peakRss, mem.rss);
        const c = await connections().catch(() => ({ total: 0, idle_tx: 0 }));
        samples.peakConnections = Math.max(samples.peakConnections, c.total);
        samples.peakIdleInTransaction = Math.max(samples.peakIdleInTransaction, c.idle_tx);
        await sleep(250);
      }
    })();

    log('warming up the good client (5 s)');
    const warm = new Loop(1, goodStep);
    await sleep(5_000);
    await warm.stop();
    latencies.length = 0;

    // Made before the attack starts: on a machine this small the attackers' own work would
    // otherwise be measured as the server's.
    const longKeyFile = Array.from({ length: opts.quick ? 20_000 : 200_000 }, (_, i) =>
      JSON.stringify({
        type: 'source',
        key: `${'k'.repeat(190)}${i}`,
        name: `Stress source ${i}`,
        kind: 'person',
        reliability: i === 0 ? 'Z' : 'C',
      }),
    ).join('\n');
    log(`attack: ${opts.durationMs / 1000} s, with the good client running`);
    const goodLoop = new Loop(1, goodStep);
    const attackStarted = Date.now();
    const sockets: DeafSocket[] = [];
    const auth = (key: string) => `Authorization: Bearer ${key}\r\n`;
    // Exports and event streams that never read their answer.
    const on = (a: (typeof ATTACKS)[number]) => opts.attacks.has(a);
    const idle = () => new Loop(0, () => Promise.resolve(0));
    if (on('exports'))
      for (let i = 0; i < 10; i++)
        sockets.push(
          new DeafSocket(port, `GET /v1/export HTTP/1.1\r\nHost: x\r\n${auth(viewer)}\r\n`),
        );
    if (on('events'))
      for (let i = 0; i < 200; i++) {
        const who = i % 2 === 0 ? auth(viewer) : '';
        sockets.push(
          new DeafSocket(
            port,
            `GET /v1/events HTTP/1.1\r\nHost: x\r\n${who}Last-Event-ID: 0\r\n\r\n`,
          ),
        );
      }
    // Slowloris: a header line every 3 s, never finishing.
    if (on('slowloris'))
      for (let i = 0; i < 20; i++)
        sockets.push(
          new DeafSocket(port, `GET /v1/claims HTTP/1.1\r\nHost: x\r\n`, 'X-Slow: 1\r\n'),
        );
    // Keyless bodies that announce 5 MB and send 1 KB.
    const keyless = !on('keyless')
      ? idle()
      : new Loop(2, async () => {
          const s = new DeafSocket(
            port,
            `POST /v1/claims HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5000000\r\n\r\n{"statement":"${'x'.repeat(1000)}`,
          );
          await sleep(200);
          s.end();
          return 0;
        });
    // A slow import: a few thousand stances on one claim, then a byte every 2 s.
    if (on('trickle'))
      sockets.push(
        new DeafSocket(
          port,
          `POST /v1/import HTTP/1.1\r\nHost: x\r\n${auth(analyst)}Content-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n` +
            chunk(
              Array.from({ length: 5_001 }, () =>
                JSON.stringify({
                  type: 'stance',
                  claimId: claimIds[0],
                  sourceId: pick(sourceIds),
                  kind: 'reports',
                }),
              ).join('\n') + '\n',
            ),
          chunk(' '),
          2_000,
        ),
      );
    // One import of many lines with long keys (200,000; 20,000 in quick mode), all refused in the
    // end: the key table's memory is the attack.
    const longKeys = !on('longkeys')
      ? idle()
      : new Loop(1, async () => {
          const status = (
            await api('/v1/import', {
              method: 'POST',
              key: analyst,
              body: longKeyFile,
              headers: { 'content-type': 'application/x-ndjson' },
            })
          ).status;
          longKeys.running = false;
          return status;
        });
    // Searches for common words, an `or` of them, and a hub's graph with one node.
    const reads = !on('reads')
      ? idle()
      : new Loop(10, async () => {
          const paths = [
            '/v1/claims?q=summit',
            '/v1/claims?q=talks%20or%20summit%20or%20election%20or%20sanctions',
            `/v1/graph?sourceId=${hub.id}&maxNodes=1`,
            `/v1/graph?sourceId=${hub.id}&depth=3`,
          ];
          return (await api(pick(paths), { key: viewer })).status;
        });
    // Random keys.
    const guesses = !on('guesses')
      ? idle()
      : new Loop(2, async () => (await api('/v1/claims', { key: newAdminKey() })).status);

    await sleep(opts.durationMs);
    log('attack over: stopping the attackers');
    for (const s of sockets) s.end();
    await Promise.all([keyless.stop(), longKeys.stop(), reads.stop(), guesses.stop()]);
    const attackEnded = Date.now();

    // Recovery: the first moment the good client is fast again, no transaction is left idle and
    // the connections are back to what the pool keeps.
    let recoveredAfterMs = NaN;
    while (Date.now() - attackEnded < 30_000) {
      const started = performance.now();
      const res = await api(`/v1/claims/${pick(claimIds)}`, { key: good }).catch(() => ({
        status: 0,
      }));
      const ms = performance.now() - started;
      const c = await connections();
      if (res.status === 200 && ms < TARGETS.p99Ms && c.idle_tx === 0 && c.total <= 12) {
        recoveredAfterMs = Date.now() - attackEnded;
        break;
      }
      await sleep(100);
    }
    await goodLoop.stop();
    sampling = false;
    await sampler;

    const during = latencies.filter((l) => l.at >= attackStarted && l.at <= attackEnded);
    const sorted = during.map((l) => l.ms).sort((a, b) => a - b);
    const byStatus: Record<string, number> = {};
    for (const l of during) byStatus[l.status] = (byStatus[l.status] ?? 0) + 1;
    const result = {
      claims: opts.claims,
      attackSeconds: opts.durationMs / 1000,
      good: {
        requests: during.length,
        byStatus,
        fiveXx: during.filter((l) => l.status >= 500).length,
        p50Ms: round(quantile(sorted, 0.5)),
        p99Ms: round(quantile(sorted, 0.99)),
        maxMs: round(sorted[sorted.length - 1]),
        p99MsByStep: Object.fromEntries(
          [...new Set(during.map((l) => l.step))].map((step) => [
            step,
            round(
              quantile(
                during
                  .filter((l) => l.step === step)
                  .map((l) => l.ms)
                  .sort((a, b) => a - b),
                0.99,
              ),
            ),
          ]),
        ),
      },
      p99MsByTenSeconds: Array.from({ length: Math.ceil(opts.durationMs / 10_000) }, (_, i) =>
        round(
          quantile(
            during
              .filter((l) => Math.floor((l.at - attackStarted) / 10_000) === i)
              .map((l) => l.ms)
              .sort((a, b) => a - b),
            0.99,
          ),
        ),
      ),
      attacks: [...opts.attacks],
      server: { peakRssMb: round(samples.peakRss / 2 ** 20) },
      database: {
        peakConnections: samples.peakConnections,
        peakIdleInTransaction: samples.peakIdleInTransaction,
      },
      recoveredAfterMs,
      attackers: {
        searchesAndGraphs: Object.fromEntries(reads.statuses),
        randomKeys: Object.fromEntries(guesses.statuses),
        longKeyImports: Object.fromEntries(longKeys.statuses),
        eventStreamsStillOpenAtEnd: sockets.filter((s) => !s.closed).length,
      },
    };
    const checks = [
      [
        'good client 5xx',
        result.good.fiveXx,
        `= ${TARGETS.fiveXx}`,
        result.good.fiveXx <= TARGETS.fiveXx,
      ],
      [
        'good client p99',
        `${result.good.p99Ms} ms`,
        `< ${TARGETS.p99Ms} ms`,
        result.good.p99Ms < TARGETS.p99Ms,
      ],
      [
        'server peak RSS',
        `${result.server.peakRssMb} MB`,
        `< ${TARGETS.peakRssMb} MB`,
        result.server.peakRssMb < TARGETS.peakRssMb,
      ],
      [
        'recovered after',
        `${recoveredAfterMs} ms`,
        `< ${TARGETS.recoverMs} ms`,
        recoveredAfterMs < TARGETS.recoverMs,
      ],
    ] as const;
    console.log(JSON.stringify(result, null, 2));
    const lines = [
      '| figure | measured | target | |',
      '|---|---|---|---|',
      ...checks.map(
        ([name, value, target, ok]) =>
          `| ${name} | ${value} | ${target} | ${ok ? 'PASS' : 'MISS'} |`,
      ),
      `| good client requests | ${result.good.requests} (p50 ${result.good.p50Ms} ms) | | |`,
      `| database connections held (peak) | ${result.database.peakConnections}, of which idle in transaction ${result.database.peakIdleInTransaction} | | |`,
    ];
    console.log(lines.join('\n'));
    mkdirSync(opts.out, { recursive: true });
    writeFileSync(join(opts.out, 'stress.json'), JSON.stringify(result, null, 2));
    writeFileSync(join(opts.out, 'stress.md'), lines.join('\n') + '\n');
    if (opts.check && checks.some(([, , , ok]) => !ok)) process.exitCode = 1;
  } finally {
    await server?.stop();
    await observer.end().catch(() => undefined);
    await dropDatabase(adminUrl, db.name).catch(() => undefined);
    rmSync(tmp, { recursive: true, force: true });
    build.remove();
  }
}

const round = (n: number): number => Math.round(n * 10) / 10;
const chunk = (text: string): string => `${Buffer.byteLength(text).toString(16)}\r\n${text}\r\n`;

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
