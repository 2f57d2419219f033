import { describe, expect, it } from 'vitest';
import { Counts } from './counts.js';

describe('Counts', () => {
  it('counts per holder and forgets a holder back at zero', () => {
    const counts = new Counts<string>();
    counts.add('a');
    counts.add('a');
    counts.add('b');
    expect([counts.of('a'), counts.of('b'), counts.of('c'), counts.size]).toEqual([2, 1, 0, 2]);
    counts.remove('a');
    counts.remove('b');
    expect([counts.of('a'), counts.of('b'), counts.size]).toEqual([1, 0, 1]);
    counts.remove('a');
    expect(counts.size).toBe(0);
  });

  it('never goes below zero, so a release that comes twice cannot free a slot someone holds', () => {
    const counts = new Counts<string>();
    counts.remove('a');
    counts.add('a');
    expect(counts.of('a')).toBe(1);
  });
});
