import type { ThrottlerStorage } from '@nestjs/throttler';

interface Window {
  hits: number;
  endsAt: number;
}

/**
 * Fixed-window counters for the rate limiter: one number per caller and window, so each request
 * costs a map lookup. (The throttler's own in-memory store keeps a timestamp per hit and filters
 * them on every request, which grows with the budget: at a budget of 100,000 a minute each request
 * walked 100,000 entries.) A caller can spend up to twice its budget across a window boundary;
 * that is the usual price of fixed windows.
 */
export class FixedWindowStorage implements ThrottlerStorage {
  private readonly windows = new Map<string, Window>();
  constructor() {
    // Forgets ended windows now and then; unref'd, so it never keeps a process alive.
    setInterval(() => this.sweep(), 60_000).unref();
  }

  increment(
    key: string,
    ttl: number,
    limit: number,
  ): Promise<{
    totalHits: number;
    timeToExpire: number;
    isBlocked: boolean;
    timeToBlockExpire: number;
  }> {
    const now = Date.now();
    let window = this.windows.get(key);
    if (!window || window.endsAt <= now) {
      window = { hits: 0, endsAt: now + ttl };
      this.windows.set(key, window);
    }
    const isBlocked = window.hits >= limit;
    if (!isBlocked) window.hits++;
    const seconds = Math.max(1, Math.ceil((window.endsAt - now) / 1000));
    return Promise.resolve({
      totalHits: isBlocked ? window.hits + 1 : window.hits,
      timeToExpire: seconds,
      isBlocked,
      timeToBlockExpire: isBlocked ? seconds : 0,
    });
  }

  private sweep(): void {
    const now = Date.now();
    for (const [key, window] of this.windows) if (window.endsAt <= now) this.windows.delete(key);
  }
}
