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
  /** The source it came through ("we know this through R"), with that source's group. */
  via?: Relay | null;
  /** An unnamed source: it counts only with the relay that carries it. */
  anonymous?: boolean;
}

export interface Relay {
  sourceId: string;
  sourceName: string;
  groupId: string;
  groupName: string;
}

/** Why a stance is counted in another group than its source's own (see `assignVoices`). */
export type CountedWith =
  /** An anonymous source's stance, counted with the relay that carried it. */
  | { reason: 'anonymous'; relay: string }
  /** A relay's own stance, counted with the sources it passed on, on the same side. */
  | { reason: 'relayed'; relayed: string[] };

/** An effective stance with the group it is counted in (its voice). */
export interface MemberStance extends StanceFact {
  /** Set when the stance is counted in another group than its source's own independence group. */
  countedWith?: CountedWith;
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
  members: MemberStance[];
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
