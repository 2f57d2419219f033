import { etag } from '../common/params.js';
import type { ClaimResponseDto } from './dto/claim.dto.js';

/**
 * A claim's ETag: its version, whether it shows as depending on a contested claim, and when its
 * assessment was computed (both move without the claim's version).
 */
export const claimEtag = (view: ClaimResponseDto): string =>
  etag(
    view.version,
    [
      view.dependsOnContested ? 'dc' : '',
      view.assessment ? `a${Date.parse(view.assessment.computedAt).toString(36)}` : '',
    ]
      .filter(Boolean)
      .join('-') || undefined,
  );
