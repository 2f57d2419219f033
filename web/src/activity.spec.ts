import { describe, expect, it } from 'vitest';
import { effectText, moveText, spanStart } from './activity.js';

describe('activity wording', () => {
  it('tells a status move, a score move and a new claim apart', () => {
    expect(
      effectText({
        fromStatus: 'corroborated',
        toStatus: 'disputed',
        fromScore: 0.8,
        toScore: 0.4,
      }),
    ).toBe('corroborated → disputed');
    expect(
      effectText({ fromStatus: 'disputed', toStatus: 'disputed', fromScore: 0.4, toScore: 0.35 }),
    ).toBe('score 0.400 → 0.350');
    expect(
      effectText({ fromStatus: null, toStatus: 'unsourced', fromScore: null, toScore: 0 }),
    ).toBe('unsourced');
  });

  it('says where a claim went over the span only when it moved', () => {
    expect(moveText({ statusAtSince: null, status: 'unverified', deleted: false })).toBe('new');
    expect(moveText({ statusAtSince: 'corroborated', status: 'disputed', deleted: false })).toBe(
      'was corroborated',
    );
    expect(moveText({ statusAtSince: 'disputed', status: 'disputed', deleted: false })).toBeNull();
    expect(moveText({ statusAtSince: 'disputed', status: null, deleted: true })).toBe('deleted');
  });

  it('starts a span the given hours before now', () => {
    expect(spanStart(24, Date.parse('2026-12-06T12:00:00Z'))).toBe('2026-12-05T12:00:00.000Z');
  });
});
