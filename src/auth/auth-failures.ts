/**
 * Failed key lookups per client address, in fixed windows. Past the limit, an address's unknown
 * keys are refused without a database lookup until its window ends, so guessing keys costs the
 * guesser, not the database. The map is bounded: past MAX_ADDRESSES it starts again.
 */
export class AuthFailures {
  private readonly windows = new Map<string, { failures: number; endsAt: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly maxAddresses = 100_000,
  ) {}

  /** Seconds until this address may try unknown keys again; 0 when it may now. */
  blockedFor(address: string, now = Date.now()): number {
    const window = this.windows.get(address);
    if (!window || window.endsAt <= now || window.failures < this.limit) return 0;
    return Math.max(1, Math.ceil((window.endsAt - now) / 1000));
  }

  record(address: string, now = Date.now()): void {
    let window = this.windows.get(address);
    if (!window || window.endsAt <= now) {
      if (this.windows.size >= this.maxAddresses) this.sweep(now);
      window = { failures: 0, endsAt: now + this.windowMs };
      this.windows.set(address, window);
    }
    window.failures++;
  }

  private sweep(now: number): void {
    for (const [address, window] of this.windows)
      if (window.endsAt <= now) this.windows.delete(address);
    if (this.windows.size >= this.maxAddresses) this.windows.clear();
  }
}
