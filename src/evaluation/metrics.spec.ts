import { describe, expect, it } from 'vitest';
import type { Outcome } from '../domain/outcomes.js';
import { assignFolds, ruleOutcome } from './cross-validation.js';
import { auc, score, type Prediction } from './metrics.js';
import { generateStories } from './stories.js';

const certain = (actual: Outcome, predicted: Outcome): Prediction => ({
  actual,
  predicted,
  probabilities: {
    true: predicted === 'true' ? 1 : 0,
    false: predicted === 'false' ? 1 : 0,
    unproven: predicted === 'unproven' ? 1 : 0,
  },
  pTrue: predicted === 'true' ? 1 : 0,
});

describe('evaluation figures', () => {
  it('computes the AUC as the chance a positive outranks a negative, ties counting half', () => {
    expect(auc([0.9, 0.8], [0.1, 0.2])).toBe(1);
    expect(auc([0.1], [0.9])).toBe(0);
    expect(auc([0.5, 0.5], [0.5])).toBe(0.5);
    expect(auc([0.9, 0.4], [0.5, 0.1])).toBe(0.75);
    expect(auc([], [0.1])).toBeNull();
  });

  it('scores accuracy, macro-F1, Brier and the confusion matrix', () => {
    const s = score([
      certain('true', 'true'),
      certain('true', 'false'),
      certain('false', 'false'),
      certain('unproven', 'true'),
    ]);
    expect(s.accuracy).toBe(0.5);
    // F1: true 2·1/(2+2) = 0.5, false 2·1/(2+1) = 2/3, unproven 0.
    expect(s.macroF1).toBeCloseTo((0.5 + 2 / 3 + 0) / 3, 12);
    // A certain miss costs 2, a certain hit 0.
    expect(s.brier).toBe(1);
    expect(s.confusion.true).toEqual({ true: 1, false: 1, unproven: 0 });
    expect(s.confusion.unproven).toEqual({ true: 1, false: 0, unproven: 0 });
    expect(s.auc).toBe(0.75);
  });

  it('reads the rule status as an outcome', () => {
    expect(ruleOutcome('corroborated')).toBe('true');
    expect(ruleOutcome('disputed')).toBe('false');
    expect(ruleOutcome('denied')).toBe('false');
    expect(ruleOutcome('unverified')).toBe('unproven');
    expect(ruleOutcome('retracted')).toBe('unproven');
    expect(ruleOutcome('unsourced')).toBe('unproven');
  });

  it('splits claims into folds of nearly equal size, the same for the same seed', () => {
    const folds = assignFolds(103, 5, 7);
    const sizes = [0, 1, 2, 3, 4].map((k) => folds.filter((f) => f === k).length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    expect(assignFolds(103, 5, 7)).toEqual(folds);
    expect(assignFolds(103, 5, 8)).not.toEqual(folds);
  });
});

describe('synthetic stories', () => {
  it('are the same for the same seed, refer back only, and give every claim a verdict', () => {
    const a = generateStories({ claims: 50, outlets: 40, seed: 3 });
    expect(generateStories({ claims: 50, outlets: 40, seed: 3 }).lines).toEqual(a.lines);
    const seen = new Set<string>();
    for (const line of a.lines) {
      for (const ref of ['claimId', 'sourceId', 'viaSourceId', 'affiliatedWithId']) {
        const value = line[ref];
        if (typeof value === 'string') expect(seen.has(value), `${ref} ${value}`).toBe(true);
      }
      if (typeof line.key === 'string') seen.add(line.key);
    }
    expect(a.lines.filter((l) => l.type === 'review')).toHaveLength(50);
    expect(a.outlets.some((o) => o.copies && o.citesCopies)).toBe(true);
    expect(a.lines.some((l) => l.type === 'stance' && l.sourceId === 'officials')).toBe(true);
  });
});
