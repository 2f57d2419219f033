import { errorCodes } from '../common/domain-error.js';

export const ClaimErrors = errorCodes({
  CLAIM_NOT_FOUND: { status: 404, title: 'Claim not found' },
  CLAIM_MERGED: { status: 410, title: 'The claim was merged into another' },
  CLAIM_HAS_MERGED_CLAIMS: { status: 409, title: 'Other claims were merged into this one' },
});
