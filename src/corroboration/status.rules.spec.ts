import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type ClaimStatus } from '../domain/claims.js';
import { type Evaluation, type GroupEvaluation, type StanceFact } from './evaluation.js';
import { type ReliabilityGrade, GRADE_PROBABILITY, RELIABILITY_GRADES } from '../domain/grades.js';
import { type StanceKind, STANCE_KINDS } from '../domain/stances.js';
import {
  compareStances,
  decideStatus,
  effectiveStances,
  evaluateClaim,
  gradeWeight,
  logistic,
} from './status.rules.js';

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

const T0 = Date.parse('2024-01-01T00:00:00Z');
/** A moment `minutes` after T0. */
const at = (minutes: number): Date => new Date(T0 + minutes * 60_000);

/** A compact description of one stance; everything but `source` has a default. */
interface Spec {
  source: string;
  kind?: StanceKind;
  /** Independence group; defaults to the source itself (no affiliation). */
  group?: string;
  grade?: ReliabilityGrade;
  /** statedAt, in minutes after T0. */
  stated?: number;
  /** recordedAt, in minutes after T0; defaults to `stated`. */
  recorded?: number;
  /** Order of entry; defaults to 0 so the id decides remaining ties. */
  seq?: number;
  id?: string;
}

let nextId = 0;

/** Builds a StanceFact: `asserts`, grade C, its own group, stated and recorded at T0. */
function fact(spec: Spec): StanceFact {
  const group = spec.group ?? spec.source;
  const stated = spec.stated ?? 0;
  return {
    stanceId: spec.id ?? `stance-${String(++nextId).padStart(4, '0')}`,
    sourceId: spec.source,
    sourceName: `Source ${spec.source}`,
    reliability: spec.grade ?? 'C',
    groupId: group,
    groupName: `Group ${group}`,
    kind: spec.kind ?? 'asserts',
    statedAt: at(stated),
    recordedAt: at(spec.recorded ?? stated),
    seq: spec.seq ?? 0,
  };
}

const facts = (specs: readonly Spec[]): StanceFact[] => specs.map(fact);
const evaluate = (specs: readonly Spec[], asOf?: Date): Evaluation =>
  evaluateClaim(facts(specs), asOf);
const score = (specs: readonly Spec[]): number => evaluate(specs).score;

/** The log-odds weight a grade should have, computed independently of gradeWeight. */
const W = (grade: ReliabilityGrade): number => {
  const p = GRADE_PROBABILITY[grade];
  return Math.max(0, Math.log(p / (1 - p)));
};
const capitalise = (s: string): string => s[0].toUpperCase() + s.slice(1);

function groupOf(evaluation: Evaluation, groupId: string): GroupEvaluation {
  const group = evaluation.groups.find((g) => g.groupId === groupId);
  if (!group) throw new Error(`no group ${groupId} in the evaluation`);
  return group;
}

// ---------------------------------------------------------------------------------------------
// Constants and small functions
// ---------------------------------------------------------------------------------------------

describe('gradeWeight', () => {
  it.each([
    ['A', Math.log(0.95 / 0.05)],
    ['B', Math.log(0.8 / 0.2)],
    ['C', Math.log(0.65 / 0.35)],
    ['D', 0], // below even odds: clamped to no evidence (documented deviation)
    ['E', 0],
    ['F', Math.log(0.6 / 0.4)],
  ] as const)('grade %s weighs %f', (grade, expected) => {
    expect(gradeWeight(grade)).toBeCloseTo(expected, 12);
  });

  it('orders grades A > B > C > F > D = E = 0', () => {
    expect(gradeWeight('A')).toBeGreaterThan(gradeWeight('B'));
    expect(gradeWeight('B')).toBeGreaterThan(gradeWeight('C'));
    expect(gradeWeight('C')).toBeGreaterThan(gradeWeight('F'));
    expect(gradeWeight('F')).toBeGreaterThan(0);
    expect(gradeWeight('D')).toBe(0);
    expect(gradeWeight('E')).toBe(0);
  });
});

describe('logistic', () => {
  it.each([
    [0, 0.5],
    [Math.log(4), 0.8],
    [-Math.log(4), 0.2],
    [Math.log(19), 0.95],
  ])('σ(%f) = %f', (x, expected) => {
    expect(logistic(x)).toBeCloseTo(expected, 12);
  });
});

describe('compareStances', () => {
  const base = { source: 's' } satisfies Spec;
  it.each([
    [
      'later statedAt sorts after',
      { ...base, stated: 10, recorded: 0, id: 'a' },
      { ...base, stated: 5, recorded: 99, id: 'b' },
      1,
    ],
    [
      'earlier statedAt sorts before',
      { ...base, stated: 5, recorded: 99, id: 'b' },
      { ...base, stated: 10, recorded: 0, id: 'a' },
      -1,
    ],
    [
      'same statedAt: later recordedAt sorts after',
      { ...base, stated: 5, recorded: 20, id: 'a' },
      { ...base, stated: 5, recorded: 10, id: 'b' },
      1,
    ],
    [
      'same statedAt and recordedAt: the one entered later sorts after',
      { ...base, stated: 5, recorded: 5, seq: 2, id: 'a' },
      { ...base, stated: 5, recorded: 5, seq: 1, id: 'b' },
      1,
    ],
    [
      'same statedAt, recordedAt and entry order: id decides',
      { ...base, stated: 5, recorded: 5, id: 'a' },
      { ...base, stated: 5, recorded: 5, id: 'b' },
      -1,
    ],
    [
      'identical',
      { ...base, stated: 5, recorded: 5, id: 'a' },
      { ...base, stated: 5, recorded: 5, id: 'a' },
      0,
    ],
  ] as const)('%s', (_name, a, b, sign) => {
    expect(Math.sign(compareStances(fact(a), fact(b)))).toBe(sign);
  });
});

// ---------------------------------------------------------------------------------------------
// 1. Status table
// ---------------------------------------------------------------------------------------------

describe('decideStatus', () => {
  it.each([
    [
      { hasStances: false, supportGroups: 0, refuteGroups: 0, retractedSupport: false },
      'unsourced',
    ],
    [{ hasStances: true, supportGroups: 1, refuteGroups: 1, retractedSupport: false }, 'disputed'],
    [{ hasStances: true, supportGroups: 3, refuteGroups: 2, retractedSupport: true }, 'disputed'],
    [{ hasStances: true, supportGroups: 0, refuteGroups: 1, retractedSupport: false }, 'denied'],
    [{ hasStances: true, supportGroups: 0, refuteGroups: 2, retractedSupport: true }, 'denied'],
    [
      { hasStances: true, supportGroups: 2, refuteGroups: 0, retractedSupport: false },
      'corroborated',
    ],
    [
      { hasStances: true, supportGroups: 2, refuteGroups: 0, retractedSupport: true },
      'corroborated',
    ],
    [{ hasStances: true, supportGroups: 0, refuteGroups: 0, retractedSupport: true }, 'retracted'],
    [{ hasStances: true, supportGroups: 1, refuteGroups: 0, retractedSupport: true }, 'unverified'],
    [
      { hasStances: true, supportGroups: 1, refuteGroups: 0, retractedSupport: false },
      'unverified',
    ],
    [
      { hasStances: true, supportGroups: 0, refuteGroups: 0, retractedSupport: false },
      'unverified',
    ],
  ] as const)('%o → %s', (input, expected) => {
    expect(decideStatus(input)).toBe(expected);
  });
});

interface StatusCase {
  name: string;
  specs: Spec[];
  status: ClaimStatus;
}

const STATUS_CASES: StatusCase[] = [
  { name: 'no stances at all', specs: [], status: 'unsourced' },

  {
    name: 'one supporter and one denier',
    specs: [{ source: 'a' }, { source: 'b', kind: 'denies' }],
    status: 'disputed',
  },
  {
    name: 'first match wins: two supporting groups and a denial is disputed, not corroborated',
    specs: [{ source: 'a' }, { source: 'b', kind: 'confirms' }, { source: 'c', kind: 'denies' }],
    status: 'disputed',
  },
  {
    name: 'one group split between supporting and denying',
    specs: [
      { source: 'a', group: 'g' },
      { source: 'b', group: 'g', kind: 'denies' },
    ],
    status: 'disputed',
  },

  { name: 'a single denial', specs: [{ source: 'a', kind: 'denies' }], status: 'denied' },
  {
    name: 'denials plus doubt and neutral mentions',
    specs: [
      { source: 'a', kind: 'denies' },
      { source: 'b', kind: 'denies' },
      { source: 'c', kind: 'questions' },
      { source: 'd', kind: 'reports' },
    ],
    status: 'denied',
  },
  {
    name: 'first match wins: a retracted supporter and a denial is denied, not retracted',
    specs: [
      { source: 'a', stated: 0 },
      { source: 'a', kind: 'retracts', stated: 10 },
      { source: 'b', kind: 'denies' },
    ],
    status: 'denied',
  },

  {
    name: 'two independent supporters',
    specs: [{ source: 'a' }, { source: 'b', kind: 'confirms' }],
    status: 'corroborated',
  },
  {
    name: 'two independent supporters plus doubt and neutral mentions',
    specs: [
      { source: 'a' },
      { source: 'b', kind: 'confirms' },
      { source: 'c', kind: 'questions', grade: 'A' },
      { source: 'd', kind: 'declines_to_confirm' },
    ],
    status: 'corroborated',
  },
  {
    name: 'status ignores grades: two independent grade-E supporters',
    specs: [
      { source: 'a', grade: 'E' },
      { source: 'b', grade: 'E' },
    ],
    status: 'corroborated',
  },
  {
    name: 'first match wins: two supporting groups and a retraction is corroborated',
    specs: [
      { source: 'a' },
      { source: 'b' },
      { source: 'c', stated: 0 },
      { source: 'c', kind: 'retracts', stated: 10 },
    ],
    status: 'corroborated',
  },

  {
    name: 'a retraction of an earlier supporting stance',
    specs: [
      { source: 'a', stated: 0 },
      { source: 'a', kind: 'retracts', stated: 10 },
    ],
    status: 'retracted',
  },
  {
    name: 'a retraction of an earlier confirmation, with a neutral mention beside it',
    specs: [
      { source: 'a', kind: 'confirms', stated: 0 },
      { source: 'a', kind: 'retracts', stated: 10 },
      { source: 'b', kind: 'reports' },
    ],
    status: 'retracted',
  },
  {
    name: 'a repeated retraction still withdraws the earlier support',
    specs: [
      { source: 'a', stated: 0 },
      { source: 'a', kind: 'retracts', stated: 10 },
      { source: 'a', kind: 'retracts', stated: 20 },
    ],
    status: 'retracted',
  },

  { name: 'a single supporter', specs: [{ source: 'a', grade: 'A' }], status: 'unverified' },
  {
    name: 'two supporters in the same independence group count as one group',
    specs: [
      { source: 'spokesman', group: 'ministry' },
      { source: 'minister', group: 'ministry', kind: 'confirms' },
    ],
    status: 'unverified',
  },
  {
    name: 'only neutral and doubting stances',
    specs: [
      { source: 'a', kind: 'reports' },
      { source: 'b', kind: 'declines_to_confirm' },
      { source: 'c', kind: 'questions' },
    ],
    status: 'unverified',
  },
  {
    name: 'a retraction of an earlier denial is not "retracted"',
    specs: [
      { source: 'a', kind: 'denies', stated: 0 },
      { source: 'a', kind: 'retracts', stated: 10 },
    ],
    status: 'unverified',
  },
  {
    name: 'a retraction of an earlier question is not "retracted"',
    specs: [
      { source: 'a', kind: 'questions', stated: 0 },
      { source: 'a', kind: 'retracts', stated: 10 },
    ],
    status: 'unverified',
  },
  {
    name: 'a retraction with nothing before it',
    specs: [{ source: 'a', kind: 'retracts' }],
    status: 'unverified',
  },
  {
    name: 'a retraction while another independent group still supports',
    specs: [
      { source: 'a', stated: 0 },
      { source: 'a', kind: 'retracts', stated: 10 },
      { source: 'b', stated: 5 },
    ],
    status: 'unverified',
  },
  {
    name: 'a supporter who later re-asserts after retracting',
    specs: [
      { source: 'a', stated: 0 },
      { source: 'a', kind: 'retracts', stated: 10 },
      { source: 'a', stated: 20 },
    ],
    status: 'unverified',
  },
];

describe('evaluateClaim: status table', () => {
  it.each(STATUS_CASES)('$name → $status', ({ specs, status }) => {
    expect(evaluate(specs).status).toBe(status);
  });

  it('covers every status', () => {
    expect(new Set(STATUS_CASES.map((c) => c.status))).toEqual(
      new Set(['unsourced', 'disputed', 'denied', 'corroborated', 'retracted', 'unverified']),
    );
  });
});

// ---------------------------------------------------------------------------------------------
// 2. Effective stance
// ---------------------------------------------------------------------------------------------

describe('effective stance', () => {
  it('the latest statedAt wins, whatever the order of recording', () => {
    const stances = facts([
      { source: 'a', kind: 'denies', stated: 10, recorded: 0, id: 'late-statement' },
      { source: 'a', kind: 'asserts', stated: 0, recorded: 50, id: 'late-record' },
    ]);
    expect(effectiveStances(stances).map((s) => s.stanceId)).toEqual(['late-statement']);
    expect(evaluateClaim(stances).status).toBe('denied');
  });

  it('on a statedAt tie, the latest recordedAt wins (before the id tie-break)', () => {
    const stances = facts([
      { source: 'a', kind: 'asserts', stated: 5, recorded: 30, id: 'x-1' },
      { source: 'a', kind: 'denies', stated: 5, recorded: 10, id: 'x-2' },
    ]);
    expect(effectiveStances(stances).map((s) => s.stanceId)).toEqual(['x-1']);
    const evaluation = evaluateClaim(stances);
    expect(evaluation.support).toEqual({ groups: 1, sources: 1 });
    expect(evaluation.refute).toEqual({ groups: 0, sources: 0 });
  });

  it('does not depend on the order the stances are given in', () => {
    const specs: Spec[] = [
      { source: 'a', kind: 'asserts', stated: 0, id: 'a1' },
      { source: 'a', kind: 'denies', stated: 10, id: 'a2' },
      { source: 'b', kind: 'questions', stated: 3, id: 'b1' },
      { source: 'b', kind: 'confirms', stated: 7, id: 'b2' },
    ];
    const forward = evaluate(specs);
    const backward = evaluate([...specs].reverse());
    expect(
      effectiveStances(facts([...specs].reverse()))
        .map((s) => s.stanceId)
        .sort(),
    ).toEqual(['a2', 'b2']);
    expect(backward.status).toBe(forward.status);
    expect(backward.score).toBe(forward.score);
    expect(forward.status).toBe('disputed');
  });

  it('a source that asserts and then denies counts only as denying', () => {
    const evaluation = evaluate([
      { source: 'a', kind: 'asserts', stated: 0 },
      { source: 'a', kind: 'denies', stated: 10 },
    ]);
    expect(evaluation.status).toBe('denied');
    expect(evaluation.support).toEqual({ groups: 0, sources: 0 });
    expect(evaluation.refute).toEqual({ groups: 1, sources: 1 });
    expect(evaluation.score).toBeCloseTo(1 - 0.65, 12);
    expect(groupOf(evaluation, 'a').members.map((m) => m.kind)).toEqual(['denies']);
  });

  it('asOf ignores stances stated after it and keeps those stated exactly at it', () => {
    const specs: Spec[] = [
      { source: 'a', kind: 'asserts', stated: 0 },
      { source: 'b', kind: 'confirms', stated: 30 },
      { source: 'a', kind: 'denies', stated: 60 },
    ];
    expect(evaluate(specs).status).toBe('disputed');
    const early = evaluate(specs, at(30));
    expect(early.status).toBe('corroborated');
    expect(early.support).toEqual({ groups: 2, sources: 2 });
    expect(early.refute).toEqual({ groups: 0, sources: 0 });
    expect(evaluate(specs, at(29)).status).toBe('unverified');
    expect(
      effectiveStances(facts(specs), at(59))
        .map((s) => s.kind)
        .sort(),
    ).toEqual(['asserts', 'confirms']);
  });

  it('asOf uses statedAt, not recordedAt', () => {
    const specs: Spec[] = [{ source: 'a', stated: 0, recorded: 1000 }];
    expect(evaluate(specs, at(10)).status).toBe('unverified');
  });

  it('a claim whose only stances come after asOf is unsourced with score 0.5', () => {
    const evaluation = evaluate(
      [
        { source: 'a', stated: 10, grade: 'A' },
        { source: 'b', stated: 20, grade: 'A' },
      ],
      at(5),
    );
    expect(evaluation.status).toBe('unsourced');
    expect(evaluation.score).toBe(0.5);
    expect(evaluation.support).toEqual({ groups: 0, sources: 0 });
    expect(evaluation.refute).toEqual({ groups: 0, sources: 0 });
    expect(evaluation.groups).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// 3. Counts
// ---------------------------------------------------------------------------------------------

describe('support and refute counts', () => {
  it.each([
    {
      name: 'no stances',
      specs: [],
      support: { groups: 0, sources: 0 },
      refute: { groups: 0, sources: 0 },
    },
    {
      name: 'three supporters in two groups and one denier',
      specs: [
        { source: 'a', group: 'g1' },
        { source: 'b', group: 'g1', kind: 'confirms' },
        { source: 'c', group: 'g2' },
        { source: 'd', group: 'g3', kind: 'denies' },
      ],
      support: { groups: 2, sources: 3 },
      refute: { groups: 1, sources: 1 },
    },
    {
      name: 'a split group counts on both sides',
      specs: [
        { source: 'a', group: 'g' },
        { source: 'b', group: 'g', kind: 'denies' },
        { source: 'c', group: 'g', kind: 'denies' },
      ],
      support: { groups: 1, sources: 1 },
      refute: { groups: 1, sources: 2 },
    },
    {
      name: 'doubt, neutral and withdrawn stances count on neither side',
      specs: [
        { source: 'a', kind: 'questions' },
        { source: 'b', kind: 'reports' },
        { source: 'c', kind: 'declines_to_confirm' },
        { source: 'd', stated: 0 },
        { source: 'd', kind: 'retracts', stated: 1 },
      ],
      support: { groups: 0, sources: 0 },
      refute: { groups: 0, sources: 0 },
    },
    {
      name: 'a source repeating itself counts once',
      specs: [
        { source: 'a', stated: 0 },
        { source: 'a', kind: 'confirms', stated: 1 },
        { source: 'a', stated: 2 },
      ],
      support: { groups: 1, sources: 1 },
      refute: { groups: 0, sources: 0 },
    },
  ] satisfies Array<{ name: string; specs: Spec[]; support: object; refute: object }>)(
    '$name',
    ({ specs, support, refute }) => {
      const evaluation = evaluate(specs);
      expect(evaluation.support).toEqual(support);
      expect(evaluation.refute).toEqual(refute);
    },
  );
});

// ---------------------------------------------------------------------------------------------
// 4. Score
// ---------------------------------------------------------------------------------------------

/** A deterministic mix of kinds, grades and groups (no randomness). */
function generated(n: number, salt: number): Spec[] {
  return Array.from({ length: n }, (_, i) => ({
    source: `gen${salt}-${i}`,
    group: `gen${salt}-g${(i * 7 + salt) % 4}`,
    grade: RELIABILITY_GRADES[(i * 5 + salt) % RELIABILITY_GRADES.length],
    kind: STANCE_KINDS[(i * 3 + salt) % STANCE_KINDS.length],
    stated: i * 10,
  }));
}

const BASES: Array<[string, Spec[]]> = [
  ['no stances', []],
  ['one A supporter', [{ source: 'b1', grade: 'A' }]],
  ['one C denier', [{ source: 'b1', kind: 'denies' }]],
  [
    'mixed groups',
    [
      { source: 'b1', grade: 'B' },
      { source: 'b2', grade: 'E', kind: 'denies' },
      { source: 'b3', grade: 'A', kind: 'questions' },
      { source: 'b4', grade: 'F', kind: 'reports' },
    ],
  ],
  [
    'split group',
    [
      { source: 'b1', group: 'bg', grade: 'C' },
      { source: 'b2', group: 'bg', grade: 'B', kind: 'denies' },
    ],
  ],
  [
    'doubters and a retraction',
    [
      { source: 'b1', grade: 'D', kind: 'questions' },
      { source: 'b2', grade: 'F', kind: 'questions' },
      { source: 'b3', grade: 'A', stated: 0 },
      { source: 'b3', grade: 'A', kind: 'retracts', stated: 5 },
    ],
  ],
  ['generated, 7 stances', generated(7, 1)],
  ['generated, 12 stances', generated(12, 2)],
  ['generated, 20 stances', generated(20, 3)],
];

/** Runs `check` for every base configuration and grade; returns a label for each violation. */
function violations(check: (base: Spec[], grade: ReliabilityGrade) => boolean): string[] {
  const failed: string[] = [];
  for (const [name, base] of BASES) {
    for (const grade of RELIABILITY_GRADES) {
      if (!check(base, grade)) failed.push(`${name} / grade ${grade}`);
    }
  }
  return failed;
}

describe('score', () => {
  it('is bit-for-bit the same whatever order the stances arrive in', () => {
    // Many groups with weights whose floating-point sum depends on the order of addition.
    const specs: Spec[] = RELIABILITY_GRADES.flatMap((grade, g) =>
      (['asserts', 'denies', 'questions'] as const).map((kind, k) => ({
        source: `s${g}-${k}`,
        group: `g${g}-${k}`,
        grade,
        kind,
      })),
    );
    const reference = evaluateClaim(facts(specs)).score;
    for (let shift = 1; shift < specs.length; shift++) {
      const rotated = [...specs.slice(shift), ...specs.slice(0, shift)].reverse();
      expect(evaluateClaim(facts(rotated)).score).toBe(reference);
    }
  });

  it('the base configurations are not trivial', () => {
    const scores = BASES.map(([, base]) => score(base));
    expect(new Set(scores.map((s) => s.toFixed(6))).size).toBeGreaterThanOrEqual(6);
  });

  it('adding an independent supporting source never lowers it (and raises it for grades with positive weight)', () => {
    const failed = violations((base, grade) => {
      const before = score(base);
      const after = score([
        ...base,
        { source: 'new', group: 'new-group', grade, kind: 'asserts', stated: 1000 },
      ]);
      return gradeWeight(grade) > 0 ? after > before : after === before;
    });
    expect(failed).toEqual([]);
  });

  it('adding a supporting source to an existing group never lowers it', () => {
    const failed = violations((base, grade) => {
      if (base.length === 0) return true;
      const group = base[0].group ?? base[0].source;
      return (
        score([...base, { source: 'new', group, grade, kind: 'confirms', stated: 1000 }]) >=
        score(base)
      );
    });
    expect(failed).toEqual([]);
  });

  it('adding a denial never raises it (independent or within an existing group)', () => {
    const failed = violations((base, grade) => {
      const before = score(base);
      const independent = score([
        ...base,
        { source: 'new', group: 'new-group', grade, kind: 'denies', stated: 1000 },
      ]);
      const inGroup =
        base.length === 0
          ? independent
          : score([
              ...base,
              {
                source: 'new',
                group: base[0].group ?? base[0].source,
                grade,
                kind: 'denies',
                stated: 1000,
              },
            ]);
      return (
        independent <= before &&
        inGroup <= before &&
        (gradeWeight(grade) === 0 || independent < before)
      );
    });
    expect(failed).toEqual([]);
  });

  it('a second supporter from a counted group raises it only when more reliable than the best supporter so far', () => {
    const failed: string[] = [];
    for (const [name, base] of BASES) {
      for (const first of RELIABILITY_GRADES) {
        const withFirst = [
          ...base,
          { source: 'first', group: 'counted', grade: first, stated: 1000 },
        ];
        const before = score(withFirst);
        for (const second of RELIABILITY_GRADES) {
          const after = score([
            ...withFirst,
            { source: 'second', group: 'counted', grade: second, kind: 'confirms', stated: 1001 },
          ]);
          const ok = gradeWeight(second) > gradeWeight(first) ? after > before : after === before;
          if (!ok) failed.push(`${name} / ${first} then ${second}: ${before} → ${after}`);
        }
      }
    }
    expect(failed).toEqual([]);
  });

  it('is strictly between 0 and 1, even with many sources', () => {
    const failed: string[] = [];
    for (const grade of RELIABILITY_GRADES) {
      for (const n of [1, 5, 20, 300]) {
        for (const kind of ['asserts', 'denies', 'questions'] as const) {
          const many = Array.from({ length: n }, (_, i): Spec => ({
            source: `s${i}`,
            grade,
            kind,
          }));
          const oneGroup = many.map((s): Spec => ({ ...s, group: 'one' }));
          for (const [label, specs] of [
            ['independent', many],
            ['one group', oneGroup],
          ] as const) {
            const s = score(specs);
            if (!(s > 0 && s < 1)) failed.push(`${n} ${label} ${grade} ${kind}: ${s}`);
          }
        }
      }
    }
    expect(failed).toEqual([]);
  });

  it('is 0.5 with no stances', () => {
    expect(score([])).toBe(0.5);
  });

  it.each([
    { name: 'one B supporter', specs: [{ source: 'a', grade: 'B' }], expected: 0.8 },
    { name: 'one A supporter', specs: [{ source: 'a', grade: 'A' }], expected: 0.95 },
    { name: 'one B denier', specs: [{ source: 'a', grade: 'B', kind: 'denies' }], expected: 0.2 },
    {
      name: 'one C supporter and one C denier in different groups',
      specs: [
        { source: 'a', grade: 'C' },
        { source: 'b', grade: 'C', kind: 'denies' },
      ],
      expected: 0.5,
    },
    {
      name: 'one A questioner alone (half weight)',
      specs: [{ source: 'a', grade: 'A', kind: 'questions' }],
      expected: logistic(-0.5 * Math.log(19)),
    },
    { name: 'one D supporter (no evidence)', specs: [{ source: 'a', grade: 'D' }], expected: 0.5 },
    {
      name: 'one E denier (no evidence)',
      specs: [{ source: 'a', grade: 'E', kind: 'denies' }],
      expected: 0.5,
    },
    {
      name: 'neutral mentions only',
      specs: [
        { source: 'a', grade: 'A', kind: 'reports' },
        { source: 'b', grade: 'A', kind: 'declines_to_confirm' },
      ],
      expected: 0.5,
    },
    {
      name: 'two independent B supporters',
      specs: [
        { source: 'a', grade: 'B' },
        { source: 'b', grade: 'B' },
      ],
      expected: 16 / 17, // σ(2·ln 4) = 16 / (16 + 1)
    },
    {
      name: 'one group through its most reliable member: A and C supporters together',
      specs: [
        { source: 'a', group: 'g', grade: 'A' },
        { source: 'b', group: 'g', grade: 'C' },
      ],
      expected: 0.95,
    },
  ] satisfies Array<{ name: string; specs: Spec[]; expected: number }>)(
    '$name → $expected',
    ({ specs, expected }) => {
      expect(score(specs)).toBeCloseTo(expected, 12);
    },
  );
});

// ---------------------------------------------------------------------------------------------
// 5. Explanation
// ---------------------------------------------------------------------------------------------

describe('explanation', () => {
  const specs: Spec[] = [
    { source: 's1', group: 'sup', grade: 'B', stated: 0, id: 'st-s1' },
    { source: 's2', group: 'sup', grade: 'C', kind: 'confirms', stated: 5, id: 'st-s2' },
    { source: 'r1', group: 'ref', grade: 'A', kind: 'denies', stated: 3, id: 'st-r1' },
    { source: 'd1', group: 'dbt', grade: 'A', kind: 'questions', stated: 4, id: 'st-d1' },
    { source: 'n1', group: 'neu', grade: 'C', kind: 'reports', stated: 1, id: 'st-n1' },
    { source: 'n2', group: 'neu', grade: 'C', stated: 0, id: 'st-n2-old' },
    { source: 'n2', group: 'neu', grade: 'C', kind: 'retracts', stated: 2, id: 'st-n2' },
    { source: 'x1', group: 'split-ref', grade: 'C', stated: 1, id: 'st-x1' },
    { source: 'x2', group: 'split-ref', grade: 'C', kind: 'denies', stated: 9, id: 'st-x2' },
    { source: 'y1', group: 'split-sup', grade: 'C', kind: 'denies', stated: 1, id: 'st-y1' },
    { source: 'y2', group: 'split-sup', grade: 'C', stated: 9, id: 'st-y2' },
  ];
  const evaluation = evaluate(specs);

  it.each([
    ['sup', 'supports', false, ['st-s1', 'st-s2'], W('B')],
    ['ref', 'refutes', false, ['st-r1'], -W('A')],
    ['dbt', 'doubts', false, ['st-d1'], -0.5 * W('A')],
    ['neu', 'neutral', false, ['st-n1', 'st-n2'], 0],
    ['split-ref', 'refutes', true, ['st-x1', 'st-x2'], 0],
    ['split-sup', 'supports', true, ['st-y1', 'st-y2'], 0],
  ] as const)(
    'group %s: position %s, split %s, members %o',
    (groupId, position, split, members, weight) => {
      const group = groupOf(evaluation, groupId);
      expect(group.position).toBe(position);
      expect(group.split).toBe(split);
      expect(group.members.map((m) => m.stanceId)).toEqual(members);
      expect(group.weight).toBeCloseTo(weight, 12);
      expect(group.groupName).toBe(`Group ${groupId}`);
      expect(group.summary.length).toBeGreaterThan(0);
      expect(group.summary).toContain(`Group ${groupId}`);
    },
  );

  it('lists every group once and only effective stances as members', () => {
    expect(evaluation.groups.map((g) => g.groupId).sort()).toEqual([
      'dbt',
      'neu',
      'ref',
      'split-ref',
      'split-sup',
      'sup',
    ]);
    const members = evaluation.groups.flatMap((g) => g.members.map((m) => m.stanceId));
    expect(members).toHaveLength(10);
    expect(members).not.toContain('st-n2-old');
  });

  it('group summaries name the members and note a split', () => {
    expect(groupOf(evaluation, 'sup').summary).toContain('Source s1');
    expect(groupOf(evaluation, 'sup').summary).toContain('Source s2');
    expect(groupOf(evaluation, 'split-ref').summary).toContain('disagree');
    expect(groupOf(evaluation, 'sup').summary).not.toContain('disagree');
  });

  it('the group weights add up to the score', () => {
    const logOdds = evaluation.groups.reduce((sum, g) => sum + g.weight, 0);
    expect(evaluation.score).toBeCloseTo(logistic(logOdds), 12);
    expect(evaluation.status).toBe('disputed');
  });

  it.each(STATUS_CASES)(
    'overall summary for "$name" starts with "$status:" capitalised',
    ({ specs: caseSpecs, status }) => {
      const summary = evaluate(caseSpecs).summary;
      expect(summary.startsWith(`${capitalise(status)}:`)).toBe(true);
      expect(summary.length).toBeGreaterThan(capitalise(status).length + 2);
    },
  );
});

// ---------------------------------------------------------------------------------------------
// 6. The worked example
// ---------------------------------------------------------------------------------------------

interface Fixture {
  sources: Array<{
    key: string;
    name: string;
    reliability: ReliabilityGrade;
    affiliatedWith?: string;
  }>;
  claims: Array<{ key: string }>;
  stances: Array<{ claim: string; source: string; kind: StanceKind; statedAt: string }>;
  expected: Record<
    string,
    {
      status: ClaimStatus;
      support: { groups: number; sources: number };
      refute: { groups: number; sources: number };
    }
  >;
}

describe('worked example (fixtures/founding-article.json)', () => {
  const fixture = JSON.parse(
    readFileSync(new URL('../../fixtures/founding-article.json', import.meta.url), 'utf8'),
  ) as Fixture;
  const sources = new Map(fixture.sources.map((s) => [s.key, s]));

  function root(key: string): string {
    let current = sources.get(key)!;
    while (current.affiliatedWith) current = sources.get(current.affiliatedWith)!;
    return current.key;
  }

  function factsFor(claim: string): StanceFact[] {
    return fixture.stances
      .map((s, index) => ({ ...s, index }))
      .filter((s) => s.claim === claim)
      .map((s) => {
        const source = sources.get(s.source)!;
        const group = root(s.source);
        return {
          stanceId: `${s.claim}/${s.index}`,
          sourceId: s.source,
          sourceName: source.name,
          reliability: source.reliability,
          groupId: group,
          groupName: sources.get(group)!.name,
          kind: s.kind,
          statedAt: new Date(s.statedAt),
          recordedAt: new Date(Date.parse('2017-11-01T00:00:00Z') + s.index * 1000),
          seq: s.index,
        };
      });
  }

  it('resolves independence groups through the affiliation chain', () => {
    expect(root('ghassemi')).toBe('iran-government');
    expect(root('iran-mfa')).toBe('iran-government');
    expect(root('rouhani')).toBe('iran-government');
    expect(root('fazaeli')).toBe('fazaeli');
  });

  it('has an expectation for every claim', () => {
    expect(Object.keys(fixture.expected).sort()).toEqual(fixture.claims.map((c) => c.key).sort());
  });

  it.each(Object.entries(fixture.expected))(
    '%s reaches its expected status and counts',
    (claim, expected) => {
      const evaluation = evaluateClaim(factsFor(claim));
      expect(evaluation.status).toBe(expected.status);
      expect(evaluation.support).toEqual(expected.support);
      expect(evaluation.refute).toEqual(expected.refute);
    },
  );

  it('trump-request explains which groups stand where', () => {
    const evaluation = evaluateClaim(factsFor('trump-request'));
    expect(Object.fromEntries(evaluation.groups.map((g) => [g.groupName, g.position]))).toEqual({
      'Government of the Islamic Republic of Iran': 'supports',
      'Mehdi Fazaeli': 'supports',
      'The White House': 'refutes',
    });
    expect(groupOf(evaluation, 'iran-government').summary).toContain('Bahram Ghassemi');
    expect(evaluation.summary).toMatch(/^Disputed:/);
    // F supporter + C supporter − C denier = ln 1.5.
    expect(evaluation.score).toBeCloseTo(0.6, 12);
  });

  it('as of 2017-10-30T00:00:00Z, trump-request was corroborated (the White House had not yet denied it)', () => {
    const evaluation = evaluateClaim(factsFor('trump-request'), new Date('2017-10-30T00:00:00Z'));
    expect(evaluation.status).toBe('corroborated');
    expect(evaluation.support).toEqual({ groups: 2, sources: 2 });
    expect(evaluation.refute).toEqual({ groups: 0, sources: 0 });
  });
});
