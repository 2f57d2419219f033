import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ReliabilityGrade } from '../domain/grades.js';
import { categoryOf, outcomeOf, OUTCOMES, type Outcome } from '../domain/outcomes.js';
import { STANCE_KINDS, type StanceKind } from '../domain/stances.js';
import type { StanceFact } from './evaluation.js';
import { evaluateClaim } from './status.rules.js';
import {
  assess,
  countTrackRecords,
  emptyCounts,
  gradeForAccuracy,
  gradePrior,
  pooledMatrix,
  sourceMatrix,
  summariseTrackRecord,
  type LabelledClaim,
  type VotingGroup,
} from './track-records.js';

let seq = 0;
function fact(
  sourceId: string,
  kind: StanceKind,
  options: { group?: string; grade?: ReliabilityGrade; at?: number } = {},
): StanceFact {
  seq++;
  return {
    stanceId: `st-${seq}`,
    sourceId,
    sourceName: sourceId,
    reliability: options.grade ?? 'F',
    groupId: options.group ?? sourceId,
    groupName: options.group ?? sourceId,
    kind,
    statedAt: new Date(Date.UTC(2026, 0, 1) + (options.at ?? seq) * 1000),
    recordedAt: new Date(Date.UTC(2026, 0, 1) + (options.at ?? seq) * 1000),
    seq,
  };
}

const labelled = (outcome: Outcome, ...facts: StanceFact[]): LabelledClaim => ({ facts, outcome });
const groupsOf = (...facts: StanceFact[]): VotingGroup[] => evaluateClaim(facts).groups;

describe('what a verdict teaches', () => {
  it('maps verdicts to outcomes; mixed and no verdict teach nothing', () => {
    expect(outcomeOf('true')).toBe('true');
    expect(outcomeOf('mostly_true')).toBe('true');
    expect(outcomeOf('false')).toBe('false');
    expect(outcomeOf('mostly_false')).toBe('false');
    expect(outcomeOf('unproven')).toBe('unproven');
    expect(outcomeOf('mixed')).toBeNull();
    expect(outcomeOf(null)).toBeNull();
  });

  it('counts supporting, refuting, doubting and neutral stances; a retraction takes no position', () => {
    expect(STANCE_KINDS.map((k) => [k, categoryOf(k)])).toEqual([
      ['asserts', 'supporting'],
      ['confirms', 'supporting'],
      ['denies', 'refuting'],
      ['questions', 'doubting'],
      ['reports', 'neutral'],
      ['declines_to_confirm', 'neutral'],
      ['retracts', 'neutral'],
    ]);
  });
});

describe('counting track records', () => {
  it('counts only each source’s latest stance on each claim', () => {
    const counts = countTrackRecords([
      labelled('false', fact('a', 'asserts', { at: 1 }), fact('a', 'denies', { at: 2 })),
      labelled('true', fact('a', 'confirms'), fact('b', 'questions')),
    ]);
    expect(counts.verdicts).toBe(2);
    expect(counts.outcomes).toEqual([1, 1, 0]);
    expect(counts.bySource.get('a')).toEqual([
      [1, 0, 0, 0],
      [0, 1, 0, 0],
      [0, 0, 0, 0],
    ]);
    expect(counts.pooled).toEqual([
      [1, 0, 1, 0],
      [0, 1, 0, 0],
      [0, 0, 0, 0],
    ]);
  });

  it('gives every row of every matrix a probability distribution, whatever the counts', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            outcome: fc.constantFrom(...OUTCOMES),
            kinds: fc.array(
              fc.tuple(fc.constantFrom('a', 'b', 'c'), fc.constantFrom(...STANCE_KINDS)),
              {
                maxLength: 4,
              },
            ),
          }),
          { maxLength: 30 },
        ),
        fc.constantFrom<ReliabilityGrade>('A', 'B', 'C', 'D', 'E', 'F'),
        (claims, grade) => {
          const counts = countTrackRecords(
            claims.map((c) => labelled(c.outcome, ...c.kinds.map(([s, k]) => fact(s, k)))),
          );
          const m = sourceMatrix(counts.bySource.get('a'), gradePrior(pooledMatrix(counts), grade));
          for (const row of m) {
            expect(row.every((p) => p > 0 && p < 1)).toBe(true);
            expect(row.reduce((x, y) => x + y, 0)).toBeCloseTo(1, 12);
          }
        },
      ),
    );
  });
});

describe('the assessment', () => {
  it('follows grades when there is no verdict: an A-graded supporter outweighs an F-graded denial', () => {
    const a = assess(
      emptyCounts(),
      groupsOf(fact('wire', 'confirms', { grade: 'A' }), fact('blog', 'denies', { grade: 'F' })),
    );
    expect(a.likely).toBe('true');
    expect(a.basis).toEqual({ verdicts: 0, groups: 2 });
    expect(a.probabilities.true + a.probabilities.false + a.probabilities.unproven).toBeCloseTo(
      1,
      12,
    );
  });

  it('lets the record overrule the grade: an A-graded source that was always wrong stops being believed', () => {
    const history = Array.from({ length: 10 }, () => [
      labelled('false', fact('wire', 'asserts', { grade: 'A' })),
      labelled('true', fact('wire', 'denies', { grade: 'A' })),
    ]).flat();
    const a = assess(countTrackRecords(history), groupsOf(fact('wire', 'asserts', { grade: 'A' })));
    expect(a.likely).toBe('false');
    const record = summariseTrackRecord(countTrackRecords(history), 'wire', 'A');
    expect(record.sides).toEqual({ taken: 20, right: 0 });
    expect(record.impliedGrade).toBe('E');
    expect(record.assignedGrade).toBe('A');
  });

  it('lets each independence group vote once, however many members it has', () => {
    const history = countTrackRecords(
      Array.from({ length: 10 }, (_, i) =>
        labelled(i % 2 ? 'true' : 'false', fact('x', i % 2 ? 'asserts' : 'denies')),
      ),
    );
    const one = assess(history, groupsOf(fact('m1', 'asserts', { group: 'g' })));
    const many = assess(
      history,
      groupsOf(
        fact('m1', 'asserts', { group: 'g' }),
        fact('m2', 'asserts', { group: 'g' }),
        fact('m3', 'asserts', { group: 'g' }),
      ),
    );
    expect(many.basis.groups).toBe(1);
    expect(many.probabilities.true).toBeCloseTo(one.probabilities.true, 12);
  });

  it('leaves the claim’s own verdict out: the same as learning without it', () => {
    const own = labelled('true', fact('a', 'asserts'), fact('b', 'denies'));
    const others = [
      labelled('true', fact('a', 'asserts')),
      labelled('false', fact('b', 'asserts')),
      labelled('unproven', fact('a', 'reports'), fact('b', 'questions')),
    ];
    const withOwn = countTrackRecords([...others, own]);
    const a = assess(withOwn, groupsOf(...own.facts), {
      outcome: 'true',
      effective: own.facts,
    });
    const b = assess(countTrackRecords(others), groupsOf(...own.facts));
    expect(a.basis.verdicts).toBe(3);
    expect(a.probabilities.true).toBeCloseTo(b.probabilities.true, 12);
    expect(a.probabilities.false).toBeCloseTo(b.probabilities.false, 12);
    // And the counts it was given are left as they were.
    expect(withOwn.verdicts).toBe(4);
    expect(withOwn.bySource.get('a')![0][0]).toBe(2);
  });

  it('names what each group contributes, and falls back to how often each outcome happens', () => {
    const history = countTrackRecords([
      labelled('unproven'),
      labelled('unproven'),
      labelled('unproven'),
      labelled('false'),
    ]);
    const silent = assess(history, []);
    expect(silent.likely).toBe('unproven');
    expect(silent.contributions).toEqual([]);
    const spoken = assess(history, groupsOf(fact('a', 'denies')));
    expect(spoken.contributions).toEqual([
      expect.objectContaining({ groupId: 'a', groupName: 'a', leans: 'false', verdicts: 0 }),
    ]);
  });
});

describe('implied grades', () => {
  it('picks the Admiralty grade nearest an accuracy', () => {
    expect(gradeForAccuracy(0.97)).toBe('A');
    expect(gradeForAccuracy(0.8)).toBe('B');
    expect(gradeForAccuracy(0.66)).toBe('C');
    expect(gradeForAccuracy(0.45)).toBe('D');
    expect(gradeForAccuracy(0.1)).toBe('E');
  });

  it('implies none until the source has taken five sides, and keeps the interval around the estimate', () => {
    const counts = countTrackRecords(
      Array.from({ length: 4 }, () => labelled('true', fact('a', 'asserts'))),
    );
    const record = summariseTrackRecord(counts, 'a', 'C');
    expect(record.impliedGrade).toBeNull();
    expect(record.accuracy.low).toBeLessThan(record.accuracy.estimate);
    expect(record.accuracy.high).toBeGreaterThan(record.accuracy.estimate);
    expect(record.accuracy.high).toBeLessThanOrEqual(1);
  });
});
