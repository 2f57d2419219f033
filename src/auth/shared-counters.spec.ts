import { describe, expect, it } from 'vitest';
import { CoalescedCounters, type SharedCounters, type WindowCount } from './shared-counters.js';

/** A store that answers each spend when told to, adding it up as PostgreSQL or Redis would. */
class ManualStore implements SharedCounters {
  readonly name = 'postgres' as const;
  readonly calls: Array<{ caller: string; cost: number }> = [];
  private readonly totals = new Map<string, number>();
  private readonly waiting: Array<() => void> = [];

  spend(caller: string, cost: number): Promise<WindowCount> {
    this.calls.push({ caller, cost });
    return new Promise((resolve, reject) => {
      this.waiting.push(() => {
        if (caller === 'broken') return reject(new Error('store down'));
        const hits = (this.totals.get(caller) ?? 0) + cost;
        this.totals.set(caller, hits);
        resolve({ hits, resetsInMs: 1000 });
      });
    });
  }

  /** Answers every spend sent so far, then lets their callers run. */
  async answer(): Promise<void> {
    for (const answer of this.waiting.splice(0)) answer();
    await new Promise((r) => setImmediate(r));
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

describe('CoalescedCounters', () => {
  it('sends what a caller spends while a spend is in flight as one spend, each request keeping its own place', async () => {
    const store = new ManualStore();
    const counters = new CoalescedCounters(store);
    const first = counters.spend('key-a', 1, 60_000);
    const rest = [
      counters.spend('key-a', 1, 60_000),
      counters.spend('key-a', 5, 60_000),
      counters.spend('key-a', 1, 60_000),
    ];
    expect(store.calls).toEqual([{ caller: 'key-a', cost: 1 }]);
    await store.answer();
    expect((await first).hits).toBe(1);
    // The three that waited went out together once the first answered.
    expect(store.calls).toEqual([
      { caller: 'key-a', cost: 1 },
      { caller: 'key-a', cost: 7 },
    ]);
    await store.answer();
    expect((await Promise.all(rest)).map((c) => c.hits)).toEqual([2, 7, 8]);
  });

  it('keeps callers apart: one key waiting never holds up another', async () => {
    const store = new ManualStore();
    const counters = new CoalescedCounters(store);
    const a = counters.spend('key-a', 1, 60_000);
    const b = counters.spend('key-b', 3, 60_000);
    expect(store.calls).toHaveLength(2);
    await store.answer();
    expect([(await a).hits, (await b).hits]).toEqual([1, 3]);
  });

  it('fails every request of a failed batch, and goes on with the next one', async () => {
    const store = new ManualStore();
    const counters = new CoalescedCounters(store);
    // Each outcome is watched from the start, so no rejection goes unhandled meanwhile.
    const outcome = (p: Promise<WindowCount>) =>
      p.then(
        () => 'answered',
        (e: Error) => e.message,
      );
    const first = outcome(counters.spend('broken', 1, 60_000));
    const second = outcome(counters.spend('broken', 1, 60_000));
    const third = outcome(counters.spend('broken', 1, 60_000));
    await store.answer();
    expect(await first).toBe('store down');
    await store.answer();
    expect([await second, await third]).toEqual(['store down', 'store down']);
    expect(store.calls.map((c) => c.cost)).toEqual([1, 2]);
    // Nothing is left waiting: the next spend goes out at once.
    void counters.spend('broken', 1, 60_000).catch(() => undefined);
    expect(store.calls).toHaveLength(3);
    await store.answer();
  });
});
