import { errorCodes } from '../domain/errors.js';

export const MergeErrors = errorCodes({
  MERGE_INTO_SELF: { status: 422, title: 'A claim cannot be merged into itself' },
  MERGE_TARGET_NOT_FOUND: {
    status: 422,
    title: 'The claim to merge into does not exist or was merged away',
  },
  MERGE_WOULD_CYCLE: { status: 422, title: 'The merge would make a part_of or depends_on cycle' },
  NOT_MERGED: { status: 409, title: 'The claim is not merged' },
});
