/**
 * The corroboration rules as plain functions: no framework, no database. Everything the service
 * stores on a claim (status, score, counts) comes from here; `status.wording.ts` puts it into
 * words. docs/design.md explains each rule and why it was chosen.
 */
import type { ClaimStatus, GroupPosition } from '../domain/claims.js';
import { GRADE_PROBABILITY, type ReliabilityGrade } from '../domain/grades.js';
import { POLARITY } from '../domain/stances.js';
import type {
  CountedWith,
  Evaluation,
  GroupEvaluation,
  MemberStance,
  StanceFact,
} from './evaluation.js';
import { describeGroup, describeStatus, type SideGroup } from './status.wording.js';

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

/** The group a stance is counted in: its voice. */
export interface Voice {
  groupId: string;
  groupName: string;
  countedWith?: CountedWith;
}

type Side = 'support' | 'refute' | 'doubt';

const sideOf = (fact: StanceFact): Side | null => {
  const polarity = POLARITY[fact.kind];
  return polarity === 'support' || polarity === 'refute' || polarity === 'doubt' ? polarity : null;
};

/** A stance that came through another source than its own. */
const relayOf = (fact: StanceFact) =>
  fact.via && fact.via.sourceId !== fact.sourceId ? fact.via : null;

/** An anonymous source of no affiliation chain, relayed: counted in its relay's group (rule 1). */
const joinsRelay = (fact: StanceFact): boolean =>
  Boolean(fact.anonymous && relayOf(fact) && fact.groupId === fact.sourceId);

/**
 * Which group each effective stance on one claim is counted in. Normally its source's independence
 * group; two rules about relays (`via`) change that, so that what one source passed on is not
 * counted as a voice of its own:
 *
 * 1. An anonymous source's stance that came through a relay R is counted in R's group: every
 *    anonymous source R carries on the claim is one voice with R. (An anonymous source affiliated
 *    with another is already no voice of its own: it stays in its chain's group, and R's stance
 *    is counted with it as with a named source, by rule 2.)
 * 2. A relay R's own stance, on the same side as a named source's stance that came through R, is
 *    counted with that source (the first in story order): R only passed it on. Two named sources R
 *    carried stay independent of each other, and when R also carries anonymous sources on that side,
 *    R's stance stays with them (rule 1). A chain (S via R, R via Q) follows through; a cycle stops.
 *
 * Without relays or anonymous sources every stance stays in its source's group.
 */
export function assignVoices(effective: readonly StanceFact[]): Map<string, Voice> {
  const carried = new Map<string, StanceFact[]>();
  for (const fact of [...effective].sort(compareStances)) {
    const relay = relayOf(fact);
    if (!relay) continue;
    const list = carried.get(relay.sourceId);
    if (list) list.push(fact);
    else carried.set(relay.sourceId, [fact]);
  }

  const voices = new Map<string, Voice>();
  for (const fact of effective) {
    const relay = relayOf(fact);
    if (relay && joinsRelay(fact) && relay.groupId !== fact.groupId) {
      voices.set(fact.stanceId, {
        groupId: relay.groupId,
        groupName: relay.groupName,
        countedWith: { reason: 'anonymous', relay: relay.sourceName },
      });
    }
  }

  const resolving = new Set<string>();
  const resolve = (fact: StanceFact): Voice => {
    const known = voices.get(fact.stanceId);
    if (known) return known;
    resolving.add(fact.stanceId);
    const side = sideOf(fact);
    const sameSide = side
      ? (carried.get(fact.sourceId) ?? []).filter((c) => sideOf(c) === side)
      : [];
    let voice: Voice = { groupId: fact.groupId, groupName: fact.groupName };
    const first = sameSide[0];
    if (first && !sameSide.some(joinsRelay) && !resolving.has(first.stanceId)) {
      const target = resolve(first);
      if (target.groupId !== fact.groupId) {
        voice = {
          groupId: target.groupId,
          groupName: target.groupName,
          countedWith: {
            reason: 'relayed',
            relayed: [...new Set(sameSide.map((c) => c.sourceName))],
          },
        };
      }
    }
    resolving.delete(fact.stanceId);
    voices.set(fact.stanceId, voice);
    return voice;
  };
  // A canonical order, so the same stances always give the same groups.
  for (const fact of [...effective].sort(compareStances)) resolve(fact);
  return voices;
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
  members: MemberStance[];
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
  const voices = assignVoices([...histories.values()].map((h) => h[h.length - 1]));
  const groups = new Map<string, GroupAccumulator>();
  let supportSources = 0;
  let refuteSources = 0;
  let anyRetractedSupport = false;

  for (const history of histories.values()) {
    const fact = history[history.length - 1];
    const voice = voices.get(fact.stanceId)!;
    const stance: MemberStance = voice.countedWith
      ? { ...fact, countedWith: voice.countedWith }
      : fact;
    let g = groups.get(voice.groupId);
    if (!g) {
      g = {
        groupId: voice.groupId,
        groupName: voice.groupName,
        members: [],
        support: 0,
        refute: 0,
        doubt: 0,
        inS: false,
        inR: false,
        inD: false,
      };
      groups.set(voice.groupId, g);
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
  const sides: SideGroup[] = [];
  for (const g of groups.values()) {
    const stand = (polarity: 'support' | 'refute', weight: number) => ({
      weightless: weight <= 0,
      grades: g.members.filter((m) => POLARITY[m.kind] === polarity).map((m) => m.reliability),
    });
    const side: SideGroup = {
      name: g.groupName,
      ...(g.inS && { supports: stand('support', g.support) }),
      ...(g.inR && { refutes: stand('refute', g.refute) }),
    };
    if (side.supports || side.refutes) sides.push(side);
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
    const counted =
      position === 'supports' ? side.supports : position === 'refutes' ? side.refutes : undefined;
    evaluated.push({
      groupId: g.groupId,
      groupName: g.groupName,
      position,
      split,
      weight,
      members: g.members,
      summary: describeGroup(
        g.groupName,
        position,
        split,
        g.members,
        // The side it is counted on, when that side adds nothing to the score: its grades there.
        counted?.weightless ? counted.grades : undefined,
      ),
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
    summary: describeStatus(
      status,
      support,
      refute,
      neutralGroups,
      [...sides].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    ),
  };
}
