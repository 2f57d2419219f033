export interface ErrorSpec {
  status: number;
  title: string;
}

export type CodedErrorSpec<C extends string = string> = ErrorSpec & { code: C };

export interface FieldError {
  field: string;
  message: string;
}

/**
 * Declares a feature's error codes and the HTTP status each maps to — the only place that mapping
 * is written. Codes are stable SCREAMING_SNAKE strings clients may branch on.
 */
export function errorCodes<T extends Record<string, ErrorSpec>>(
  specs: T,
): { [K in keyof T & string]: CodedErrorSpec<K> } {
  const out = {} as { [K in keyof T & string]: CodedErrorSpec<K> };
  for (const code of Object.keys(specs) as (keyof T & string)[]) {
    out[code] = { ...specs[code], code };
  }
  return out;
}

/** An error the caller can act on; services throw these, the problem filter writes them out. */
export class DomainError extends Error {
  constructor(
    readonly spec: CodedErrorSpec,
    readonly detail: string,
    readonly errors?: FieldError[],
    /** Extra members of the problem body, e.g. where a merged claim went. */
    readonly extensions?: Record<string, unknown>,
  ) {
    super(detail);
    this.name = spec.code;
  }

  /** Seconds the caller should wait before trying again, sent as Retry-After. */
  retryAfterSeconds?: number;

  /** Marks the error with the Retry-After its answer carries. */
  retryAfter(seconds: number): this {
    this.retryAfterSeconds = seconds;
    return this;
  }
}

export const CommonErrors = errorCodes({
  VALIDATION_FAILED: { status: 400, title: 'The request is not valid' },
  MALFORMED_JSON: { status: 400, title: 'The request body is not valid JSON' },
  INVALID_BODY: { status: 400, title: 'The request body must be a JSON object' },
  INVALID_ID: { status: 400, title: 'The id is not a valid UUID' },
  INVALID_CURSOR: { status: 400, title: 'The cursor is not valid for this list' },
  INVALID_IF_MATCH: { status: 400, title: 'If-Match must be a quoted version number' },
  INVALID_VALUE: { status: 400, title: 'A value is out of range or of the wrong form' },
  INVALID_CONSISTENCY_TOKEN: {
    status: 400,
    title: 'Claimgraph-Consistency must be a token a write answered with',
  },
  ROUTE_NOT_FOUND: { status: 404, title: 'No such route' },
  METHOD_NOT_ALLOWED: { status: 405, title: 'Method not allowed' },
  REQUEST_TIMEOUT: { status: 408, title: 'The request was not sent in time' },
  CONFLICT: { status: 409, title: 'The change conflicts with stored data' },
  CONCURRENT_UPDATE: { status: 409, title: 'The change collided with another; try again' },
  VERSION_MISMATCH: { status: 412, title: 'The resource has changed since you read it' },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'The request body is too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Send the body as application/json' },
  REFERENCE_NOT_FOUND: { status: 422, title: 'A referenced record does not exist' },
  CONSTRAINT_VIOLATION: { status: 422, title: 'The change breaks a data rule' },
  INTERNAL_ERROR: { status: 500, title: 'Internal error' },
  DATABASE_UNAVAILABLE: { status: 503, title: 'The database is unavailable' },
  RESOURCES_EXHAUSTED: { status: 503, title: 'The server is out of disk space or open files' },
  TIMEOUT: { status: 503, title: 'The request took too long' },
});

/** Claim errors more than one feature raises (a claim is looked up by stances, links, merges…). */
export const ClaimErrors = errorCodes({
  CLAIM_NOT_FOUND: { status: 404, title: 'Claim not found' },
  CLAIM_MERGED: { status: 410, title: 'The claim was merged into another' },
  CLAIM_HAS_MERGED_CLAIMS: { status: 409, title: 'Other claims were merged into this one' },
});
