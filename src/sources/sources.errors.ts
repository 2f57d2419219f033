import { errorCodes } from '../domain/errors.js';

export const SourceErrors = errorCodes({
  SOURCE_NOT_FOUND: { status: 404, title: 'Source not found' },
  AFFILIATE_NOT_FOUND: { status: 422, title: 'The source it is affiliated with does not exist' },
  AFFILIATION_CYCLE: { status: 422, title: 'The affiliation would make a cycle' },
  SOURCE_HAS_STANCES: { status: 409, title: 'The source has stances' },
  SOURCE_HAS_AFFILIATES: { status: 409, title: 'Other sources are affiliated with this one' },
});
