import type { ClaimStatus } from './claims.js';

/** An editor's verdict, the scale fact-checkers publish (schema.org ClaimReview). */
export const VERDICTS = [
  'true',
  'mostly_true',
  'mixed',
  'mostly_false',
  'false',
  'unproven',
] as const;
export type Verdict = (typeof VERDICTS)[number];

export const REVIEW_STATES = ['unreviewed', 'needs_review', 'reviewed'] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];

/**
 * A verdict diverges when it contradicts the evidence: calling true what sources deny (or have
 * retracted), or false what independent sources corroborate. A disputed or unverified claim can
 * carry any verdict: settling those is what editors are for.
 */
export function isDivergent(verdict: Verdict | null, status: ClaimStatus): boolean {
  switch (verdict) {
    case 'true':
    case 'mostly_true':
      return status === 'denied' || status === 'retracted';
    case 'false':
    case 'mostly_false':
      return status === 'corroborated';
    case 'mixed':
    case 'unproven':
    case null:
      return false;
  }
}

/** The review queue's order: divergent verdicts first, then disputed claims, then the rest. */
export function reviewPriority(verdict: Verdict | null, status: ClaimStatus): 0 | 1 | 2 {
  if (isDivergent(verdict, status)) return 0;
  return status === 'disputed' ? 1 : 2;
}

/** A reviewed claim whose computed status moves goes back to the editors. */
export function reviewStateAfter(
  state: ReviewState,
  statusBefore: ClaimStatus,
  statusAfter: ClaimStatus,
): ReviewState {
  return state === 'reviewed' && statusBefore !== statusAfter ? 'needs_review' : state;
}

/** How each verdict is published as a schema.org Rating (1 worst … 5 best); unproven has no value. */
export const RATING: Readonly<Record<Verdict, { value: number | null; name: string }>> = {
  true: { value: 5, name: 'True' },
  mostly_true: { value: 4, name: 'Mostly true' },
  mixed: { value: 3, name: 'Mixed' },
  mostly_false: { value: 2, name: 'Mostly false' },
  false: { value: 1, name: 'False' },
  unproven: { value: null, name: 'Unproven' },
};
