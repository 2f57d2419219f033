import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RELIABILITY_GRADES, type ReliabilityGrade } from '../domain/grades.js';
import { STANCE_KINDS, type StanceKind } from '../domain/stances.js';
import type { StanceFact } from './evaluation.js';
import { evaluateClaim } from './status.rules.js';

/** A stance by `source` of group `group` (named "Group <group>"), in the order given. */
let seq = 0;
function stance(
  source: string,
  group: string,
  kind: StanceKind,
  reliability: ReliabilityGrade = 'C',
): StanceFact {
  const at = new Date(Date.UTC(2024, 0, 1, 0, seq));
  seq++;
  return {
    stanceId: `stance-${String(seq).padStart(5, '0')}`,
    sourceId: source,
    sourceName: `Source ${source}`,
    reliability,
    groupId: group,
    groupName: `Group ${group}`,
    kind,
    statedAt: at,
    recordedAt: at,
    seq,
  };
}

describe('the summary of a group split across both sides', () => {
  it('names it as one group whose members disagree, not as two groups', () => {
    const e = evaluateClaim([stance('a', 'g', 'asserts'), stance('b', 'g', 'denies')]);
    expect(e.status).toBe('disputed');
    expect(e.summary).toBe(
      'Disputed: only the members of Group g, one independent group, stand on both sides.',
    );
    expect(e.summary).not.toContain('1 independent group denies');
  });

  it('counts the groups on one side apart from the split one', () => {
    const e = evaluateClaim([
      stance('a', 'g', 'asserts'),
      stance('b', 'g', 'denies'),
      stance('c', 'h', 'denies'),
    ]);
    expect(e.summary).toBe(
      'Disputed: 1 independent group denies the claim and the members of Group g, one independent group, stand on both sides.',
    );
  });
});

describe('groups that add no weight', () => {
  it('says a claim is disputed only by an unreliable source, and why the score leans to support', () => {
    const e = evaluateClaim([stance('a', 'g', 'asserts', 'B'), stance('b', 'h', 'denies', 'E')]);
    expect(e.status).toBe('disputed');
    expect(e.score).toBeGreaterThan(0.75);
    expect(e.summary).toBe(
      'Disputed: 1 independent group supports the claim and 1 independent group denies it. It is denied only by a source graded E (unreliable), which adds no weight, so the score leans to support.',
    );
    const denier = e.groups.find((g) => g.groupId === 'h')!;
    expect(denier.weight).toBe(0);
    expect(denier.summary).toBe(
      'Group h refutes the claim, but adds no weight to the score (a source graded E (unreliable)): Source b denies it.',
    );
  });

  it('says a corroboration resting only on sources graded D or E does not raise the score', () => {
    const e = evaluateClaim([stance('a', 'g', 'asserts', 'D'), stance('b', 'h', 'confirms', 'E')]);
    expect(e.status).toBe('corroborated');
    expect(e.score).toBe(0.5);
    expect(e.summary).toBe(
      'Corroborated: 2 independent groups support the claim and none denies it. It is supported only by sources graded D (not usually reliable) or E (unreliable), which add no weight, so the score does not rise.',
    );
  });

  it('names the groups that add none when others do', () => {
    const e = evaluateClaim([
      stance('a', 'g', 'asserts', 'A'),
      stance('b', 'h', 'asserts', 'E'),
      stance('c', 'i', 'asserts', 'C'),
    ]);
    expect(e.summary).toBe(
      'Corroborated: 3 independent groups support the claim and none denies it. Group h adds no weight to the score: graded D or E.',
    );
  });

  it('leaves summaries where every group adds weight as they were', () => {
    const e = evaluateClaim([stance('a', 'g', 'asserts', 'C'), stance('b', 'h', 'denies', 'F')]);
    expect(e.summary).toBe(
      'Disputed: 1 independent group supports the claim and 1 independent group denies it.',
    );
  });
});

describe('summaries over random stances', () => {
  const stances = fc.array(
    fc.record({
      source: fc.integer({ min: 0, max: 7 }),
      group: fc.integer({ min: 0, max: 3 }),
      kind: fc.constantFrom(...STANCE_KINDS),
      grade: fc.constantFrom(...RELIABILITY_GRADES),
    }),
    { minLength: 1, maxLength: 12 },
  );
  /** Each source belongs to one group: the group of its first stance. */
  const toFacts = (
    specs: { source: number; group: number; kind: StanceKind; grade: ReliabilityGrade }[],
  ) => {
    const groupOf = new Map<number, number>();
    const gradeOf = new Map<number, ReliabilityGrade>();
    return specs.map((s) => {
      if (!groupOf.has(s.source)) groupOf.set(s.source, s.group);
      if (!gradeOf.has(s.source)) gradeOf.set(s.source, s.grade);
      return stance(`s${s.source}`, `${groupOf.get(s.source)}`, s.kind, gradeOf.get(s.source));
    });
  };
  const count = (summary: string, pattern: RegExp): number =>
    Number(pattern.exec(summary)?.[1] ?? 0);

  it("count exactly the explanation's groups, and name exactly the split ones", () => {
    fc.assert(
      fc.property(stances, (specs) => {
        const e = evaluateClaim(toFacts(specs));
        const split = e.groups.filter((g) => g.split).map((g) => g.groupName);
        const supportOnly = e.groups.filter((g) => g.position === 'supports' && !g.split).length;
        const refuteOnly = e.groups.filter((g) => g.position === 'refutes' && !g.split).length;
        const supports = count(e.summary, /(\d+) independent groups? supports?/);
        const denies = count(e.summary, /(\d+) independent groups? den(?:y|ies)/);
        if (e.status === 'disputed') {
          expect(supports).toBe(supportOnly);
          expect(denies).toBe(refuteOnly);
          expect(supports + split.length).toBe(e.support.groups);
          expect(denies + split.length).toBe(e.refute.groups);
          for (const name of split) expect(e.summary).toContain(name);
          if (split.length === 0) expect(e.summary).not.toContain('both sides');
        } else {
          expect(split).toEqual([]);
          if (e.status === 'corroborated' || e.status === 'unverified')
            expect(supports).toBe(e.support.groups);
          if (e.status === 'denied') expect(denies).toBe(e.refute.groups);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('say a group adds no weight only when it adds none, and name every such group', () => {
    fc.assert(
      fc.property(stances, (specs) => {
        const e = evaluateClaim(toFacts(specs));
        const sidesOf = (name: string) => e.groups.find((g) => g.groupName === name)!;
        for (const g of e.groups) {
          const onSide = g.members.filter((m) =>
            g.position === 'supports'
              ? m.kind === 'asserts' || m.kind === 'confirms'
              : g.position === 'refutes'
                ? m.kind === 'denies'
                : false,
          );
          const addsNothing =
            onSide.length > 0 &&
            onSide.every((m) => m.reliability === 'D' || m.reliability === 'E');
          expect(g.summary.includes('adds no weight'), g.summary).toBe(addsNothing);
        }
        // Every group the summary names is one it counts: it takes a side, with an effective
        // stance; and one named as adding no weight has a side resting only on D or E.
        const counted = new Set(
          e.groups
            .filter((g) => g.position === 'supports' || g.position === 'refutes')
            .map((g) => g.groupName),
        );
        const named = /\. ([^.]+?) (?:adds|add) no weight to the score: graded D or E\.$/.exec(
          e.summary,
        );
        for (const name of named?.[1]?.split(/, | and /) ?? []) {
          expect(counted.has(name), `${name} in: ${e.summary}`).toBe(true);
          const sides = [['asserts', 'confirms'], ['denies']].map((kinds) =>
            sidesOf(name).members.filter((m) => kinds.includes(m.kind)),
          );
          expect(
            sides.some(
              (m) => m.length > 0 && m.every((x) => x.reliability === 'D' || x.reliability === 'E'),
            ),
            e.summary,
          ).toBe(true);
        }
        for (const match of e.summary.matchAll(/the members of (?:each of )?(.+?)(?:,| \()/g)) {
          for (const name of match[1].split(/, | and /)) expect(counted.has(name), name).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });
});
