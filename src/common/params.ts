import { Injectable, type PipeTransform } from '@nestjs/common';
import { CommonErrors, DomainError } from '../domain/errors.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Path ids must be UUIDs (any version); anything else is a 400 before any query runs. */
@Injectable()
export class UuidPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (typeof value !== 'string' || !UUID.test(value)) {
      throw new DomainError(
        CommonErrors.INVALID_ID,
        `"${String(value).slice(0, 64)}" is not a valid UUID.`,
      );
    }
    return value.toLowerCase();
  }
}

/**
 * Reads `If-Match: "<version>"` (a bare number and W/"n" are accepted too, and the `-variant` an
 * ETag may carry after the version). Undefined when absent or `*`, which asks for no version check.
 */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '' || header.trim() === '*') return undefined;
  const m = /^\s*(?:W\/)?"?(\d{1,9})(?:-[a-z0-9-]{1,40})?"?\s*$/.exec(header);
  if (!m)
    throw new DomainError(
      CommonErrors.INVALID_IF_MATCH,
      'If-Match must be the resource version as an ETag, e.g. "3".',
    );
  return Number(m[1]);
}

/**
 * The ETag of a record at a version. `variant` names what the representation shows beyond the
 * version (a claim's `dependsOnContested`, which moves with another claim's status, and when its
 * assessment was computed), so a cached copy is never served once it changed.
 */
export const etag = (version: number, variant?: string): string =>
  variant ? `"${version}-${variant}"` : `"${version}"`;
