import { getMetadataStorage } from 'class-validator';

/**
 * Names people reach for, by the field each means here: the words of other tools and of everyday
 * speech ("type", "grade", "affiliation") for the API's own (`kind`, `reliability`,
 * `affiliatedWithId`). A synonym is only offered where the field it names exists.
 */
const SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  kind: ['type', 'category', 'stance', 'position', 'sourcetype', 'linktype'],
  reliability: ['grade', 'rating', 'admiralty', 'admiraltygrade', 'credibility', 'trust'],
  affiliatedWithId: [
    'affiliation',
    'affiliatedwith',
    'affiliated',
    'parent',
    'parentid',
    'memberof',
  ],
  statement: ['text', 'claim', 'title', 'content', 'body'],
  sourceId: ['source', 'speaker', 'who'],
  viaSourceId: ['via', 'relay', 'relayedby', 'through', 'viasource'],
  evidenceUrl: ['evidence', 'url', 'link', 'sourceurl'],
  url: ['link', 'website', 'homepage', 'href'],
  toClaimId: ['to', 'target', 'claimid', 'other'],
  occurredAt: ['date', 'when', 'happenedat', 'eventdate'],
  statedAt: ['date', 'when', 'saidat', 'publishedat'],
  tags: ['tag', 'labels', 'topics', 'keywords'],
  aliases: ['alias', 'othernames', 'aka'],
  quote: ['quotation', 'excerpt', 'words'],
  note: ['notes', 'comment', 'remark'],
  rationale: ['reason', 'explanation', 'justification', 'comment'],
  verdict: ['ruling', 'conclusion', 'rating'],
  language: ['lang', 'locale'],
  description: ['about', 'bio', 'summary'],
  context: ['background', 'details'],
};

const normalise = (name: string): string => name.toLowerCase().replace(/[\s_-]/g, '');

/** Edit distance with adjacent transpositions (optimal string alignment). */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, d[i - 2][j - 2] + 1);
      }
      d[i][j] = best;
    }
  }
  return d[a.length][b.length];
}

/**
 * The known field an unknown one most likely meant: the same name written another way
 * (`affiliated_with_id`), a synonym (`type` for `kind`), or a near spelling (`statment`); none
 * when nothing is close enough to be a fair guess.
 */
export function suggestField(unknown: string, known: readonly string[]): string | undefined {
  const wanted = normalise(unknown);
  if (wanted === '') return undefined;
  const same = known.find((k) => normalise(k) === wanted);
  if (same) return same;
  const synonym = known.find((k) => SYNONYMS[k]?.includes(wanted));
  if (synonym) return synonym;
  const allowed = wanted.length >= 8 ? 2 : wanted.length >= 4 ? 1 : 0;
  let best: string | undefined;
  let bestDistance = Infinity;
  let tie = false;
  for (const k of known) {
    const dist = distance(wanted, normalise(k));
    if (dist < bestDistance) [best, bestDistance, tie] = [k, dist, false];
    else if (dist === bestDistance) tie = true;
  }
  return bestDistance <= allowed && !tie ? best : undefined;
}

/** The fields a DTO class accepts: those with a validation rule on it (or on a class it extends). */
export function knownFields(dto: object): string[] {
  const rules = getMetadataStorage().getTargetValidationMetadatas(dto.constructor, '', true, false);
  return [...new Set(rules.map((r) => r.propertyName))];
}
