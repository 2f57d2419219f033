/** The corroboration rules' results in plain English, as the API's explanations show them. */
import type { ClaimStatus, GroupPosition } from '../domain/claims.js';
import type { ReliabilityGrade } from '../domain/grades.js';
import type { StanceKind } from '../domain/stances.js';
import type { MemberStance, Tally } from './evaluation.js';

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

/** "A", "A and B", "A, B and C". */
const list = (names: readonly string[]): string =>
  names.length <= 1
    ? (names[0] ?? '')
    : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;

const GRADE_WORDS: Record<ReliabilityGrade, string> = {
  A: 'A (completely reliable)',
  B: 'B (usually reliable)',
  C: 'C (fairly reliable)',
  D: 'D (not usually reliable)',
  E: 'E (unreliable)',
  F: 'F (reliability cannot be judged)',
};

/** "sources graded E (unreliable)", "sources graded D (not usually reliable) or E (unreliable)". */
const gradedSources = (grades: readonly ReliabilityGrade[]): string => {
  const distinct = [...new Set(grades)].sort();
  const words = distinct.map((g) => GRADE_WORDS[g]);
  const joined =
    words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
  return `${grades.length === 1 ? 'a source' : 'sources'} graded ${joined}`;
};

/** "a source graded E (unreliable), which adds no weight". */
const addingNothing = (grades: readonly ReliabilityGrade[]): string =>
  `${gradedSources(grades)}, which ${grades.length === 1 ? 'adds' : 'add'} no weight`;

/** One side a group stands on: whether it adds weight to the score there, and its members' grades there. */
export interface SideStand {
  weightless: boolean;
  grades: ReliabilityGrade[];
}

/** What the status summary needs of a group that takes a side. */
export interface SideGroup {
  name: string;
  supports?: SideStand;
  refutes?: SideStand;
}

/**
 * One member's stance in words, with how it reached us: "Bahram Ghassemi confirms it, via
 * Al-Monitor"; a relay counted with what it passed on says so, and so does an anonymous source.
 */
export function describeMember(m: MemberStance): string {
  const said = `${m.sourceName} ${STANCE_PHRASE[m.kind]}`;
  if (m.countedWith?.reason === 'relayed')
    return `${said} only by relaying ${list(m.countedWith.relayed)}, so it is not counted again`;
  if (!m.via || m.via.sourceId === m.sourceId) return said;
  const unnamed = m.anonymous ? ` (an unnamed source, counted with ${m.via.sourceName})` : '';
  return `${said}, via ${m.via.sourceName}${unnamed}`;
}

export function describeGroup(
  name: string,
  position: GroupPosition,
  split: boolean,
  members: readonly MemberStance[],
  weightlessGrades?: readonly ReliabilityGrade[],
): string {
  const voices = members.map(describeMember).join('; ');
  const mixed = split ? ', though its members disagree' : '';
  const weight = weightlessGrades
    ? `, but adds no weight to the score (${gradedSources(weightlessGrades)})`
    : '';
  return `${name} ${POSITION_PHRASE[position]}${mixed}${weight}: ${voices}.`;
}

/**
 * Who takes which side, as a disputed claim's summary says it: groups standing on one side are
 * counted, and a group whose members stand on both sides is named as split, so that one group is
 * never read as two that disagree.
 */
function describeDispute(sides: readonly SideGroup[]): string {
  const split = sides.filter((g) => g.supports && g.refutes);
  const supporting = sides.filter((g) => g.supports && !g.refutes).length;
  const refuting = sides.filter((g) => g.refutes && !g.supports).length;
  const clauses: string[] = [];
  if (supporting > 0)
    clauses.push(
      `${plural(supporting, 'independent group supports', 'independent groups support')} the claim`,
    );
  if (refuting > 0)
    clauses.push(
      `${plural(refuting, 'independent group denies', 'independent groups deny')} ${clauses.length ? 'it' : 'the claim'}`,
    );
  if (split.length > 0) {
    const names = list(split.map((g) => g.name));
    const only = clauses.length === 0 ? 'only ' : '';
    clauses.push(
      split.length === 1
        ? `${only}the members of ${names}, one independent group, stand on both sides`
        : `${only}the members of each of ${names} (${split.length} independent groups) stand on both sides`,
    );
  }
  return `Disputed: ${list(clauses)}.`;
}

/**
 * Why the score may not follow the status: groups graded D or E add no weight. Said when a side
 * counts only such sources (the score then leans away from it), else naming the groups that add none.
 */
function describeWeight(status: ClaimStatus, sides: readonly SideGroup[]): string {
  const on = (side: 'supports' | 'refutes') => sides.filter((g) => g[side]);
  const weightless = (side: 'supports' | 'refutes') => on(side).filter((g) => g[side]!.weightless);
  const grades = (side: 'supports' | 'refutes') => weightless(side).flatMap((g) => g[side]!.grades);
  const allWeightless = (side: 'supports' | 'refutes') =>
    on(side).length > 0 && weightless(side).length === on(side).length;

  if (status === 'disputed') {
    const sup = allWeightless('supports');
    const ref = allWeightless('refutes');
    if (ref && !sup)
      return ` It is denied only by ${addingNothing(grades('refutes'))}, so the score leans to support.`;
    if (sup && !ref)
      return ` It is supported only by ${addingNothing(grades('supports'))}, so the score leans to denial.`;
    if (sup && ref)
      return ` Both sides rest only on ${addingNothing([...grades('supports'), ...grades('refutes')])} to the score.`;
  }
  if ((status === 'corroborated' || status === 'unverified') && allWeightless('supports'))
    return ` It is supported only by ${addingNothing(grades('supports'))}, so the score does not rise.`;
  if (status === 'denied' && allWeightless('refutes'))
    return ` It is denied only by ${addingNothing(grades('refutes'))}, so the score does not fall.`;
  const named = sides.filter((g) => g.supports?.weightless || g.refutes?.weightless);
  if (named.length === 0) return '';
  return ` ${list(named.map((g) => g.name))} ${named.length === 1 ? 'adds' : 'add'} no weight to the score: graded D or E.`;
}

export function describeStatus(
  status: ClaimStatus,
  support: Tally,
  refute: Tally,
  otherGroups: number,
  sides: readonly SideGroup[],
): string {
  const sup = plural(support.groups, 'independent group supports', 'independent groups support');
  const ref = plural(refute.groups, 'independent group denies', 'independent groups deny');
  const weight = describeWeight(status, sides);
  switch (status) {
    case 'unsourced':
      return 'Unsourced: no source has taken a position on this claim.';
    case 'disputed':
      return `${describeDispute(sides)}${weight}`;
    case 'denied':
      return `Denied: ${ref} the claim and none supports it.${weight}`;
    case 'corroborated':
      return `Corroborated: ${sup} the claim and none denies it.${weight}`;
    case 'retracted':
      return 'Retracted: a source withdrew its support and no source now supports or denies the claim.';
    case 'unverified':
      return support.groups === 1
        ? `Unverified: only 1 independent group supports the claim; corroboration needs at least 2.${weight}`
        : `Unverified: no source supports or denies the claim; ${plural(otherGroups, 'group mentions it without taking a side', 'groups mention it without taking a side')}.`;
  }
}

const percent = (p: number): string => `${Math.round(p * 100)}%`;

/** The learned assessment in one sentence: what it predicts, and what it rests on. */
export function describeAssessment(a: {
  likely: string;
  probability: number;
  verdicts: number;
  groups: number;
}): string {
  const basis =
    a.verdicts === 0
      ? 'no verdict yet, so on grades alone'
      : plural(a.verdicts, 'verdict', 'verdicts');
  const voting =
    a.groups === 0 ? 'no group has spoken' : plural(a.groups, 'group votes', 'groups vote');
  return `Likely ${a.likely} (${percent(a.probability)}), learned from ${basis}; ${voting}.`;
}

/** One group's learned contribution, as the explanation shows it beside the rules' view. */
export function describeContribution(c: {
  leans: string;
  probability: number;
  verdicts: number;
}): string {
  const vote = `on its own its vote favours ${c.leans} (${percent(c.probability)})`;
  return c.verdicts === 0
    ? `No verdict has yet tested its members' stances: ${vote}, from their grades and how sources behave overall.`
    : `Its members' records rest on ${plural(c.verdicts, 'verdict', 'verdicts')}: ${vote}.`;
}
