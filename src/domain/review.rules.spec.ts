import { describe, expect, it } from 'vitest';
import { CLAIM_STATUSES, type ClaimStatus } from './claims.js';
import {
  isDivergent,
  RATING,
  REVIEW_STATES,
  reviewPriority,
  reviewStateAfter,
  VERDICTS,
  type ReviewState,
  type Verdict,
} from './review.rules.js';

/**
 * The editorial rules as tables: one row per verdict (and "no verdict yet"), one column per computed
 * status. `D` marks a verdict that contradicts the evidence.
 */
const D = true;
const _ = false;

//                                            unsourced disputed denied corroborated retracted unverified
const DIVERGENT: Record<Verdict | 'none', [boolean, boolean, boolean, boolean, boolean, boolean]> =
  {
    true: /*                                 */ [_, _, D, _, D, _],
    mostly_true: /*                          */ [_, _, D, _, D, _],
    mixed: /*                                */ [_, _, _, _, _, _],
    mostly_false: /*                         */ [_, _, _, D, _, _],
    false: /*                                */ [_, _, _, D, _, _],
    unproven: /*                             */ [_, _, _, _, _, _],
    none: /*                                 */ [_, _, _, _, _, _],
  };

const verdictOf = (row: Verdict | 'none'): Verdict | null => (row === 'none' ? null : row);

const everyPair = (): { verdict: Verdict | null; status: ClaimStatus; divergent: boolean }[] =>
  (Object.keys(DIVERGENT) as (Verdict | 'none')[]).flatMap((row) =>
    CLAIM_STATUSES.map((status, i) => ({
      verdict: verdictOf(row),
      status,
      divergent: DIVERGENT[row][i],
    })),
  );

describe('review rules', () => {
  it('the tables cover every verdict and every status, in the order the rules declare them', () => {
    expect(CLAIM_STATUSES).toEqual([
      'unsourced',
      'disputed',
      'denied',
      'corroborated',
      'retracted',
      'unverified',
    ]);
    expect(
      Object.keys(DIVERGENT)
        .filter((k) => k !== 'none')
        .sort(),
    ).toEqual([...VERDICTS].sort());
    expect(everyPair()).toHaveLength((VERDICTS.length + 1) * CLAIM_STATUSES.length);
  });

  describe('isDivergent: a verdict that contradicts the evidence', () => {
    it.each(everyPair())(
      '$verdict on a $status claim → $divergent',
      ({ verdict, status, divergent }) => {
        expect(isDivergent(verdict, status)).toBe(divergent);
      },
    );

    it('mixed, unproven and "no verdict" are never divergent', () => {
      for (const status of CLAIM_STATUSES) {
        expect(isDivergent('mixed', status)).toBe(false);
        expect(isDivergent('unproven', status)).toBe(false);
        expect(isDivergent(null, status)).toBe(false);
      }
    });

    it('disputed, unverified and unsourced claims can carry any verdict', () => {
      for (const verdict of VERDICTS) {
        for (const status of ['disputed', 'unverified', 'unsourced'] as const)
          expect(isDivergent(verdict, status)).toBe(false);
      }
    });
  });

  describe('reviewPriority: the review queue order (0 divergent, 1 disputed, 2 the rest)', () => {
    it.each(everyPair())('$verdict on a $status claim', ({ verdict, status, divergent }) => {
      const expected = divergent ? 0 : status === 'disputed' ? 1 : 2;
      expect(reviewPriority(verdict, status)).toBe(expected);
    });

    it('puts an unreviewed disputed claim before every other unreviewed claim', () => {
      expect(reviewPriority(null, 'disputed')).toBe(1);
      for (const status of CLAIM_STATUSES.filter((s) => s !== 'disputed'))
        expect(reviewPriority(null, status)).toBe(2);
    });

    it('puts a divergent verdict before a disputed claim', () => {
      expect(reviewPriority('true', 'denied')).toBeLessThan(reviewPriority(null, 'disputed'));
      expect(reviewPriority('false', 'corroborated')).toBeLessThan(
        reviewPriority('mixed', 'disputed'),
      );
    });
  });

  describe('reviewStateAfter: a reviewed claim whose status moves goes back to the editors', () => {
    const cases: {
      state: ReviewState;
      before: ClaimStatus;
      after: ClaimStatus;
      expected: ReviewState;
    }[] = REVIEW_STATES.flatMap((state) =>
      CLAIM_STATUSES.flatMap((before) =>
        CLAIM_STATUSES.map((after) => ({
          state,
          before,
          after,
          expected: state === 'reviewed' && before !== after ? ('needs_review' as const) : state,
        })),
      ),
    );

    it('covers every state and every pair of statuses', () => {
      expect(REVIEW_STATES).toEqual(['unreviewed', 'needs_review', 'reviewed']);
      expect(cases).toHaveLength(3 * 6 * 6);
    });

    it.each(cases)('$state, $before → $after: $expected', ({ state, before, after, expected }) => {
      expect(reviewStateAfter(state, before, after)).toBe(expected);
    });

    it('examples from the worked example', () => {
      expect(reviewStateAfter('reviewed', 'disputed', 'denied')).toBe('needs_review');
      expect(reviewStateAfter('reviewed', 'disputed', 'disputed')).toBe('reviewed');
      expect(reviewStateAfter('unreviewed', 'unverified', 'disputed')).toBe('unreviewed');
      // Back where it was when reviewed is still a change since the last verdict was read.
      expect(reviewStateAfter('needs_review', 'denied', 'disputed')).toBe('needs_review');
    });
  });

  describe('RATING: the schema.org Rating each verdict is published as', () => {
    it.each([
      ['true', 5, 'True'],
      ['mostly_true', 4, 'Mostly true'],
      ['mixed', 3, 'Mixed'],
      ['mostly_false', 2, 'Mostly false'],
      ['false', 1, 'False'],
      ['unproven', null, 'Unproven'],
    ] as const)('%s → %s (%s)', (verdict, value, name) => {
      expect(RATING[verdict]).toEqual({ value, name });
    });

    it('has one rating per verdict, every value within worstRating 1 … bestRating 5, none repeated', () => {
      expect(Object.keys(RATING).sort()).toEqual([...VERDICTS].sort());
      const values = VERDICTS.map((v) => RATING[v].value).filter((v): v is number => v !== null);
      expect(new Set(values).size).toBe(values.length);
      for (const v of values) {
        expect(Number.isInteger(v)).toBe(true);
        expect(v).toBeGreaterThanOrEqual(1);
        expect(v).toBeLessThanOrEqual(5);
      }
    });

    it('orders ratings from true (best) to false (worst)', () => {
      const ordered = ['true', 'mostly_true', 'mixed', 'mostly_false', 'false'] as const;
      const values = ordered.map((v) => RATING[v].value!);
      expect(values).toEqual([...values].sort((a, b) => b - a));
    });
  });
});
