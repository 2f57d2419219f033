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
