import { errorCodes } from '../common/domain-error.js';

export const BulkErrors = errorCodes({
  IMPORT_INVALID: { status: 422, title: 'Lines of the import are not valid; nothing was imported' },
  IMPORT_INTERRUPTED: {
    status: 400,
    title: 'The upload ended before the whole file arrived; nothing was imported',
  },
  CONTENT_DIGEST_REQUIRED: {
    status: 400,
    title: 'An import with an Idempotency-Key needs a Content-Digest',
  },
  CONTENT_DIGEST_MISMATCH: {
    status: 400,
    title: 'The body does not match its Content-Digest; nothing was imported',
  },
});
