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
