import type { ClaimStatus, GroupPosition } from '../domain/claims.js';
import type { ReliabilityGrade } from '../domain/grades.js';
import type { StanceKind } from '../domain/stances.js';

/** What the corroboration rules take in (stances) and give back (an evaluation). */

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
