/**
 * `npm run bench:sse`: what live event streams cost one instance as clients are added. For each
 * count of clients, a fresh built server on a scratch PostgreSQL database: its memory and CPU idle
 * with no stream, then with N streams open (GET /v1/events, raw node:http, one connection each),
 * then W stance writes through the API, spaced apart, and for each the delay from sending it to the
 * first and to the last of the N clients receiving its `stance.added` event; every event the log
 * holds for the writes must reach every client. The same writes with no stream open first give the
 * CPU the writes cost by themselves, so what is left is the fan-out's. pg_stat_activity says how
 * many database connections the instance holds meanwhile: one LISTEN connection, whatever N.
 *
 *   npm run bench:sse -- [--clients 100,500,1000] [--writes 50] [--gap 100] [--idle 15]
 *                        [--against <another build's dist/>] [--out bench/results] [--keep]
 *   database: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres)
 *
 * Each client is a socket in this process and one in the server's: the open-file limit (`ulimit
 * -n`) of both must exceed the largest N (the run checks its own and stops if it is too low). The
 * server's stream caps (EVENTS_MAX_STREAMS, EVENTS_MAX_STREAMS_PER_KEY) are raised for the run
 * through its environment: every client uses the one admin key.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { BuildCopy } from './build.js';
import { query } from './database.js';
import { percentile } from './load.js';
import { fmt, log, writeResults } from './report.js';
import { Resources } from './resources.js';
import { newAdminKey, startApp, type ChildServer } from './server.js';

const USAGE =
  'Usage: npm run bench:sse -- [--clients 100,500,1000] [--writes 50] [--gap 100] [--idle 15] ' +
  "[--against <another build's dist/>] [--out bench/results] [--keep]";

function options() {
  const { values } = parseArgs({
    options: {
      clients: { type: 'string', default: '100,500,1000' },
      writes: { type: 'string', default: '50' },
      gap: { type: 'string', default: '100' },
      idle: { type: 'string', default: '15' },
      against: { type: 'string' },
      out: { type: 'string', default: 'bench/results' },
      keep: { type: 'boolean', default: false },
    },
  });
  const int = (name: string, raw: string, min: number): number => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min)
      throw new Error(`--${name} must be a whole number ≥ ${min}\n${USAGE}`);
    return n;
  };
  return {
    clients: values.clients.split(',').map((c) => int('clients', c.trim(), 1)),
    writes: int('writes', values.writes, 1),
    gapMs: int('gap', values.gap, 0),
    idleS: int('idle', values.idle, 1),
    against: values.against,
    out: values.out,
    keep: values.keep,
  };
}
type Options = ReturnType<typeof options>;

const adminUrl =
  process.env.BENCH_DATABASE_URL ??
  `postgres://${process.env.PGUSER ?? 'postgres'}@${process.env.PGHOST ?? '127.0.0.1'}:${process.env.PGPORT ?? '5432'}/postgres`;

const CLOCK_TICKS = 100;
/** How many clients connect at once: the server's listen backlog is 511. */
const CONNECT_AT_ONCE = 50;
/** How long, after the last write, every client has to receive everything. */
const DELIVERY_TIMEOUT_MS = 30_000;

/** CPU seconds (user + system) a process has used so far. */
function cpuSeconds(pid: number): number {
  // Fields after the command name (which may hold spaces, hence the last parenthesis).
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/** This process's soft limit on open files. */
function openFileLimit(): number {
  const line = /^Max open files\s+(\S+)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
  return line?.[1] === 'unlimited' ? Infinity : Number(line?.[1] ?? NaN);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** When the clients received one write's event: how many did, the first and the last. */
interface Arrival {
  count: number;
  first: number;
  last: number;
}

/**
 * One SSE client: one connection, parsing `id:`/`event:`/`data:` fields as they come. It records
 * when each `stance.added` event arrived (by the stance's id, in `arrivals`, shared by every client)
 * and counts every event, and any that came twice or out of order.
 */
class Client {
  events = 0;
  repeats = 0;
  private lastId = 0n;
  private buffer = '';

  private constructor(
    private readonly req: http.ClientRequest,
    private readonly res: http.IncomingMessage,
    private readonly arrivals: Map<string, Arrival>,
  ) {
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => this.parse(chunk, performance.now()));
  }

  static open(
    baseUrl: string,
    key: string,
    agent: http.Agent,
    arrivals: Map<string, Arrival>,
  ): Promise<Client> {
    return new Promise((resolve, reject) => {
      const req = http.get(
        `${baseUrl}/v1/events`,
        { agent, headers: { accept: 'text/event-stream', authorization: `Bearer ${key}` } },
        (res) => {
          if (res.statusCode !== 200) {
            res.resume();
            reject(new Error(`GET /v1/events answered ${res.statusCode}`));
            return;
          }
          resolve(new Client(req, res, arrivals));
        },
      );
      req.on('error', reject);
    });
  }

  close(): void {
    this.req.destroy();
    this.res.destroy();
  }

  private parse(chunk: string, at: number): void {
    this.buffer += chunk;
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const frame = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      let id: string | undefined;
      let type = 'message';
      let data: string | undefined;
      for (const line of frame.split('\n')) {
        if (line.startsWith('id: ')) id = line.slice(4);
        else if (line.startsWith('event: ')) type = line.slice(7);
        else if (line.startsWith('data: ')) data = line.slice(6);
      }
      if (id === undefined || data === undefined) continue; // the retry hint, a heartbeat
      this.events++;
      const n = BigInt(id);
      if (n <= this.lastId) this.repeats++;
      this.lastId = n > this.lastId ? n : this.lastId;
      if (type !== 'stance.added') continue;
      const stanceId = (JSON.parse(data) as { data: { stanceId: string } }).data.stanceId;
      const seen = this.arrivals.get(stanceId);
      if (seen) {
        seen.count++;
        seen.first = Math.min(seen.first, at);
        seen.last = Math.max(seen.last, at);
      } else {
        this.arrivals.set(stanceId, { count: 1, first: at, last: at });
      }
    }
  }
}

/** The connections to the scratch database, by application name (asked from the admin database). */
async function connections(
  admin: pg.Client,
  database: string,
): Promise<{ total: number; listen: number; byApplication: Record<string, number> }> {
  const { rows } = await admin.query<{ app: string; n: number }>(
    `SELECT coalesce(nullif(application_name, ''), '(none)') AS app, count(*)::int AS n
       FROM pg_stat_activity WHERE datname = $1
      GROUP BY 1 ORDER BY 1`,
    [database],
  );
  const byApplication = Object.fromEntries(rows.map((r) => [r.app, r.n]));
  return {
    total: rows.reduce((n, r) => n + r.n, 0),
    listen: byApplication['claimgraph-events'] ?? 0,
    byApplication,
  };
}

/**
 * The oldest transaction holding a transaction id anywhere on the PostgreSQL server, in ms, and
 * its database. Events are delivered once every older transaction has ended — on the whole
 * server, other databases included — so a long one elsewhere holds them back.
 */
async function oldestTransaction(admin: pg.Client): Promise<{ ms: number; database: string }> {
  const { rows } = await admin.query<{ ms: number | null; database: string | null }>(
    `SELECT extract(epoch FROM clock_timestamp() - xact_start) * 1000 AS ms, datname AS database
       FROM pg_stat_activity WHERE backend_xid IS NOT NULL AND pid <> pg_backend_pid()
      ORDER BY xact_start LIMIT 1`,
  );
  return { ms: Number(rows[0]?.ms ?? 0), database: rows[0]?.database ?? '' };
}

/** Waits (up to 60 s) until no transaction on the PostgreSQL server is older than a second. */
async function waitForQuietServer(admin: pg.Client): Promise<void> {
  const deadline = Date.now() + 60_000;
  let oldest = await oldestTransaction(admin);
  if (oldest.ms < 1_000) return;
  log(`waiting for a ${fmt.s(oldest.ms / 1000)} transaction in ${oldest.database} to end`);
  while (oldest.ms >= 1_000 && Date.now() < deadline) {
    await sleep(250);
    oldest = await oldestTransaction(admin);
  }
}

interface Api {
  baseUrl: string;
  key: string;
}

async function post(api: Api, path: string, body: unknown): Promise<{ id: string }> {
  const res = await fetch(`${api.baseUrl}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${api.key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status !== 201)
    throw new Error(`POST ${path} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as { id: string };
}

interface Fixture {
  sourceIds: string[];
  claimIds: string[];
}

/** A few sources and claims for the stance writes to go to. */
async function makeFixture(api: Api): Promise<Fixture> {
  const sourceIds: string[] = [];
  const claimIds: string[] = [];
  for (let i = 0; i < 5; i++)
    sourceIds.push(
      (await post(api, '/v1/sources', { name: `SSE source ${i}`, kind: 'outlet' })).id,
    );
  for (let i = 0; i < 5; i++)
    claimIds.push((await post(api, '/v1/claims', { statement: `SSE claim number ${i}` })).id);
  return { sourceIds, claimIds };
}

const KINDS = ['asserts', 'reports', 'confirms', 'denies', 'questions'];
let written = 0;

/** W stance writes, `gapMs` apart (from one's start to the next's): when each was sent and answered. */
async function writeStances(
  api: Api,
  fixture: Fixture,
  count: number,
  gapMs: number,
  admin: pg.Client,
): Promise<
  {
    stanceId: string;
    sentAt: number;
    answeredAt: number;
    oldest: { ms: number; database: string };
  }[]
> {
  const out = [];
  for (let i = 0; i < count; i++) {
    const n = written++;
    const sentAt = performance.now();
    const { id } = await post(api, `/v1/claims/${fixture.claimIds[n % 5]}/stances`, {
      sourceId: fixture.sourceIds[Math.floor(n / 5) % 5],
      kind: KINDS[n % KINDS.length],
      statedAt: new Date(Date.UTC(2024, 0, 1) + n * 60_000).toISOString(),
    });
    const answeredAt = performance.now();
    out.push({ stanceId: id, sentAt, answeredAt, oldest: await oldestTransaction(admin) });
    const wait = sentAt + gapMs - performance.now();
    if (wait > 0) await sleep(wait);
  }
  return out;
}

const maxEventId = async (url: string): Promise<string> =>
  (await query<{ id: string }>(url, `SELECT coalesce(max(id), 0)::text AS id FROM events`))[0].id;

const eventsAfter = async (url: string, id: string): Promise<number> =>
  (await query<{ n: number }>(url, `SELECT count(*)::int AS n FROM events WHERE id > $1`, [id]))[0]
    .n;

interface Delays {
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

function delays(values: number[]): Delays {
  const sorted = Float64Array.from(values).sort();
  return {
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    p99: percentile(sorted, 0.99),
    max: sorted[sorted.length - 1] ?? NaN,
  };
}

interface Figures {
  build: string;
  clients: number;
  connectSeconds: number;
  rssIdleBytes: number;
  rssWithClientsBytes: number;
  rssPerClientBytes: number;
  heapIdleBytes: number;
  heapWithClientsBytes: number;
  streamsOpen: number;
  cpuIdleMsPerSecond: number;
  cpuWithClientsMsPerSecond: number;
  /** Server CPU per write with no stream open, and with N. */
  cpuPerWriteAloneMs: number;
  cpuPerWriteMs: number;
  eventsPerWrite: number;
  delivered: number;
  undelivered: number;
  repeats: number;
  /** The CPU the writes cost beyond the same writes with no stream, per event delivered. */
  fanOutCpuUsPerDelivery: number;
  writeToLast: Delays;
  writeToFirst: Delays;
  answerToLast: Delays;
  writeAnswer: Delays;
  connectionsIdle: Awaited<ReturnType<typeof connections>>;
  connectionsWithClients: Awaited<ReturnType<typeof connections>>;
  /** The oldest transaction on the PostgreSQL server seen just after a write (see oldestTransaction). */
  oldestTransaction: { ms: number; database: string };
}

/** A metric from the server's GET /metrics (Prometheus text), summed over its labels. */
async function metric(api: Api, name: string): Promise<number> {
  const res = await fetch(`${api.baseUrl}/metrics`, {
    headers: { authorization: `Bearer ${api.key}` },
  });
  const text = await res.text();
  let sum = 0;
  for (const line of text.split('\n'))
    if (line.startsWith(`${name} `) || line.startsWith(`${name}{`))
      sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  return sum;
}

async function measureAt(
  opts: Options,
  server: ChildServer,
  buildName: string,
  db: { name: string; url: string },
  key: string,
  clients: number,
): Promise<Figures> {
  const admin = new pg.Client({ connectionString: adminUrl, application_name: 'bench-sse' });
  await admin.connect();
  try {
    return await measureWith(opts, server, buildName, db, key, clients, admin);
  } finally {
    await admin.end();
  }
}

async function measureWith(
  opts: Options,
  server: ChildServer,
  buildName: string,
  db: { name: string; url: string },
  key: string,
  clients: number,
  admin: pg.Client,
): Promise<Figures> {
  const api = { baseUrl: server.baseUrl, key };
  const fixture = await makeFixture(api);
  // Warm the write path and the event reader's statements; then let the server settle.
  await writeStances(api, fixture, 10, 20, admin);
  await sleep(2_000);

  // Idle, no stream.
  const connectionsIdle = await connections(admin, db.name);
  let cpu0 = cpuSeconds(server.pid);
  await sleep(opts.idleS * 1000);
  const cpuIdle = ((cpuSeconds(server.pid) - cpu0) * 1000) / opts.idleS;

  // The same writes with no stream: what they cost by themselves.
  cpu0 = cpuSeconds(server.pid);
  const alone = await writeStances(api, fixture, opts.writes, opts.gapMs, admin);
  await sleep(500);
  const cpuPerWriteAlone = ((cpuSeconds(server.pid) - cpu0) * 1000) / alone.length;
  // Memory just before the clients connect: a server's RSS still moves for a while after it starts.
  const rssIdle = server.memory()!.rss;
  const heapIdle = await metric(api, 'nodejs_heap_size_used_bytes');

  // N streams.
  const arrivals = new Map<string, Arrival>();
  const agent = new http.Agent({ keepAlive: false, maxSockets: clients + 10 });
  const open: Client[] = [];
  const t0 = performance.now();
  try {
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(CONNECT_AT_ONCE, clients) }, async () => {
        while (next < clients) {
          next++;
          open.push(await Client.open(server.baseUrl, key, agent, arrivals));
        }
      }),
    );
    const connectSeconds = (performance.now() - t0) / 1000;
    log(`${buildName}, ${clients} clients: all connected in ${fmt.s(connectSeconds)}`);
    await sleep(2_000);
    const rssWith = server.memory()!.rss;
    const heapWith = await metric(api, 'nodejs_heap_size_used_bytes');
    const streamsOpen = await metric(api, 'claimgraph_event_streams_open');
    cpu0 = cpuSeconds(server.pid);
    await sleep(opts.idleS * 1000);
    const cpuWith = ((cpuSeconds(server.pid) - cpu0) * 1000) / opts.idleS;

    // The writes, with every client watching; first, a moment with no long transaction elsewhere
    // on the PostgreSQL server, which would hold the events back (see oldestTransaction).
    await waitForQuietServer(admin);
    const before = await maxEventId(db.url);
    const eventsBefore = open.reduce((n, c) => n + c.events, 0);
    cpu0 = cpuSeconds(server.pid);
    const writes = await writeStances(api, fixture, opts.writes, opts.gapMs, admin);
    const connectionsWith = await connections(admin, db.name);
    const logged = await eventsAfter(db.url, before);
    const expected = logged * clients;
    const deadline = performance.now() + DELIVERY_TIMEOUT_MS;
    const received = () => open.reduce((n, c) => n + c.events, 0) - eventsBefore;
    while (received() < expected && performance.now() < deadline) await sleep(50);
    const cpuWrites = (cpuSeconds(server.pid) - cpu0) * 1000;
    const delivered = received();
    const toLast: number[] = [];
    const toFirst: number[] = [];
    const answerToLast: number[] = [];
    for (const w of writes) {
      const a = arrivals.get(w.stanceId);
      if (!a || a.count < clients) continue;
      toLast.push(a.last - w.sentAt);
      toFirst.push(a.first - w.sentAt);
      answerToLast.push(a.last - w.answeredAt);
    }
    const figures: Figures = {
      build: buildName,
      clients,
      connectSeconds,
      rssIdleBytes: rssIdle,
      rssWithClientsBytes: rssWith,
      rssPerClientBytes: (rssWith - rssIdle) / clients,
      heapIdleBytes: heapIdle,
      heapWithClientsBytes: heapWith,
      streamsOpen,
      cpuIdleMsPerSecond: cpuIdle,
      cpuWithClientsMsPerSecond: cpuWith,
      cpuPerWriteAloneMs: cpuPerWriteAlone,
      cpuPerWriteMs: cpuWrites / writes.length,
      eventsPerWrite: logged / writes.length,
      delivered,
      undelivered: expected - delivered,
      repeats: open.reduce((n, c) => n + c.repeats, 0),
      fanOutCpuUsPerDelivery:
        ((cpuWrites - cpuPerWriteAlone * writes.length) * 1000) / Math.max(1, delivered),
      writeToLast: delays(toLast),
      writeToFirst: delays(toFirst),
      answerToLast: delays(answerToLast),
      writeAnswer: delays(writes.map((w) => w.answeredAt - w.sentAt)),
      connectionsIdle,
      connectionsWithClients: connectionsWith,
      oldestTransaction: writes.reduce((a, w) => (w.oldest.ms > a.ms ? w.oldest : a), {
        ms: 0,
        database: '',
      }),
    };
    log(
      `${buildName}, ${clients} clients: RSS +${fmt.mb(rssWith - rssIdle)} (${(figures.rssPerClientBytes / 1024).toFixed(1)} KB/client), ` +
        `idle CPU ${cpuIdle.toFixed(1)} → ${cpuWith.toFixed(1)} ms/s, write→last p50 ${fmt.ms(figures.writeToLast.p50)} ` +
        `p99 ${fmt.ms(figures.writeToLast.p99)}, undelivered ${figures.undelivered}, ` +
        `connections ${connectionsWith.total} (LISTEN ${connectionsWith.listen}), ` +
        `oldest transaction on the server ${fmt.ms(figures.oldestTransaction.ms)} (${figures.oldestTransaction.database || 'none'})`,
    );
    return figures;
  } finally {
    for (const c of open) c.close();
    agent.destroy();
  }
}

function table(all: Figures[], builds: number): string {
  const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`;
  const ms = (d: Delays) =>
    `${fmt.ms(d.p50)} / ${fmt.ms(d.p95)} / ${fmt.ms(d.p99)} / ${fmt.ms(d.max)}`;
  const lead = (f: Figures) => (builds > 1 ? `| ${f.build} ` : '') + `| ${fmt.count(f.clients)} `;
  const head = (cols: string[]) =>
    [
      `${builds > 1 ? '| build ' : ''}| clients | ${cols.join(' | ')} |`,
      `${builds > 1 ? '|---' : ''}|---|${cols.map(() => '---').join('|')}|`,
    ].join('\n');
  const cost = all.map(
    (f) =>
      `${lead(f)}| ${fmt.mb(f.rssIdleBytes)} → ${fmt.mb(f.rssWithClientsBytes)} | ${kb(f.rssPerClientBytes)} | ` +
      `${kb((f.heapWithClientsBytes - f.heapIdleBytes) / f.clients)} | ` +
      `${f.cpuIdleMsPerSecond.toFixed(1)} → ${f.cpuWithClientsMsPerSecond.toFixed(1)} ms/s | ` +
      `${f.connectionsIdle.total} → ${f.connectionsWithClients.total} | ${f.connectionsWithClients.listen} |`,
  );
  const delivery = all.map(
    (f) =>
      `${lead(f)}| ${ms(f.writeToLast)} | ${fmt.ms(f.writeToFirst.p50)} / ${fmt.ms(f.writeToFirst.p99)} | ` +
      `${fmt.ms(f.writeAnswer.p50)} | ${fmt.count(f.delivered)} | ${f.undelivered} | ` +
      `${f.cpuPerWriteAloneMs.toFixed(1)} → ${f.cpuPerWriteMs.toFixed(1)} ms | ${f.fanOutCpuUsPerDelivery.toFixed(1)} µs | ` +
      `${fmt.ms(f.oldestTransaction.ms)} |`,
  );
  return [
    head([
      'server RSS idle → N streams',
      'RSS per client',
      'heap used per client',
      'server CPU idle: no stream → N streams',
      'DB connections idle → N streams',
      'LISTEN connections',
    ]),
    ...cost,
    '',
    head([
      'write → last client p50 / p95 / p99 / max',
      'write → first client p50 / p99',
      'write answered p50',
      'events delivered',
      'undelivered',
      'server CPU per write: no stream → N streams',
      'fan-out CPU per event delivered',
      'oldest transaction on the PostgreSQL server',
    ]),
    ...delivery,
  ].join('\n');
}

async function main(): Promise<void> {
  const opts = options();
  const most = Math.max(...opts.clients);
  const limit = openFileLimit();
  log(`open-file limit (ulimit -n) ${limit}; most clients ${most}`);
  if (limit < most + 256)
    throw new Error(
      `${most} clients need more open files than ulimit -n allows here (${limit}): raise it (ulimit -n ${most + 1024}) and run again`,
    );
  const res = new Resources(adminUrl, opts.keep);
  process.once('SIGINT', () => void res.release().finally(() => process.exit(130)));
  const all: Figures[] = [];
  try {
    const logs = mkdtempSync(join(tmpdir(), 'claimgraph-bench-sse-'));
    res.dir(logs);
    const build = BuildCopy.make();
    res.build(build);
    const builds: { name: string; build: BuildCopy }[] = [{ name: 'this build', build }];
    if (opts.against) {
      const other = BuildCopy.make(opts.against);
      res.build(other);
      builds.unshift({ name: 'against', build: other });
    }
    const key = newAdminKey();
    for (const [i, clients] of opts.clients.entries()) {
      // With two builds, each count in another order, so neither always runs first.
      const order = i % 2 === 0 ? builds : [...builds].reverse();
      for (const b of order) {
        const db = await res.database('sse');
        const server = res.server(
          await startApp({
            build: b.build,
            name: `${b.name} (${clients} clients)`,
            databaseUrl: db.url,
            adminKey: key,
            logFile: join(logs, `${b.name.replace(/\W+/g, '-')}-${clients}.log`),
            env: {
              EVENTS_MAX_STREAMS: String(clients + 10),
              EVENTS_MAX_STREAMS_PER_KEY: String(clients + 10),
            },
          }),
        );
        try {
          all.push(await measureAt(opts, server, b.name, db, key, clients));
        } finally {
          await res.stop(server);
          await res.drop(db);
        }
      }
    }
  } catch (error) {
    log(`failed; the servers' logs:\n${res.logTails()}`);
    throw error;
  } finally {
    await res.release();
  }
  const order = opts.against ? ['against', 'this build'] : ['this build'];
  all.sort((a, b) => a.clients - b.clients || order.indexOf(a.build) - order.indexOf(b.build));
  const markdown =
    `Live events: ${opts.writes} stance writes ${opts.gapMs} ms apart, idle CPU over ${opts.idleS} s\n\n` +
    table(all, order.length) +
    '\n';
  console.log('\n' + markdown);
  for (const file of writeResults(opts.out, 'sse', { options: opts, figures: all }, markdown))
    log(`wrote ${file}`);
  if (all.some((f) => f.undelivered !== 0 || f.repeats !== 0)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
