import { errorCodes } from '../domain/errors.js';

export const ReviewErrors = errorCodes({
  CLAIM_NOT_REVIEWED: { status: 404, title: 'The claim has no verdict yet' },
  REVIEW_NOT_FOUND: { status: 404, title: 'No verdict has this id' },
});
