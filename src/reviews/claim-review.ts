import type { ClaimEntity } from '../claims/claim.entity.js';
import { POLARITY } from '../domain/stances.js';
import type { AppearanceRow } from './reviews.repository.js';
import { RATING } from '../domain/review.rules.js';

export interface Publisher {
  name: string;
  url: string | null;
  /** Where this API is reachable from outside, for the review's `url`. */
  baseUrl: string;
}

type JsonLd = Record<string, unknown>;

const personOrOrganization = (row: AppearanceRow): JsonLd => ({
  '@type': row.sourceKind === 'person' ? 'Person' : 'Organization',
  name: row.sourceName,
  ...(row.sourceUrl ? { url: row.sourceUrl } : {}),
});

const creativeWork = (url: string, row: AppearanceRow): JsonLd => ({
  '@type': 'CreativeWork',
  url,
  datePublished: row.statedAt.toISOString(),
  author: personOrOrganization(row),
});

/**
 * A reviewed claim as schema.org ClaimReview JSON-LD, the format fact-checkers publish and search
 * engines read. The claim's author is whoever first asserted it (else whoever first spoke of it);
 * its appearances are the evidence URLs of its stances.
 */
export function toClaimReview(
  claim: ClaimEntity,
  appearances: AppearanceRow[],
  publisher: Publisher,
): JsonLd {
  const verdict = claim.reviewVerdict!;
  const rating = RATING[verdict];
  const originator =
    appearances.find((a) => a.kind === 'asserts') ??
    appearances.find((a) => POLARITY[a.kind as keyof typeof POLARITY] === 'support') ??
    appearances[0];
  const withUrl = appearances.filter((a) => a.evidenceUrl);
  const first = withUrl[0];
  return {
    '@context': 'https://schema.org',
    '@type': 'ClaimReview',
    url: `${publisher.baseUrl}/v1/claims/${claim.id}/claim-review`,
    claimReviewed: claim.statement,
    datePublished: claim.reviewedAt!.toISOString().slice(0, 10),
    inLanguage: claim.language,
    author: {
      '@type': 'Organization',
      name: publisher.name,
      ...(publisher.url ? { url: publisher.url } : {}),
    },
    reviewRating: {
      '@type': 'Rating',
      ...(rating.value === null ? {} : { ratingValue: rating.value }),
      bestRating: 5,
      worstRating: 1,
      alternateName: rating.name,
    },
    itemReviewed: {
      '@type': 'Claim',
      ...(originator
        ? {
            author: personOrOrganization(originator),
            datePublished: originator.statedAt.toISOString(),
          }
        : {}),
      ...(first ? { firstAppearance: creativeWork(first.evidenceUrl!, first) } : {}),
      appearance: withUrl.map((a) => creativeWork(a.evidenceUrl!, a)),
    },
  };
}
