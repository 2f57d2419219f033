/** What an editor's verdict teaches, and the kinds of stance track records count. */
import type { Verdict } from './review.rules.js';
import { POLARITY, type StanceKind } from './stances.js';

export const OUTCOMES = ['true', 'false', 'unproven'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const STANCE_CATEGORIES = ['supporting', 'refuting', 'doubting', 'neutral'] as const;
export type StanceCategory = (typeof STANCE_CATEGORIES)[number];

/** What a verdict teaches: `mixed` (and no verdict) teaches nothing. */
export function outcomeOf(verdict: Verdict | null | undefined): Outcome | null {
  switch (verdict) {
    case 'true':
    case 'mostly_true':
      return 'true';
    case 'false':
    case 'mostly_false':
      return 'false';
    case 'unproven':
      return 'unproven';
    case 'mixed':
    case null:
    case undefined:
      return null;
  }
}

/** The kind of an effective stance, as track records count it; a retraction takes no position. */
export function categoryOf(kind: StanceKind): StanceCategory {
  switch (POLARITY[kind]) {
    case 'support':
      return 'supporting';
    case 'refute':
      return 'refuting';
    case 'doubt':
      return 'doubting';
    case 'neutral':
    case 'withdrawn':
      return 'neutral';
  }
}
