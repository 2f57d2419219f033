import pg from 'pg';
import { alignedWindow, type SharedCounters, type WindowCount } from './shared-counters.js';

/** Connections each instance holds for its rate-limit counters, apart from its main pool. */
export const RATE_LIMIT_POOL_SIZE = 4;

/** How often an instance deletes ended windows (any instance's: they are all alike). */
const SWEEP_EVERY_MS = 60_000;

/** One atomic statement per request: the caller's window is made or added to, and its total returned. */
const SPEND = `
  INSERT INTO rate_limit_windows AS w (caller, window_start, window_end, hits)
  VALUES ($1, $2, $3, $4)
  ON CONFLICT (caller, window_start) DO UPDATE SET hits = w.hits + EXCLUDED.hits
  RETURNING w.hits`;

const SWEEP = `DELETE FROM rate_limit_windows WHERE window_end < $1`;

/**
 * Rate-limit counters in PostgreSQL: an UNLOGGED table (a crash forgets the budgets, which is all
 * they are worth, and no write-ahead log is written for them) with one row per caller and window.
 * Its own small pool, so that a busy main pool never holds up the check every request makes, with
 * the same deadline on connecting, waiting for a connection and each statement.
 */
export class PostgresCounters implements SharedCounters {
  readonly name = 'postgres';
  private readonly pool: pg.Pool;
  private readonly sweeper: NodeJS.Timeout;

  constructor({ url, timeoutMs }: { url: string; timeoutMs: number }) {
    this.pool = new pg.Pool({
      connectionString: url,
      max: RATE_LIMIT_POOL_SIZE,
      application_name: 'claimgraph-rate-limit',
      connectionTimeoutMillis: Math.max(timeoutMs, 1_000),
      query_timeout: timeoutMs,
      statement_timeout: timeoutMs,
      idleTimeoutMillis: 30_000,
      keepAlive: true,
    });
    // An idle connection the server drops is replaced on next use; the failure of a request that
    // needed it is what gets reported.
    this.pool.on('error', () => {});
    this.sweeper = setInterval(() => {
      this.pool.query(SWEEP, [new Date()]).catch(() => {});
    }, SWEEP_EVERY_MS).unref();
  }

  async spend(caller: string, cost: number, windowMs: number): Promise<WindowCount> {
    const now = Date.now();
    const { start, end } = alignedWindow(now, windowMs);
    const { rows } = await this.pool.query<{ hits: number }>({
      name: 'rate_limit_spend',
      text: SPEND,
      values: [caller, new Date(start), new Date(end), cost],
    });
    return { hits: rows[0].hits, resetsInMs: end - now };
  }

  /** The pool's counts, for the metrics. */
  poolCounts(): { totalCount: number; idleCount: number; waitingCount: number; max: number } {
    const { totalCount, idleCount, waitingCount } = this.pool;
    return { totalCount, idleCount, waitingCount, max: RATE_LIMIT_POOL_SIZE };
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    await this.pool.end();
  }
}
