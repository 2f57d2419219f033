import { AsyncLocalStorage } from 'node:async_hooks';
import {
  HttpException,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { catchError, Observable } from 'rxjs';
import { DataSource, type EntityManager } from 'typeorm';
import { type AppConfig, readReplicaUrls } from '../config/env.js';
import {
  formatLsn,
  parseLsn,
  Reads,
  type ReadOptions,
  type ReplicaReport,
} from '../common/reads.js';
import { queryOne } from '../common/sql.js';
import { DomainError } from '../domain/errors.js';
import { replicaDataSourceOptions, type DatabaseSettings } from './data-source.js';
import { PROBE_TIMEOUT_MS, Replica, type LogSample } from './replica.js';

/** What one request's reads may use, and what they used. */
interface ReadScope {
  primaryOnly: boolean;
  token?: bigint;
  choice?: Promise<Replica | undefined>;
  replica?: Replica;
}

/** Primary log samples kept: enough for the lag bound at a sample per check and per 10 ms of writes. */
const MAX_SAMPLES = 4096;
const MIN_SAMPLE_SPACING_MS = 10;

/** Host, port and database of a URL: how the log names a replica, without credentials. */
function serverName(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
}

/**
 * Sends each read request to a read replica that is recent enough, and everything else to the
 * primary (docs/design.md §5.7). A read request's scope lives in async-local storage for the
 * length of its handler, so services ask `manager()` and never see which server answers.
 */
@Injectable()
export class ReadRouter extends Reads implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Replicas');
  private readonly scopes = new AsyncLocalStorage<ReadScope>();
  readonly replicas: Replica[];
  private samples: LogSample[] = [];
  private timer: NodeJS.Timeout | undefined;
  private checking: Promise<void> | undefined;
  private turn = 0;
  private readonly inUse = new Map<Replica, boolean>();
  private readonly maxLagMs: number;
  private readonly checkIntervalMs: number;
  private readonly waitMs: number;
  private readonly statementTimeoutMs: number;

  constructor(
    @Inject(DataSource) private readonly primary: DataSource,
    config: ConfigService<AppConfig, true>,
  ) {
    super();
    const get = <K extends keyof AppConfig>(key: K): AppConfig[K] =>
      config.get(key, { infer: true });
    this.maxLagMs = get('REPLICA_MAX_LAG_MS');
    this.checkIntervalMs = get('REPLICA_CHECK_INTERVAL_MS');
    this.waitMs = get('REPLICA_WAIT_MS');
    this.statementTimeoutMs = get('DB_STATEMENT_TIMEOUT_MS');
    const settings: DatabaseSettings = {
      DATABASE_URL: get('DATABASE_URL'),
      DATA_DIR: get('DATA_DIR'),
      DB_POOL_SIZE: get('DB_POOL_SIZE'),
      DB_STATEMENT_TIMEOUT_MS: this.statementTimeoutMs,
      DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: get('DB_IDLE_IN_TRANSACTION_TIMEOUT_MS'),
    };
    this.replicas = readReplicaUrls({ DATABASE_READ_URLS: get('DATABASE_READ_URLS') }).map(
      (url) =>
        new Replica(
          serverName(url),
          url,
          new DataSource(replicaDataSourceOptions(settings, url, PROBE_TIMEOUT_MS)),
          () => this.samples,
        ),
    );
  }

  /** The first check runs before the server takes requests; until a replica passes one, it gets no reads. */
  async onApplicationBootstrap(): Promise<void> {
    if (this.replicas.length === 0) return;
    this.logger.log(`Read replicas: ${this.replicas.map((r) => r.server).join(', ')}`);
    await this.check();
    this.timer = setInterval(() => void this.check(), this.checkIntervalMs);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.checking;
    await Promise.all(this.replicas.map((r) => r.close()));
  }

  async manager(options: ReadOptions = {}): Promise<EntityManager> {
    const scope = this.scopes.getStore();
    if (!scope || scope.primaryOnly) return this.primary.manager;
    scope.choice ??= this.choose(scope.token, options.knownAt);
    const replica = await scope.choice;
    scope.replica = replica;
    return replica ? replica.dataSource.manager : this.primary.manager;
  }

  /**
   * Runs a read request's handler. Its reads go to a replica when one is recent enough (and holds
   * `token`, the log position of the caller's last write, when there is one); a read a replica
   * fails is answered again by the primary, so a replica going away fails no request.
   */
  read<T>(token: bigint | undefined, handle: () => Observable<T>): Observable<T> {
    if (this.replicas.length === 0) return this.scoped({ primaryOnly: true }, handle);
    const scope: ReadScope = { primaryOnly: false, token };
    return this.scoped(scope, handle).pipe(
      catchError((error: unknown) => {
        const replica = scope.replica;
        if (!replica || error instanceof DomainError || error instanceof HttpException) throw error;
        replica.fail(error);
        this.logger.warn(
          `Read replica ${replica.server} failed a read (${replica.error}): the primary answers it, and the replica gets no reads until it answers a check`,
        );
        this.noteUse();
        return this.scoped({ primaryOnly: true }, handle);
      }),
    );
  }

  /** Runs a handler whose every query goes to the primary (writes). */
  onPrimary<T>(handle: () => Observable<T>): Observable<T> {
    return this.scoped({ primaryOnly: true }, handle);
  }

  /** Whether any read may go to a replica: without replicas, no read needs a write's position. */
  get hasReplicas(): boolean {
    return this.replicas.length > 0;
  }

  /**
   * The primary's log position now, as PostgreSQL writes it: sent after a write has committed, it
   * is at or past that write's commit, so a replica that has replayed this far shows the write.
   */
  async position(): Promise<string> {
    const sample = await this.samplePrimary();
    return sample.text;
  }

  /** Each replica as the last check (or a failed read) left it. */
  report(): ReplicaReport[] {
    const now = Date.now();
    return this.replicas.map((r, i) => {
      const lag = r.lagMs(now);
      return {
        replica: i + 1,
        reachable: r.reachable,
        replaying: r.replaying,
        lagMs: lag ?? null,
        replayLsn: r.replayLsn === undefined ? null : formatLsn(r.replayLsn),
        inUse: r.usable(now, this.maxLagMs),
      };
    });
  }

  /** Checks every replica (one check at a time; a caller during one gets that one). */
  check(): Promise<void> {
    this.checking ??= this.runCheck().finally(() => {
      this.checking = undefined;
    });
    return this.checking;
  }

  private async runCheck(): Promise<void> {
    const primary = await this.samplePrimary().catch(() => undefined);
    await Promise.all(this.replicas.map((r) => r.probe(primary)));
    this.noteUse();
  }

  /** Logs each replica's going out of use and coming back, once per change. */
  private noteUse(): void {
    const now = Date.now();
    for (const r of this.replicas) {
      const using = r.usable(now, this.maxLagMs);
      if (this.inUse.get(r) === using) continue;
      if (using) this.logger.log(`Read replica ${r.server} is in use`);
      else if (this.inUse.has(r)) {
        const lag = r.lagMs(now);
        const why = !r.reachable
          ? `unreachable: ${r.error}`
          : !r.replaying
            ? (r.error ?? 'not replaying')
            : `lagging ${lag ?? '?'} ms (limit ${this.maxLagMs} ms)`;
        this.logger.warn(`Read replica ${r.server} gets no reads: ${why}`);
      }
      this.inUse.set(r, using);
    }
  }

  private async choose(
    token: bigint | undefined,
    knownAt: Date | undefined,
  ): Promise<Replica | undefined> {
    const now = Date.now();
    let candidates = this.replicas.filter((r) => r.usable(now, this.maxLagMs));
    if (knownAt) {
      // What the primary showed at knownAt includes transactions that began by then and committed
      // later, for as long as a statement may run: a replica answers only once it has all of them.
      const needed = knownAt.getTime() + this.statementTimeoutMs;
      candidates = candidates.filter((r) => r.caughtUp && r.caughtUp.at.getTime() >= needed);
    }
    if (candidates.length === 0) return undefined;
    if (token === undefined) return this.next(candidates);
    const ready = candidates.filter((r) => r.holds(token));
    if (ready.length > 0) return this.next(ready);
    const nearest = candidates.reduce((a, b) =>
      (b.replayLsn ?? 0n) > (a.replayLsn ?? 0n) ? b : a,
    );
    return (await nearest.waitFor(token, this.waitMs)) ? nearest : undefined;
  }

  private next(candidates: Replica[]): Replica {
    this.turn = (this.turn + 1) % 1_000_000;
    return candidates[this.turn % candidates.length];
  }

  private scoped<T>(scope: ReadScope, handle: () => Observable<T>): Observable<T> {
    // The handler is started inside the scope, so every await it makes carries the scope along.
    return new Observable<T>((subscriber) =>
      this.scopes.run(scope, () => handle().subscribe(subscriber)),
    );
  }

  private async samplePrimary(): Promise<LogSample & { text: string }> {
    const row = await queryOne<{ lsn: string; at: Date }>(
      this.primary,
      `SELECT pg_current_wal_lsn()::text AS lsn, clock_timestamp() AS at`,
    );
    const sample = { lsn: parseLsn(row!.lsn)!, at: new Date(row!.at), seenAt: Date.now() };
    if (this.replicas.length > 0) this.keep(sample);
    return { ...sample, text: row!.lsn };
  }

  private keep(sample: LogSample): void {
    const last = this.samples.at(-1);
    if (last && (sample.lsn < last.lsn || sample.seenAt - last.seenAt < MIN_SAMPLE_SPACING_MS)) {
      return;
    }
    this.samples.push(sample);
    const horizon = sample.seenAt - 2 * (this.maxLagMs + this.checkIntervalMs);
    let drop = 0;
    while (
      drop < this.samples.length - 1 &&
      (this.samples.length - drop > MAX_SAMPLES || this.samples[drop].seenAt < horizon)
    ) {
      drop++;
    }
    if (drop > 0) this.samples = this.samples.slice(drop);
  }
}
