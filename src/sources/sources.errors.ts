import { errorCodes } from '../domain/errors.js';

export const SourceErrors = errorCodes({
  SOURCE_NOT_FOUND: { status: 404, title: 'Source not found' },
  AFFILIATE_NOT_FOUND: { status: 422, title: 'The source it is affiliated with does not exist' },
  AFFILIATION_CYCLE: { status: 422, title: 'The affiliation would make a cycle' },
  SOURCE_HAS_STANCES: { status: 409, title: 'The source has stances' },
  SOURCE_EXISTS: { status: 409, title: 'A source of that name exists' },
  SOURCE_AMBIGUOUS: { status: 422, title: 'More than one source has that name' },
  SOURCE_KIND_NEEDED: {
    status: 422,
    title: 'No source has that name, and no kind was given to create it',
  },
  SOURCE_HAS_AFFILIATES: { status: 409, title: 'Other sources are affiliated with this one' },
});
