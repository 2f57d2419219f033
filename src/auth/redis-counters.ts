import type { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { alignedWindow, type SharedCounters, type WindowCount } from './shared-counters.js';

/**
 * Adds to a window's count and, on its first hit, makes the key expire when the window has ended
 * (plus a second, for clocks a little apart): one round trip, atomic.
 */
const SPEND = `
local hits = redis.call('INCRBY', KEYS[1], ARGV[1])
if hits == tonumber(ARGV[1]) then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return hits`;

type SpendingClient = Redis & {
  claimgraphSpend(key: string, cost: number, ttlMs: number): Promise<number>;
};

/**
 * Rate-limit counters in Redis: one key per caller and window. Commands are never queued while
 * the connection is down (they fail at once and the request is counted locally); the client
 * reconnects in the background.
 */
export class RedisCounters implements SharedCounters {
  readonly name = 'redis';

  private constructor(
    private readonly client: SpendingClient,
    private readonly prefix: string,
  ) {}

  /**
   * Connects, waiting at most a couple of seconds: a Redis that is down at start does not stop the
   * server, whose requests are then counted locally until Redis answers.
   */
  static async connect({
    url,
    prefix,
    timeoutMs,
    logger,
  }: {
    url: string;
    prefix: string;
    timeoutMs: number;
    logger: Logger;
  }): Promise<RedisCounters> {
    // Loaded only when Redis is configured.
    const { Redis } = await import('ioredis');
    const connectTimeout = Math.max(timeoutMs, 2_000);
    const client = new Redis(url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: timeoutMs,
      connectTimeout,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
      connectionName: 'claimgraph-rate-limit',
    }) as SpendingClient;
    client.defineCommand('claimgraphSpend', { numberOfKeys: 1, lua: SPEND });
    let reported = false;
    client.on('error', (error: Error) => {
      // The client retries on its own; one line until it is back, not one per attempt.
      if (!reported) logger.warn(`Redis: ${error.message}`);
      reported = true;
    });
    client.on('ready', () => {
      reported = false;
    });
    const ready = new Promise<true>((resolve) => client.once('ready', () => resolve(true)));
    const late = new Promise<false>((resolve) =>
      setTimeout(resolve, connectTimeout, false).unref(),
    );
    if (!(await Promise.race([ready, late]))) {
      logger.warn(
        `Redis did not answer within ${connectTimeout} ms; counting requests locally until it does`,
      );
    }
    return new RedisCounters(client, prefix);
  }

  async spend(caller: string, cost: number, windowMs: number): Promise<WindowCount> {
    const now = Date.now();
    const { start, end } = alignedWindow(now, windowMs);
    const hits = await this.client.claimgraphSpend(
      `${this.prefix}rate:${caller}:${start}`,
      cost,
      end - now + 1_000,
    );
    return { hits, resetsInMs: end - now };
  }

  async close(): Promise<void> {
    // QUIT waits for replies in flight; a Redis that no longer answers is simply dropped.
    const quit = this.client.quit().catch(() => 'gone');
    const late = new Promise((resolve) => setTimeout(resolve, 1_000).unref());
    await Promise.race([quit, late]);
    this.client.disconnect();
  }
}
