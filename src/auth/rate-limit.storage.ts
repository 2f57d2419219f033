import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { ThrottlerStorage } from '@nestjs/throttler';
import type { AppConfig } from '../config/env.js';
import { Metrics } from '../metrics/metrics.js';
import { PostgresCounters } from './postgres-counters.js';
import { RedisCounters } from './redis-counters.js';
import { CoalescedCounters, type SharedCounters, type WindowCount } from './shared-counters.js';

/**
 * Fixed-window counters in this process: one number per caller and window, so each request costs a
 * map lookup. (The throttler's own in-memory store keeps a timestamp per hit and filters them on
 * every request, which grows with the budget: at a budget of 100,000 a minute each request walked
 * 100,000 entries.) A caller can spend up to twice its budget across a window boundary; that is
 * the usual price of fixed windows.
 */
export class LocalCounters {
  private readonly windows = new Map<string, { hits: number; endsAt: number }>();
  private readonly sweeper: NodeJS.Timeout;

  constructor() {
    // Forgets ended windows now and then; unref'd, so it never keeps a process alive.
    this.sweeper = setInterval(() => this.sweep(), 60_000).unref();
  }

  spend(caller: string, cost: number, windowMs: number, now = Date.now()): WindowCount {
    let window = this.windows.get(caller);
    if (!window || window.endsAt <= now) {
      window = { hits: 0, endsAt: now + windowMs };
      this.windows.set(caller, window);
    }
    window.hits += cost;
    return { hits: window.hits, resetsInMs: window.endsAt - now };
  }

  close(): void {
    clearInterval(this.sweeper);
  }

  private sweep(now = Date.now()): void {
    for (const [caller, window] of this.windows)
      if (window.endsAt <= now) this.windows.delete(caller);
  }
}

/** After the shared store fails, how long requests are counted locally before it is tried again. */
export const SHARED_STORE_PAUSE_MS = 5_000;

/**
 * The rate limiter's counters. With REDIS_URL they live in Redis, else with DATABASE_URL in
 * PostgreSQL, so every instance spends from one budget; on the embedded database (one process),
 * or with RATE_LIMIT_STORE=memory, they stay in memory.
 *
 * When the shared store fails or is slower than RATE_LIMIT_STORE_TIMEOUT_MS, the request is let
 * through the local counters instead (each instance then enforces the limit on its own, so a
 * caller gets at most the limit per instance), with one warning, and the store is left alone for
 * SHARED_STORE_PAUSE_MS so that requests do not each wait out the timeout while it is down.
 */
@Injectable()
export class RateLimitStore implements ThrottlerStorage, OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('RateLimit');
  private readonly local = new LocalCounters();
  private shared: SharedCounters | null = null;
  private pausedUntil = 0;
  private opening: Promise<void> | undefined;
  private closing: Promise<void> | undefined;
  private readonly timeoutMs: number;

  constructor(
    private readonly config: ConfigService<AppConfig, true>,
    private readonly metrics: Metrics,
  ) {
    this.timeoutMs = config.get('RATE_LIMIT_STORE_TIMEOUT_MS', { infer: true });
  }

  /** Opens the shared store once (Nest calls this for the throttler's storage as well as for this provider). */
  onModuleInit(): Promise<void> {
    this.opening ??= this.open();
    return this.opening;
  }

  private async open(): Promise<void> {
    const redisUrl = this.config.get('REDIS_URL', { infer: true });
    const databaseUrl = this.config.get('DATABASE_URL', { infer: true });
    if (this.config.get('RATE_LIMIT_STORE', { infer: true }) === 'memory') {
      // Counted here alone, by choice.
    } else if (redisUrl) {
      this.shared = new CoalescedCounters(
        await RedisCounters.connect({
          url: redisUrl,
          prefix: this.config.get('REDIS_KEY_PREFIX', { infer: true }),
          timeoutMs: this.timeoutMs,
          logger: this.logger,
        }),
      );
    } else if (databaseUrl) {
      const counters = new PostgresCounters({ url: databaseUrl, timeoutMs: this.timeoutMs });
      this.metrics.watchPool('rate_limit', () => counters.poolCounts());
      this.shared = new CoalescedCounters(counters);
    }
    this.logger.log(
      this.shared
        ? `Rate-limit budgets shared through ${this.shared.name === 'redis' ? 'Redis' : 'PostgreSQL'}`
        : 'Rate-limit budgets kept in memory (one instance)',
    );
  }

  /** Adds `cost` to the caller's current window and says where it stands. */
  async spend(caller: string, cost: number, windowMs: number): Promise<WindowCount> {
    const shared = this.shared;
    const startedAt = Date.now();
    if (shared && startedAt >= this.pausedUntil) {
      try {
        const count = await withTimeout(shared.spend(caller, cost, windowMs), this.timeoutMs);
        // Back after a pause (and not an answer that was already on its way when another failed).
        if (this.pausedUntil !== 0 && this.pausedUntil <= startedAt) this.resume(shared);
        return count;
      } catch (error) {
        this.metrics.rateLimitStoreFailures.inc({ store: shared.name });
        this.pause(shared, error);
      }
    }
    return this.local.spend(caller, cost, windowMs);
  }

  /** ThrottlerStorage's entry point; the guard calls `spend` with the request's cost instead. */
  async increment(
    key: string,
    ttl: number,
    limit: number,
  ): Promise<{
    totalHits: number;
    timeToExpire: number;
    isBlocked: boolean;
    timeToBlockExpire: number;
  }> {
    const { hits, resetsInMs } = await this.spend(key, 1, ttl);
    const seconds = Math.max(1, Math.ceil(resetsInMs / 1000));
    const isBlocked = hits > limit;
    return {
      totalHits: hits,
      timeToExpire: seconds,
      isBlocked,
      timeToBlockExpire: isBlocked ? seconds : 0,
    };
  }

  /** Closes the shared store once (Nest calls this for the throttler's storage as well as for this provider). */
  onApplicationShutdown(): Promise<void> {
    this.closing ??= (async () => {
      this.local.close();
      await this.shared?.close();
    })();
    return this.closing;
  }

  /** A request over its caller's budget was refused. */
  refused(): void {
    this.metrics.rateLimitRejections.inc();
  }

  private resume(shared: SharedCounters): void {
    this.pausedUntil = 0;
    this.metrics.rateLimitLocalFallback.set(0);
    this.logger.log(`Rate-limit store (${shared.name}) answers again; budgets are shared again.`);
  }

  private pause(shared: SharedCounters, error: unknown): void {
    const now = Date.now();
    // Requests in flight when the store went away fail together: one line for all of them.
    if (now < this.pausedUntil) return;
    this.pausedUntil = now + SHARED_STORE_PAUSE_MS;
    this.metrics.rateLimitLocalFallback.set(1);
    const reason = error instanceof Error ? error.message : String(error);
    this.logger.warn(
      `Rate-limit store (${shared.name}) failed: ${reason}. Counting on this instance alone for ${SHARED_STORE_PAUSE_MS / 1000} s.`,
    );
  }
}

export class StoreTimeoutError extends Error {}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StoreTimeoutError(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
