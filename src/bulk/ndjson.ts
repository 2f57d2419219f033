import { MAX_BODY_BYTES } from '../common/body.js';

/** The bulk format: one JSON object per line (https://github.com/ndjson/ndjson-spec). */
export const NDJSON = 'application/x-ndjson';

/** A line may be as long as a JSON body may be. */
export const MAX_LINE_BYTES = MAX_BODY_BYTES;
