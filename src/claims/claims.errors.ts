import { errorCodes } from '../common/domain-error.js';

export const ClaimErrors = errorCodes({
  CLAIM_NOT_FOUND: { status: 404, title: 'Claim not found' },
});
