/** A caller's spending in its current window: its total, refused requests included, and when the window ends. */
export interface WindowCount {
  hits: number;
  resetsInMs: number;
}

/** Fixed-window counters every instance shares (PostgreSQL or Redis). */
export interface SharedCounters {
  readonly name: 'postgres' | 'redis';
  spend(caller: string, cost: number, windowMs: number): Promise<WindowCount>;
  close(): Promise<void>;
}

/**
 * Windows aligned to the clock (a multiple of the window length since the epoch), so every instance
 * counts a caller into the same window without asking the others when it began.
 */
export function alignedWindow(now: number, windowMs: number): { start: number; end: number } {
  const start = now - (now % windowMs);
  return { start, end: start + windowMs };
}

interface Waiter {
  cost: number;
  resolve: (count: WindowCount) => void;
  reject: (error: unknown) => void;
}

/**
 * One caller's spending in flight at a time: what the caller spends while its last spend is on its
 * way is added up and sent as one spend when that answers. Each request still learns its own place
 * in the window (the total less what the requests after it in the same batch spent), so the budget
 * is counted exactly as before; a busy key costs the store one round trip at a time instead of one
 * per request, and concurrent requests of one key no longer queue on its counter's row lock.
 * A batch holds only requests that are waiting on it, so it is bounded by the requests the server
 * accepts at once.
 */
export class CoalescedCounters implements SharedCounters {
  private readonly pending = new Map<string, Waiter[]>();
  private readonly busy = new Set<string>();

  constructor(private readonly store: SharedCounters) {}

  get name(): SharedCounters['name'] {
    return this.store.name;
  }

  spend(caller: string, cost: number, windowMs: number): Promise<WindowCount> {
    const key = `${windowMs} ${caller}`;
    return new Promise<WindowCount>((resolve, reject) => {
      const batch = this.pending.get(key);
      if (batch) batch.push({ cost, resolve, reject });
      else this.pending.set(key, [{ cost, resolve, reject }]);
      if (!this.busy.has(key)) this.send(key, caller, windowMs);
    });
  }

  private send(key: string, caller: string, windowMs: number): void {
    const batch = this.pending.get(key);
    if (!batch) return;
    this.pending.delete(key);
    this.busy.add(key);
    const total = batch.reduce((sum, w) => sum + w.cost, 0);
    this.store
      .spend(caller, total, windowMs)
      .then(
        (count) => {
          let after = total;
          for (const w of batch) {
            after -= w.cost;
            w.resolve({ hits: count.hits - after, resetsInMs: count.resetsInMs });
          }
        },
        (error: unknown) => {
          for (const w of batch) w.reject(error);
        },
      )
      .finally(() => {
        this.busy.delete(key);
        this.send(key, caller, windowMs);
      });
  }

  close(): Promise<void> {
    return this.store.close();
  }
}
