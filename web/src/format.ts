/** Words and numbers as the console shows them: pure functions, tested in format.spec.ts. */

export const STATUSES = [
  'disputed',
  'denied',
  'corroborated',
  'retracted',
  'unverified',
  'unsourced',
] as const;

/** Each status's colour where the console draws it (the graph, the chart), as the chips show it. */
export const STATUS_COLOURS: Readonly<Record<(typeof STATUSES)[number], string>> = {
  corroborated: '#1b7f3b',
  disputed: '#b35c00',
  denied: '#b00020',
  retracted: '#6b3fa0',
  unverified: '#55606e',
  unsourced: '#8a8f98',
};

export const VERDICTS = [
  'true',
  'mostly_true',
  'mixed',
  'mostly_false',
  'false',
  'unproven',
] as const;

export const STANCE_KINDS = [
  'asserts',
  'confirms',
  'denies',
  'questions',
  'reports',
  'declines_to_confirm',
  'retracts',
] as const;

/** `mostly_true` → `mostly true`. */
export const words = (value: string): string => value.replace(/_/g, ' ');

/** A score in (0, 1) with three decimals, as the API's explanations give it. */
export const formatScore = (score: number): string => score.toFixed(3);

/** "3 vs 1": independent groups supporting against groups refuting. */
export const groupsVersus = (support: { groups: number }, refute: { groups: number }): string =>
  `${support.groups} vs ${refute.groups}`;

/** An instant in UTC, to the minute: "2017-10-30 16:00 UTC". */
export function formatInstant(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

const CAUSES: Record<string, string> = {
  claim_created: 'the claim was created',
  claim_deleted: 'the claim was deleted',
  stance_added: 'a stance was added',
  stance_corrected: 'a stance was corrected',
  stance_deleted: 'a stance was deleted',
  source_changed: "a source's grade or affiliation changed",
  claim_merged: 'a claim was merged in',
  claim_unmerged: 'a merge was undone',
  source_merged: 'two sources were merged',
  source_unmerged: 'a source merge was undone',
  import: 'an import',
  recompute: 'a recompute',
};

/** What caused a status change, in words. */
export const causeText = (cause: string): string => CAUSES[cause] ?? words(cause);

/**
 * Why a claim is in the review queue, from its review block and latest status change: a verdict
 * that contradicts the evidence comes first; otherwise the move it has not been reviewed since.
 */
export function queueReason(
  review: { state: string; divergent: boolean; verdict: string | null },
  change: { fromStatus: string | null; toStatus: string; cause: string; changedAt: string } | null,
): string {
  const moved = change
    ? `${change.fromStatus ? `moved from ${change.fromStatus} to ${change.toStatus}` : `became ${change.toStatus}`} at ${formatInstant(change.changedAt)} when ${causeText(change.cause)}`
    : 'status changed';
  if (review.divergent && review.verdict) {
    return `The verdict "${words(review.verdict)}" contradicts the evidence: ${moved}.`;
  }
  if (review.state === 'needs_review') return `Reviewed before, but ${moved}.`;
  return `Not reviewed yet: ${moved}.`;
}

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
  '&#x27;': "'",
};

/**
 * A search snippet (HTML-escaped text with the matched words in `<mark>…</mark>`) as plain text
 * parts, so it is shown without ever handing server text to the HTML parser.
 */
export function snippetParts(snippet: string): { text: string; marked: boolean }[] {
  const parts: { text: string; marked: boolean }[] = [];
  let marked = false;
  for (const piece of snippet.split(/(<\/?mark>)/)) {
    if (piece === '<mark>') marked = true;
    else if (piece === '</mark>') marked = false;
    else if (piece)
      parts.push({
        text: piece.replace(/&(?:amp|lt|gt|quot|#39|#x27);/g, (e) => ENTITIES[e]),
        marked,
      });
  }
  return parts;
}
