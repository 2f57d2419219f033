import pg from 'pg';
import type { DataSource } from 'typeorm';
import { parseLsn } from '../common/reads.js';

/** A moment at which the primary's log stood at `lsn`, on the primary's clock and on ours. */
export interface LogSample {
  lsn: bigint;
  /** The primary's clock (`clock_timestamp()`): what `knownAt` is compared with. */
  at: Date;
  /** This process's clock (`Date.now()`): what the lag is measured with. */
  seenAt: number;
}

/** A probe or a wait may take this long before the replica counts as unreachable. */
export const PROBE_TIMEOUT_MS = 1000;
/** How often a replica is asked for its replay position while reads wait on it. */
const WAIT_POLL_MS = 10;
/** Reads that may wait on one replica at once; more go straight to the primary. */
const MAX_WAITERS = 1000;

interface Waiter {
  lsn: bigint;
  resolve: (reached: boolean) => void;
  timer: NodeJS.Timeout;
}

/**
 * One read replica: the data source reads use, and what the last probe found. Probes and waits use
 * a small pool of their own with short timeouts, so a replica that stops answering is noticed
 * within a second and never holds up the connections reads use.
 */
export class Replica {
  reachable = false;
  replaying = false;
  replayLsn: bigint | undefined;
  /** The latest primary sample this replica is known to hold everything of. */
  caughtUp: LogSample | undefined;
  error: string | undefined;
  private readonly probes: pg.Pool;
  private waiters: Waiter[] = [];
  private polling = false;

  constructor(
    readonly server: string,
    url: string,
    readonly dataSource: DataSource,
    /** The primary's recent log positions, oldest first. */
    private readonly samples: () => readonly LogSample[],
  ) {
    this.probes = new pg.Pool({
      connectionString: url,
      application_name: 'claimgraph-replica-probe',
      max: 2,
      connectionTimeoutMillis: PROBE_TIMEOUT_MS,
      query_timeout: PROBE_TIMEOUT_MS,
      idleTimeoutMillis: 30_000,
    });
    // An idle probe connection the replica drops is replaced on the next probe.
    this.probes.on('error', () => undefined);
  }

  /** How stale reads from it may be now, in milliseconds (undefined: not known). */
  lagMs(now: number): number | undefined {
    return this.caughtUp ? Math.max(0, now - this.caughtUp.seenAt) : undefined;
  }

  usable(now: number, maxLagMs: number): boolean {
    const lag = this.lagMs(now);
    return (
      this.reachable &&
      this.replaying &&
      this.dataSource.isInitialized &&
      lag !== undefined &&
      lag <= maxLagMs
    );
  }

  /** Whether it holds the primary's log up to `lsn`, by what it last said. */
  holds(lsn: bigint): boolean {
    return this.replayLsn !== undefined && this.replayLsn >= lsn;
  }

  /**
   * Asks the replica where it is. `primary` is a sample taken just before: if the replica has
   * replayed that far, it holds everything committed by then; otherwise it holds everything up to
   * the latest earlier sample it has passed.
   */
  async probe(primary: LogSample | undefined): Promise<void> {
    try {
      const { rows } = await this.probes.query<{ replaying: boolean; lsn: string | null }>(
        `SELECT pg_is_in_recovery() AS replaying, pg_last_wal_replay_lsn()::text AS lsn`,
      );
      const replay = rows[0].lsn === null ? undefined : parseLsn(rows[0].lsn);
      // Its pool for reads is made once it first answers, so a replica down at start joins later.
      if (!this.dataSource.isInitialized) await this.dataSource.initialize();
      this.reachable = true;
      this.replaying = rows[0].replaying;
      this.error = this.replaying ? undefined : 'not a replica: it is not in recovery';
      this.advance(replay, primary);
    } catch (error) {
      this.fail(error);
    }
  }

  /** A read on it failed: no more reads until a probe finds it answering again. */
  fail(error: unknown): void {
    this.reachable = false;
    this.error = error instanceof Error ? error.message : String(error);
  }

  /**
   * Resolves true once the replica has replayed up to `lsn`, false if that takes longer than
   * `timeoutMs` (or too many reads are waiting already). Every waiting read shares one poll.
   */
  waitFor(lsn: bigint, timeoutMs: number): Promise<boolean> {
    if (this.holds(lsn)) return Promise.resolve(true);
    if (timeoutMs <= 0 || this.waiters.length >= MAX_WAITERS) return Promise.resolve(false);
    return new Promise((resolve) => {
      const waiter: Waiter = {
        lsn,
        resolve,
        timer: setTimeout(() => {
          this.waiters = this.waiters.filter((w) => w !== waiter);
          resolve(false);
        }, timeoutMs),
      };
      this.waiters.push(waiter);
      void this.poll();
    });
  }

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      while (this.waiters.length > 0) {
        try {
          const { rows } = await this.probes.query<{ lsn: string | null }>(
            `SELECT pg_last_wal_replay_lsn()::text AS lsn`,
          );
          this.advance(rows[0].lsn === null ? undefined : parseLsn(rows[0].lsn), undefined);
        } catch {
          // The waits run out on their own; the next probe says whether the replica is gone.
        }
        const reached = this.waiters.filter((w) => this.holds(w.lsn));
        this.waiters = this.waiters.filter((w) => !this.holds(w.lsn));
        for (const w of reached) {
          clearTimeout(w.timer);
          w.resolve(true);
        }
        if (this.waiters.length > 0) await new Promise((r) => setTimeout(r, WAIT_POLL_MS));
      }
    } finally {
      this.polling = false;
    }
  }

  private advance(replay: bigint | undefined, primary: LogSample | undefined): void {
    if (replay === undefined) return;
    const samples = this.samples();
    if (this.replayLsn === undefined || replay > this.replayLsn) this.replayLsn = replay;
    let reached: LogSample | undefined;
    if (primary && replay >= primary.lsn) reached = primary;
    else {
      for (let i = samples.length - 1; i >= 0; i--) {
        if (samples[i].lsn <= replay) {
          reached = samples[i];
          break;
        }
      }
    }
    if (reached && (!this.caughtUp || reached.seenAt > this.caughtUp.seenAt)) {
      this.caughtUp = reached;
    }
  }

  async close(): Promise<void> {
    for (const w of this.waiters) {
      clearTimeout(w.timer);
      w.resolve(false);
    }
    this.waiters = [];
    await this.probes.end().catch(() => undefined);
    if (this.dataSource.isInitialized) await this.dataSource.destroy().catch(() => undefined);
  }
}
