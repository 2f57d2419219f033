import { describe, expect, it } from 'vitest';
import { AuthFailures } from './auth-failures.js';

describe('AuthFailures', () => {
  it('blocks an address once it reaches the limit, until its window ends', () => {
    const f = new AuthFailures(3, 10_000);
    for (let i = 0; i < 2; i++) f.record('a', 1_000);
    expect(f.blockedFor('a', 1_000)).toBe(0);
    f.record('a', 1_000);
    expect(f.blockedFor('a', 1_000)).toBe(10);
    expect(f.blockedFor('b', 1_000)).toBe(0);
    expect(f.blockedFor('a', 10_999)).toBe(1);
    expect(f.blockedFor('a', 11_000)).toBe(0);
    f.record('a', 11_000);
    expect(f.blockedFor('a', 11_000)).toBe(0);
  });

  it('holds at most its bound of addresses', () => {
    const f = new AuthFailures(1, 10_000, 100);
    for (let i = 0; i < 1_000; i++) f.record(`10.0.${i >> 8}.${i & 255}`, 0);
    expect((f as unknown as { windows: Map<string, unknown> }).windows.size).toBeLessThanOrEqual(
      100,
    );
  });
});
