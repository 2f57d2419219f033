import { errorCodes } from '../domain/errors.js';

export const BulkErrors = errorCodes({
  IMPORT_INVALID: { status: 422, title: 'Lines of the import are not valid; nothing was imported' },
  IMPORT_INTERRUPTED: {
    status: 400,
    title: 'The upload ended before the whole file arrived; nothing was imported',
  },
  IMPORT_UPLOAD_TIMEOUT: {
    status: 408,
    title: 'The file did not arrive in time; nothing was imported',
  },
  IMPORT_TOO_LARGE: {
    status: 413,
    title: 'The file is larger than an import may be; nothing was imported',
  },
  CONTENT_DIGEST_REQUIRED: {
    status: 400,
    title: 'An import with an Idempotency-Key needs a Content-Digest',
  },
  CONTENT_DIGEST_MISMATCH: {
    status: 400,
    title: 'The body does not match its Content-Digest; nothing was imported',
  },
  BULK_TOO_MANY_TRANSFERS: {
    status: 429,
    title: 'This key is running as many imports and exports as it may',
  },
  BULK_AT_CAPACITY: {
    status: 503,
    title: 'This server is running as many imports and exports as it takes',
  },
  EXPORT_TOO_LARGE: {
    status: 507,
    title: 'The export is larger than this server may stage',
  },
});
