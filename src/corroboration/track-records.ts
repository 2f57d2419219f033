/**
 * Track records learned from editors' verdicts, and the assessment they give each claim: plain
 * functions, no framework, no database. docs/design.md ("Track records and the assessment") explains
 * the model and why it was chosen.
 *
 * Each verdict is an outcome (true, false or unproven). For every source, the effective stances it
 * took on claims with an outcome are counted by outcome and by kind (supporting, refuting, doubting,
 * neutral): a confusion matrix in the manner of Dawid and Skene. A source's matrix starts from a
 * prior — the matrix of all sources pooled, with the split between right and wrong sides set by the
 * source's Admiralty grade — worth a few verdicts, so a source without history behaves as its grade
 * says and its own record moves it. A claim's assessment is then Bayes' rule over its independence
 * groups, each group voting once with the average of its members' evidence.
 */
import { GRADE_PROBABILITY, type ReliabilityGrade } from '../domain/grades.js';
import {
  categoryOf,
  OUTCOMES,
  STANCE_CATEGORIES,
  type Outcome,
  type StanceCategory,
} from '../domain/outcomes.js';
import type { StanceKind } from '../domain/stances.js';
import type { StanceFact } from './evaluation.js';
import { effectiveStances } from './status.rules.js';

/** Counts or probabilities by outcome (rows, in `OUTCOMES` order) and category (columns). */
export type Matrix = number[][];

const T = 0;
const F = 1;
const SUPPORTING = 0;
const REFUTING = 1;

const categoryIndex = (kind: StanceKind): number => STANCE_CATEGORIES.indexOf(categoryOf(kind));
const zeros = (): Matrix => OUTCOMES.map(() => STANCE_CATEGORIES.map(() => 0));

/** The counts behind every track record. */
export interface TrackCounts {
  /** Per source: its effective stances on claims with an outcome, by outcome and category. */
  bySource: Map<string, Matrix>;
  /** The same, all sources together. */
  pooled: Matrix;
  /** Claims with an outcome, by outcome. */
  outcomes: number[];
  /** Claims with an outcome. */
  verdicts: number;
}

/** A claim whose verdict teaches something: its stances and its outcome. */
export interface LabelledClaim {
  facts: readonly StanceFact[];
  outcome: Outcome;
}

export function emptyCounts(): TrackCounts {
  return { bySource: new Map(), pooled: zeros(), outcomes: [0, 0, 0], verdicts: 0 };
}

/** Adds one claim's effective stances under its outcome. */
function addClaim(
  counts: TrackCounts,
  effective: readonly Pick<StanceFact, 'sourceId' | 'kind'>[],
  outcome: Outcome,
): void {
  const o = OUTCOMES.indexOf(outcome);
  for (const stance of effective) {
    let m = counts.bySource.get(stance.sourceId);
    if (!m) counts.bySource.set(stance.sourceId, (m = zeros()));
    const c = categoryIndex(stance.kind);
    m[o][c]++;
    counts.pooled[o][c]++;
  }
  counts.outcomes[o]++;
  counts.verdicts++;
}

/** The counts of these claims: each source's latest stance on each claim, under the claim's outcome. */
export function countTrackRecords(claims: Iterable<LabelledClaim>): TrackCounts {
  const counts = emptyCounts();
  for (const claim of claims) addClaim(counts, effectiveStances(claim.facts), claim.outcome);
  return counts;
}

/**
 * What a source of unknown record is assumed to do, before any verdict: rows are outcomes, columns
 * categories. Rumours spread, so false claims find supporters too; unproven ones are mostly
 * reported. The pooled counts replace it as verdicts arrive.
 */
export const DEFAULT_MATRIX: Readonly<Matrix> = [
  [0.55, 0.07, 0.08, 0.3],
  [0.3, 0.3, 0.12, 0.28],
  [0.35, 0.08, 0.15, 0.42],
];
/** How many verdicts the default matrix is worth against the pooled counts. */
export const POOLED_PRIOR_WEIGHT = 6;
/** How many verdicts a source's prior (pooled matrix and grade) is worth against its own record. */
export const SOURCE_PRIOR_WEIGHT = 8;
/**
 * How the evidence of n groups adds up: n^EVIDENCE_EXPONENT times their average. Plain Bayes (1)
 * treats every group as independent evidence; outlets copy one another without saying so, so
 * twenty groups are worth less than twenty times one. Chosen on synthetic stories with copying
 * outlets (docs/design.md).
 */
export const EVIDENCE_EXPONENT = 0.7;

const normalise = (row: readonly number[]): number[] => {
  const total = row.reduce((a, b) => a + b, 0);
  return row.map((x) => x / total);
};

/** All sources' behaviour: the pooled counts smoothed by the default matrix. */
export function pooledMatrix(counts: Pick<TrackCounts, 'pooled'>): Matrix {
  return OUTCOMES.map((_, o) =>
    normalise(
      STANCE_CATEGORIES.map(
        (_c, c) => Math.max(0, counts.pooled[o][c]) + POOLED_PRIOR_WEIGHT * DEFAULT_MATRIX[o][c],
      ),
    ),
  );
}

/**
 * A source's prior: the pooled matrix, with the split between the right side and the wrong one (on
 * true and false claims) set by its grade. A grade F source (cannot be judged) behaves as all sources
 * do; a grade below even odds (D, E) counts as no better than chance, not as a guide to the opposite.
 */
export function gradePrior(pooled: Matrix, grade: ReliabilityGrade): Matrix {
  if (grade === 'F') return pooled;
  const p = Math.max(0.5, GRADE_PROBABILITY[grade]);
  const prior = pooled.map((row) => [...row]);
  for (const [o, right, wrong] of [
    [T, SUPPORTING, REFUTING],
    [F, REFUTING, SUPPORTING],
  ]) {
    const sides = pooled[o][SUPPORTING] + pooled[o][REFUTING];
    prior[o][right] = sides * p;
    prior[o][wrong] = sides * (1 - p);
  }
  return prior;
}

/** A source's learned matrix: P(category | outcome), its own counts over its prior. */
export function sourceMatrix(own: Matrix | undefined, prior: Matrix): Matrix {
  return OUTCOMES.map((_, o) =>
    normalise(
      STANCE_CATEGORIES.map(
        (_c, c) => Math.max(0, own?.[o][c] ?? 0) + SOURCE_PRIOR_WEIGHT * prior[o][c],
      ),
    ),
  );
}

/** How often each outcome happens, smoothed: the prediction before any stance. */
export function outcomePrior(counts: Pick<TrackCounts, 'outcomes'>): number[] {
  return normalise(counts.outcomes.map((n) => Math.max(0, n) + 1));
}

const softmax = (logs: readonly number[]): number[] => {
  const top = Math.max(...logs);
  return normalise(logs.map((x) => Math.exp(x - top)));
};

export type OutcomeProbabilities = Record<Outcome, number>;

const byOutcome = (values: readonly number[]): OutcomeProbabilities => ({
  true: values[0],
  false: values[1],
  unproven: values[2],
});

const likeliest = (p: readonly number[]): Outcome => {
  let best = 0;
  for (let o = 1; o < p.length; o++) if (p[o] > p[best]) best = o;
  return OUTCOMES[best];
};

/** A group as the assessment sees it: its members' effective stances, with their grades. */
export interface VotingGroup {
  groupId: string;
  groupName: string;
  members: readonly Pick<StanceFact, 'sourceId' | 'kind' | 'reliability'>[];
}

/** One group's learned contribution: what its members' records say, on its own. */
export interface GroupContribution {
  groupId: string;
  groupName: string;
  /** The outcome this group's vote alone would favour, and how strongly (even odds before it). */
  leans: Outcome;
  probabilities: OutcomeProbabilities;
  /** Verdicted claims its members' records rest on (a member's claims counted once per member). */
  verdicts: number;
}

export interface Assessment {
  likely: Outcome;
  probabilities: OutcomeProbabilities;
  basis: {
    /** The verdicts the track records were learned from (never the claim's own). */
    verdicts: number;
    /** The independence groups that voted. */
    groups: number;
  };
  contributions: GroupContribution[];
}

/** A claim's own verdict, which never feeds its own assessment. */
export interface OwnVerdict {
  outcome: Outcome;
  /** The claim's effective stances, as they were counted under its outcome. */
  effective: readonly Pick<StanceFact, 'sourceId' | 'kind'>[];
}

/** The counts as `assess` reads them. */
interface CountsView {
  source(sourceId: string): Matrix | undefined;
  pooled: Matrix;
  outcomes: number[];
  verdicts: number;
  /** Matrices already worked out from these counts, by source and grade. */
  matrices: Map<string, Matrix>;
  pooledMatrix: Matrix;
}

/** Views of counts that are used as they are, kept while the counts are (they never change). */
const views = new WeakMap<TrackCounts, CountsView>();

function viewOf(counts: TrackCounts): CountsView {
  let view = views.get(counts);
  if (!view) {
    view = {
      source: (id) => counts.bySource.get(id),
      pooled: counts.pooled,
      outcomes: counts.outcomes,
      verdicts: counts.verdicts,
      matrices: new Map(),
      pooledMatrix: pooledMatrix(counts),
    };
    views.set(counts, view);
  }
  return view;
}

/** The counts without one claim's verdict: only the rows it touched are copied. */
function viewWithout(counts: TrackCounts, own: OwnVerdict): CountsView {
  const o = OUTCOMES.indexOf(own.outcome);
  const changed = new Map<string, Matrix>();
  const pooled = counts.pooled.map((row) => [...row]);
  for (const stance of own.effective) {
    let m = changed.get(stance.sourceId);
    if (!m) {
      m = counts.bySource.get(stance.sourceId)?.map((row) => [...row]) ?? zeros();
      changed.set(stance.sourceId, m);
    }
    const c = categoryIndex(stance.kind);
    m[o][c]--;
    pooled[o][c]--;
  }
  const outcomes = [...counts.outcomes];
  outcomes[o]--;
  return {
    source: (id) => changed.get(id) ?? counts.bySource.get(id),
    pooled,
    outcomes,
    verdicts: counts.verdicts - 1,
    matrices: new Map(),
    pooledMatrix: pooledMatrix({ pooled }),
  };
}

const recordSize = (m: Matrix | undefined): number =>
  m ? m.reduce((sum, row) => sum + row.reduce((a, b) => a + Math.max(0, b), 0), 0) : 0;

/**
 * The learned prediction for a claim from its independence groups. Each group votes once: the
 * average, over its members, of the log-probability of the member's stance under each outcome. The
 * votes add up as n^EVIDENCE_EXPONENT times their average, on top of how often each outcome happens.
 * With `own`, the claim's own verdict is taken out of the counts first.
 */
export function assess(
  counts: TrackCounts,
  groups: readonly VotingGroup[],
  own?: OwnVerdict | null,
): Assessment {
  const learned = own ? viewWithout(counts, own) : viewOf(counts);
  const matrixOf = (sourceId: string, grade: ReliabilityGrade): Matrix => {
    const key = `${sourceId}:${grade}`;
    let m = learned.matrices.get(key);
    if (!m) {
      m = sourceMatrix(learned.source(sourceId), gradePrior(learned.pooledMatrix, grade));
      learned.matrices.set(key, m);
    }
    return m;
  };

  const votes: number[][] = [];
  const contributions: GroupContribution[] = [];
  for (const group of groups) {
    if (group.members.length === 0) continue;
    const vote = OUTCOMES.map(() => 0);
    let verdicts = 0;
    for (const member of group.members) {
      const m = matrixOf(member.sourceId, member.reliability);
      const c = categoryIndex(member.kind);
      for (let o = 0; o < OUTCOMES.length; o++) vote[o] += Math.log(m[o][c]) / group.members.length;
      verdicts += recordSize(learned.source(member.sourceId));
    }
    votes.push(vote);
    const alone = softmax(vote);
    contributions.push({
      groupId: group.groupId,
      groupName: group.groupName,
      leans: likeliest(alone),
      probabilities: byOutcome(alone),
      verdicts,
    });
  }

  const logs = outcomePrior(learned).map(Math.log);
  if (votes.length > 0) {
    const scale = votes.length ** EVIDENCE_EXPONENT / votes.length;
    for (const vote of votes) for (let o = 0; o < OUTCOMES.length; o++) logs[o] += scale * vote[o];
  }
  const p = softmax(logs);
  return {
    likely: likeliest(p),
    probabilities: byOutcome(p),
    basis: { verdicts: learned.verdicts, groups: votes.length },
    contributions,
  };
}

/** The Admiralty grade whose probability is nearest an accuracy (A to E; F is "cannot be judged"). */
export function gradeForAccuracy(accuracy: number): ReliabilityGrade {
  let best: ReliabilityGrade = 'A';
  for (const grade of ['A', 'B', 'C', 'D', 'E'] as const) {
    if (
      Math.abs(GRADE_PROBABILITY[grade] - accuracy) < Math.abs(GRADE_PROBABILITY[best] - accuracy)
    )
      best = grade;
  }
  return best;
}

/** Sides taken on true and false claims below which history implies no grade. */
export const MIN_SIDES_FOR_GRADE = 5;

/** z for a two-sided 95 % interval. */
const Z95 = 1.959964;

export interface TrackRecordSummary {
  /** Its effective stances on claims with an outcome, by outcome and category. */
  counts: Record<Outcome, Record<StanceCategory, number>>;
  /** Claims with an outcome it took a stance on. */
  verdicts: number;
  /** Sides it took on claims found true or false, and how many were the right side. */
  sides: { taken: number; right: number };
  /**
   * How often its side is the right one, learned: its record over its grade's prior (worth
   * SOURCE_PRIOR_WEIGHT sides), with a 95 % interval (Wilson's, on the prior-adjusted counts).
   * The interval is wide while the record is short.
   */
  accuracy: { estimate: number; low: number; high: number };
  /** P(category | outcome) as the assessment uses it. */
  matrix: Record<Outcome, Record<StanceCategory, number>>;
  /** The grade its record implies (null until it has taken MIN_SIDES_FOR_GRADE sides), and the one assigned. */
  impliedGrade: ReliabilityGrade | null;
  assignedGrade: ReliabilityGrade;
}

const table = (m: Matrix): Record<Outcome, Record<StanceCategory, number>> =>
  Object.fromEntries(
    OUTCOMES.map((o, i) => [
      o,
      Object.fromEntries(STANCE_CATEGORIES.map((c, j) => [c, m[i][j]])) as Record<
        StanceCategory,
        number
      >,
    ]),
  ) as Record<Outcome, Record<StanceCategory, number>>;

/** A source's track record as `GET /v1/sources/{id}/track-record` shows it. */
export function summariseTrackRecord(
  counts: TrackCounts,
  sourceId: string,
  grade: ReliabilityGrade,
): TrackRecordSummary {
  const own = counts.bySource.get(sourceId) ?? zeros();
  const pooled = pooledMatrix(counts);
  const prior = gradePrior(pooled, grade);
  const right = own[T][SUPPORTING] + own[F][REFUTING];
  const taken = right + own[T][REFUTING] + own[F][SUPPORTING];
  const priorAccuracy =
    (prior[T][SUPPORTING] + prior[F][REFUTING]) /
    (prior[T][SUPPORTING] + prior[T][REFUTING] + prior[F][SUPPORTING] + prior[F][REFUTING]);
  const n = taken + SOURCE_PRIOR_WEIGHT;
  const estimate = (right + SOURCE_PRIOR_WEIGHT * priorAccuracy) / n;
  const spread = Z95 * Math.sqrt((estimate * (1 - estimate)) / n + (Z95 * Z95) / (4 * n * n));
  const centre = (estimate + (Z95 * Z95) / (2 * n)) / (1 + (Z95 * Z95) / n);
  const half = spread / (1 + (Z95 * Z95) / n);
  return {
    counts: table(own),
    verdicts: recordSize(own),
    sides: { taken, right },
    accuracy: {
      estimate,
      low: Math.max(0, centre - half),
      high: Math.min(1, centre + half),
    },
    matrix: table(sourceMatrix(own, prior)),
    impliedGrade: taken >= MIN_SIDES_FOR_GRADE ? gradeForAccuracy(estimate) : null,
    assignedGrade: grade,
  };
}
