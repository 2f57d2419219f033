import { HttpException, HttpStatus } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { pgErrorCode } from './sql.js';
import {
  CommonErrors,
  DomainError,
  type CodedErrorSpec,
  type FieldError,
} from '../domain/errors.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** RFC 9457 problem details, as every error response carries them. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: FieldError[];
  requestId?: string;
}

export const problemType = (code: string): string =>
  `urn:claimgraph:problem:${code.toLowerCase().replace(/_/g, '-')}`;

export function problemFrom(
  spec: CodedErrorSpec,
  detail: string,
  errors?: FieldError[],
  extensions?: Record<string, unknown>,
): Problem {
  return {
    ...extensions,
    type: problemType(spec.code),
    title: spec.title,
    status: spec.status,
    detail,
    code: spec.code,
    ...(errors && errors.length > 0 ? { errors } : {}),
  };
}

const STATUS_CODES: Partial<Record<number, CodedErrorSpec>> = {
  [HttpStatus.BAD_REQUEST]: CommonErrors.VALIDATION_FAILED,
  [HttpStatus.NOT_FOUND]: CommonErrors.ROUTE_NOT_FOUND,
  [HttpStatus.METHOD_NOT_ALLOWED]: CommonErrors.METHOD_NOT_ALLOWED,
  [HttpStatus.PAYLOAD_TOO_LARGE]: CommonErrors.PAYLOAD_TOO_LARGE,
  [HttpStatus.UNSUPPORTED_MEDIA_TYPE]: CommonErrors.UNSUPPORTED_MEDIA_TYPE,
  [HttpStatus.SERVICE_UNAVAILABLE]: CommonErrors.DATABASE_UNAVAILABLE,
};

/**
 * SQLSTATEs and socket errors that mean the database cannot serve us right now, not that the request
 * is wrong: connection failures (class 08), too many connections or out of resources (class 53),
 * the server shutting down or starting up (57P01–57P05), and a database refusing connections (55000).
 */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  '55000',
]);
const UNAVAILABLE_CLASSES = /^(08|53|57P0)/;

/** The messages pg, pg-pool and TypeORM give when no connection could be had or one died. */
const UNAVAILABLE_MESSAGES =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|Query read timeout|Driver not Connected|Client has encountered a connection error|Cannot use a pool after calling end/i;

/** File-system errors that mean the machine is out of something, not that anything is wrong. */
const OUT_OF_RESOURCES = new Set(['ENOSPC', 'EDQUOT', 'EMFILE', 'ENFILE']);

/** True when an error means the database is unreachable or refusing work: answered 503, not a bug. */
export function isDatabaseUnavailable(exception: unknown): boolean {
  const code = pgErrorCode(exception);
  if (code !== undefined && (UNAVAILABLE_CODES.has(code) || UNAVAILABLE_CLASSES.test(code)))
    return true;
  return exception instanceof Error && UNAVAILABLE_MESSAGES.test(exception.message);
}

/** Turns anything thrown while serving a request into a problem; `internal` marks our own bugs. */
export function toProblem(exception: unknown): { problem: Problem; internal: boolean } {
  if (exception instanceof DomainError) {
    return {
      problem: problemFrom(
        exception.spec,
        exception.detail,
        exception.errors,
        exception.extensions,
      ),
      internal: false,
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const spec = STATUS_CODES[status] ?? {
      code: status >= 500 ? 'INTERNAL_ERROR' : 'HTTP_ERROR',
      status,
      title: HttpStatus[status] ?? 'Error',
    };
    const body = exception.getResponse();
    const message =
      typeof body === 'object' && body !== null && 'message' in body
        ? String(body.message)
        : exception.message;
    if (status === 503) {
      // The health check's answer when the database does not respond: expected, not a bug.
      return {
        problem: problemFrom(spec, 'A dependency (the database) is not answering.'),
        internal: false,
      };
    }
    return { problem: problemFrom(spec, message), internal: status >= 500 };
  }
  const code = pgErrorCode(exception);
  if (code !== undefined && OUT_OF_RESOURCES.has(code)) {
    // A temp file for a bulk transfer that could not be made or written: the server's trouble,
    // passing, not a bug in the request or the code.
    return {
      problem: problemFrom(
        CommonErrors.RESOURCES_EXHAUSTED,
        'The server is short of disk space or open files. Try again shortly.',
      ),
      internal: false,
    };
  }
  if (isDatabaseUnavailable(exception)) {
    return {
      problem: problemFrom(
        CommonErrors.DATABASE_UNAVAILABLE,
        'The database could not be reached. Try again shortly.',
      ),
      internal: false,
    };
  }
  if (exception instanceof QueryFailedError && code) {
    const detail = (exception.driverError as { detail?: string } | undefined)?.detail;
    switch (code) {
      case '23505':
        return {
          problem: problemFrom(
            CommonErrors.CONFLICT,
            detail ?? 'A record with these values already exists.',
          ),
          internal: false,
        };
      case '23503':
        return {
          problem: problemFrom(
            CommonErrors.REFERENCE_NOT_FOUND,
            'A referenced record does not exist or is still in use.',
          ),
          internal: false,
        };
      case '23514':
        return {
          problem: problemFrom(CommonErrors.CONSTRAINT_VIOLATION, 'The change breaks a data rule.'),
          internal: false,
        };
      case '22P02':
      case '22007':
      case '22008':
      case '22003':
      case '22001':
      case '22021':
      case '22023':
        return {
          problem: problemFrom(
            CommonErrors.INVALID_VALUE,
            'A value is out of range or of the wrong form.',
          ),
          internal: false,
        };
      case '40P01':
      case '40001':
        return {
          problem: problemFrom(
            CommonErrors.CONCURRENT_UPDATE,
            'The change collided with a concurrent one; try again.',
          ),
          internal: false,
        };
      case '57014':
        return {
          problem: problemFrom(CommonErrors.TIMEOUT, 'The database took too long to answer.'),
          internal: false,
        };
    }
  }
  return {
    problem: problemFrom(
      CommonErrors.INTERNAL_ERROR,
      'Something went wrong on our side; quote the request id when reporting it.',
    ),
    internal: true,
  };
}
