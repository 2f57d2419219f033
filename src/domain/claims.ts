/** Where a claim stands, and where each independence group stands on it. */

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

/** The kinds of write a claim's history names as the cause of a change. */
export const HISTORY_CAUSES = [
  'claim_created',
  'claim_deleted',
  'stance_added',
  'stance_corrected',
  'stance_deleted',
  'source_changed',
  'claim_merged',
  'claim_unmerged',
  'source_merged',
  'source_unmerged',
  'import',
  'recompute',
] as const;
export type HistoryCause = (typeof HISTORY_CAUSES)[number];
