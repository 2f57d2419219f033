import { errorCodes } from '../common/domain-error.js';

export const ReviewErrors = errorCodes({
  CLAIM_NOT_REVIEWED: { status: 404, title: 'The claim has no verdict yet' },
});
