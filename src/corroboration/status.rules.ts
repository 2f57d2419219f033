/**
 * The corroboration rules as plain functions: no framework, no database. Everything the service
 * stores on a claim (status, score, counts) and everything the explanation shows comes from here.
 */

export const STANCE_KINDS = [
  'asserts',
  'confirms',
  'denies',
  'questions',
  'reports',
  'declines_to_confirm',
  'retracts',
] as const;
export type StanceKind = (typeof STANCE_KINDS)[number];

export const POLARITIES = ['support', 'refute', 'doubt', 'neutral', 'withdrawn'] as const;
export type Polarity = (typeof POLARITIES)[number];

export const POLARITY: Readonly<Record<StanceKind, Polarity>> = {
  asserts: 'support',
  confirms: 'support',
  denies: 'refute',
  questions: 'doubt',
  reports: 'neutral',
  declines_to_confirm: 'neutral',
  retracts: 'withdrawn',
};

export const RELIABILITY_GRADES = ['A', 'B', 'C', 'D', 'E', 'F'] as const;
export type ReliabilityGrade = (typeof RELIABILITY_GRADES)[number];

/** Probability that a source of this Admiralty grade is right when it takes a side. */
export const GRADE_PROBABILITY: Readonly<Record<ReliabilityGrade, number>> = {
  A: 0.95,
  B: 0.8,
  C: 0.65,
  D: 0.45,
  E: 0.25,
  F: 0.6,
};

export const CLAIM_STATUSES = [
  'unsourced',
  'disputed',
  'denied',
  'corroborated',
  'retracted',
  'unverified',
] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

export const GROUP_POSITIONS = ['supports', 'refutes', 'doubts', 'neutral'] as const;
export type GroupPosition = (typeof GROUP_POSITIONS)[number];

/** One stance as the rules see it: who took it, in which independence group, and when. */
export interface StanceFact {
  stanceId: string;
  sourceId: string;
  sourceName: string;
  reliability: ReliabilityGrade;
  groupId: string;
  groupName: string;
  kind: StanceKind;
  statedAt: Date;
  recordedAt: Date;
  /** Order of entry: breaks ties between stances recorded in the same transaction. */
  seq: number;
}

export interface Tally {
  groups: number;
  sources: number;
}

export interface GroupEvaluation {
  groupId: string;
  groupName: string;
  position: GroupPosition;
  /** True when members of one group stand on both sides; `position` is then its latest side. */
  split: boolean;
  /** This group's signed contribution to the score's log-odds. */
  weight: number;
  members: StanceFact[];
  summary: string;
}

export interface Evaluation {
  status: ClaimStatus;
  score: number;
  support: Tally;
  refute: Tally;
  groups: GroupEvaluation[];
  summary: string;
}

/**
 * Log-odds evidence of one source of this grade. Grades below even odds (D, E) count as no
 * evidence rather than as evidence for the other side: otherwise an unreliable supporter would
 * lower a score and an unreliable denial would raise it.
 */
export function gradeWeight(grade: ReliabilityGrade): number {
  const p = GRADE_PROBABILITY[grade];
  return Math.max(0, Math.log(p / (1 - p)));
}

/**
 * Log-odds are capped so the score stays strictly inside (0, 1) in floating point: without the cap
 * thirteen independent A-grade supporters would already round the score to exactly 1.
 */
export const MAX_LOG_ODDS = 30;

export const logistic = (x: number): number => {
  const capped = Math.min(MAX_LOG_ODDS, Math.max(-MAX_LOG_ODDS, x));
  return 1 / (1 + Math.exp(-capped));
};

/**
 * Orders a source's stances: later `statedAt` wins, then later `recordedAt`, then the one entered
 * later (two stances sent in one request share a `recordedAt`), then the id.
 */
export function compareStances(a: StanceFact, b: StanceFact): number {
  return (
    a.statedAt.getTime() - b.statedAt.getTime() ||
    a.recordedAt.getTime() - b.recordedAt.getTime() ||
    a.seq - b.seq ||
    (a.stanceId < b.stanceId ? -1 : a.stanceId > b.stanceId ? 1 : 0)
  );
}

/** Each source's stances, oldest first, counting only those stated at or before `asOf`. */
export function historyBySource(
  facts: readonly StanceFact[],
  asOf?: Date,
): Map<string, StanceFact[]> {
  const bySource = new Map<string, StanceFact[]>();
  for (const fact of facts) {
    if (asOf && fact.statedAt.getTime() > asOf.getTime()) continue;
    const list = bySource.get(fact.sourceId);
    if (list) list.push(fact);
    else bySource.set(fact.sourceId, [fact]);
  }
  for (const list of bySource.values()) list.sort(compareStances);
  return bySource;
}

/** The latest stance of each source: the only ones that count. */
export function effectiveStances(facts: readonly StanceFact[], asOf?: Date): StanceFact[] {
  return [...historyBySource(facts, asOf).values()].map((list) => list[list.length - 1]);
}

/** True when the source's latest stance retracts, and what it withdrew was a supporting stance. */
function retractedSupport(history: readonly StanceFact[]): boolean {
  const latest = history[history.length - 1];
  if (latest.kind !== 'retracts') return false;
  for (let i = history.length - 2; i >= 0; i--) {
    if (history[i].kind !== 'retracts') return POLARITY[history[i].kind] === 'support';
  }
  return false;
}

export function decideStatus(input: {
  hasStances: boolean;
  supportGroups: number;
  refuteGroups: number;
  retractedSupport: boolean;
}): ClaimStatus {
  const { hasStances, supportGroups: s, refuteGroups: r } = input;
  if (!hasStances) return 'unsourced';
  if (s >= 1 && r >= 1) return 'disputed';
  if (s === 0 && r >= 1) return 'denied';
  if (s >= 2 && r === 0) return 'corroborated';
  if (s === 0 && r === 0 && input.retractedSupport) return 'retracted';
  return 'unverified';
}

interface GroupAccumulator {
  groupId: string;
  groupName: string;
  members: StanceFact[];
  support: number;
  refute: number;
  doubt: number;
  inS: boolean;
  inR: boolean;
  inD: boolean;
  latestSide?: StanceFact;
}

const POSITION_ORDER: Record<GroupPosition, number> = {
  supports: 0,
  refutes: 1,
  doubts: 2,
  neutral: 3,
};

/** Evaluates a claim from all of its stances, as of now or as of a past moment. */
export function evaluateClaim(facts: readonly StanceFact[], asOf?: Date): Evaluation {
  const histories = historyBySource(facts, asOf);
  const groups = new Map<string, GroupAccumulator>();
  let supportSources = 0;
  let refuteSources = 0;
  let anyRetractedSupport = false;

  for (const history of histories.values()) {
    const stance = history[history.length - 1];
    let g = groups.get(stance.groupId);
    if (!g) {
      g = {
        groupId: stance.groupId,
        groupName: stance.groupName,
        members: [],
        support: 0,
        refute: 0,
        doubt: 0,
        inS: false,
        inR: false,
        inD: false,
      };
      groups.set(stance.groupId, g);
    }
    g.members.push(stance);
    const w = gradeWeight(stance.reliability);
    switch (POLARITY[stance.kind]) {
      case 'support':
        supportSources++;
        g.inS = true;
        g.support = Math.max(g.support, w);
        break;
      case 'refute':
        refuteSources++;
        g.inR = true;
        g.refute = Math.max(g.refute, w);
        break;
      case 'doubt':
        g.inD = true;
        g.doubt = Math.max(g.doubt, w);
        break;
      case 'withdrawn':
        if (retractedSupport(history)) anyRetractedSupport = true;
        break;
      case 'neutral':
        break;
    }
    const side = POLARITY[stance.kind];
    if (
      (side === 'support' || side === 'refute') &&
      (!g.latestSide || compareStances(g.latestSide, stance) < 0)
    ) {
      g.latestSide = stance;
    }
  }

  const evaluated: GroupEvaluation[] = [];
  for (const g of groups.values()) {
    const weight = g.support - g.refute - 0.5 * g.doubt;
    const split = g.inS && g.inR;
    const position: GroupPosition = split
      ? POLARITY[g.latestSide!.kind] === 'support'
        ? 'supports'
        : 'refutes'
      : g.inS
        ? 'supports'
        : g.inR
          ? 'refutes'
          : g.inD
            ? 'doubts'
            : 'neutral';
    g.members.sort(compareStances);
    evaluated.push({
      groupId: g.groupId,
      groupName: g.groupName,
      position,
      split,
      weight,
      members: g.members,
      summary: describeGroup(g.groupName, position, split, g.members),
    });
  }
  // Floating-point addition is not associative: sum in one canonical order (by group id) so the
  // same stances always give the same score, whatever order the database returned them in.
  const logOdds = [...evaluated]
    .sort((a, b) => (a.groupId < b.groupId ? -1 : a.groupId > b.groupId ? 1 : 0))
    .reduce((sum, g) => sum + g.weight, 0);
  evaluated.sort(
    (a, b) =>
      POSITION_ORDER[a.position] - POSITION_ORDER[b.position] ||
      Math.abs(b.weight) - Math.abs(a.weight) ||
      (a.groupName < b.groupName ? -1 : a.groupName > b.groupName ? 1 : 0),
  );

  const support = {
    groups: [...groups.values()].filter((g) => g.inS).length,
    sources: supportSources,
  };
  const refute = {
    groups: [...groups.values()].filter((g) => g.inR).length,
    sources: refuteSources,
  };
  const status = decideStatus({
    hasStances: histories.size > 0,
    supportGroups: support.groups,
    refuteGroups: refute.groups,
    retractedSupport: anyRetractedSupport,
  });
  const neutralGroups = evaluated.filter(
    (g) => g.position === 'doubts' || g.position === 'neutral',
  ).length;
  return {
    status,
    score: histories.size === 0 ? 0.5 : logistic(logOdds),
    support,
    refute,
    groups: evaluated,
    summary: describeStatus(status, support, refute, neutralGroups),
  };
}

const STANCE_PHRASE: Record<StanceKind, string> = {
  asserts: 'asserts it',
  confirms: 'confirms it',
  denies: 'denies it',
  questions: 'questions it',
  reports: 'reports it without endorsing it',
  declines_to_confirm: 'declines to confirm it',
  retracts: 'has retracted its earlier position',
};

const POSITION_PHRASE: Record<GroupPosition, string> = {
  supports: 'supports the claim',
  refutes: 'refutes the claim',
  doubts: 'doubts the claim',
  neutral: 'takes no side',
};

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

function describeGroup(
  name: string,
  position: GroupPosition,
  split: boolean,
  members: readonly StanceFact[],
): string {
  const voices = members.map((m) => `${m.sourceName} ${STANCE_PHRASE[m.kind]}`).join('; ');
  const mixed = split ? ', though its members disagree' : '';
  return `${name} ${POSITION_PHRASE[position]}${mixed}: ${voices}.`;
}

function describeStatus(
  status: ClaimStatus,
  support: Tally,
  refute: Tally,
  otherGroups: number,
): string {
  const sup = plural(support.groups, 'independent group supports', 'independent groups support');
  const ref = plural(refute.groups, 'independent group denies', 'independent groups deny');
  switch (status) {
    case 'unsourced':
      return 'Unsourced: no source has taken a position on this claim.';
    case 'disputed':
      return `Disputed: ${sup} the claim and ${ref} it.`;
    case 'denied':
      return `Denied: ${ref} the claim and none supports it.`;
    case 'corroborated':
      return `Corroborated: ${sup} the claim and none denies it.`;
    case 'retracted':
      return 'Retracted: a source withdrew its support and no source now supports or denies the claim.';
    case 'unverified':
      return support.groups === 1
        ? 'Unverified: only 1 independent group supports the claim; corroboration needs at least 2.'
        : `Unverified: no source supports or denies the claim; ${plural(otherGroups, 'group mentions it without taking a side', 'groups mention it without taking a side')}.`;
  }
}

// ------------------------------------------------------------------- sides, for the dashboard

/**
 * A group's side on a claim as the dashboard's agreement matrix counts it: `supports` or `refutes`
 * (a side), `doubts` (a position but no side), or `split` when its members stand on both sides —
 * a group that says both things neither agrees nor disagrees with anyone. Groups that only report,
 * decline to confirm or retracted took no position: null.
 */
export const GROUP_SIDES = ['supports', 'refutes', 'doubts', 'split'] as const;
export type GroupSide = (typeof GROUP_SIDES)[number];

export function groupSide(group: Pick<GroupEvaluation, 'position' | 'split'>): GroupSide | null {
  if (group.split) return 'split';
  return group.position === 'neutral' ? null : group.position;
}
