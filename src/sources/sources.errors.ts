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
  SOURCE_MERGED: { status: 410, title: 'The source was merged into another' },
  SOURCE_HAS_MERGED: { status: 409, title: 'Other sources were merged into this one' },
  SOURCE_MERGE_INTO_SELF: { status: 422, title: 'A source cannot be merged into itself' },
  SOURCE_MERGE_TARGET_NOT_FOUND: {
    status: 422,
    title: 'The source to merge into does not exist or was merged away',
  },
  SOURCE_MERGE_WOULD_CYCLE: {
    status: 422,
    title: 'The source to merge into is affiliated beneath this one',
  },
  SOURCE_NOT_MERGED: { status: 409, title: 'The source is not merged' },
  SOURCE_HAS_AFFILIATES: { status: 409, title: 'Other sources are affiliated with this one' },
});
