/** How the activity screen words a change's effect and a claim's move: pure, tested in activity.spec.ts. */
import { formatScore, words } from './format.js';

export interface Effect {
  fromStatus: string | null;
  toStatus: string;
  fromScore: number | null;
  toScore: number;
}

/** "corroborated → disputed", "score 0.420 → 0.550", or "unsourced" for a claim just created. */
export function effectText(effect: Effect): string {
  if (effect.fromStatus === null) return words(effect.toStatus);
  if (effect.fromStatus !== effect.toStatus)
    return `${words(effect.fromStatus)} → ${words(effect.toStatus)}`;
  return `score ${effect.fromScore === null ? '—' : formatScore(effect.fromScore)} → ${formatScore(effect.toScore)}`;
}

/** Where a claim went over the span: "new", "was corroborated", "deleted", or nothing when it stayed. */
export function moveText(claim: {
  statusAtSince: string | null;
  status: string | null;
  deleted: boolean;
}): string | null {
  if (claim.deleted) return 'deleted';
  if (claim.statusAtSince === null) return 'new';
  if (claim.statusAtSince !== claim.status) return `was ${words(claim.statusAtSince)}`;
  return null;
}

/** The spans the screen offers, in hours before now. */
export const SPANS = [
  ['1', 'the last hour'],
  ['24', 'the last 24 hours'],
  ['168', 'the last 7 days'],
] as const;

/** The moment a span begins: `hours` before `now`, as an ISO instant. */
export const spanStart = (hours: number, now: number = Date.now()): string =>
  new Date(now - hours * 3_600_000).toISOString();
