import type { GroupEvaluation } from './evaluation.js';

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
