/** The corroboration rules' results in plain English, as the API's explanations show them. */
import type { ClaimStatus, GroupPosition } from '../domain/claims.js';
import type { StanceKind } from '../domain/stances.js';
import type { StanceFact, Tally } from './evaluation.js';

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

export function describeGroup(
  name: string,
  position: GroupPosition,
  split: boolean,
  members: readonly StanceFact[],
): string {
  const voices = members.map((m) => `${m.sourceName} ${STANCE_PHRASE[m.kind]}`).join('; ');
  const mixed = split ? ', though its members disagree' : '';
  return `${name} ${POSITION_PHRASE[position]}${mixed}: ${voices}.`;
}

export function describeStatus(
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
