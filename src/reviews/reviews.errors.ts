import { errorCodes } from '../domain/errors.js';

export const ReviewErrors = errorCodes({
  CLAIM_NOT_REVIEWED: { status: 404, title: 'The claim has no verdict yet' },
});
