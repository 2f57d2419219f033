import { applyDecorators, HttpCode, HttpStatus, type Type } from '@nestjs/common';
import { CONSISTENCY_HEADER } from './reads.js';
import {
  ApiCreatedResponse,
  ApiExtraModels,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  getSchemaPath,
  OmitType,
  type OpenAPIObject,
} from '@nestjs/swagger';

export class FieldErrorDto {
  @ApiProperty({ example: 'stances[0].sourceId' }) field!: string;
  @ApiProperty({ example: 'sourceId must be a UUID' }) message!: string;
}

export class ProblemDto {
  @ApiProperty({ example: 'urn:claimgraph:problem:validation-failed' }) type!: string;
  @ApiProperty({ example: 'The request is not valid' }) title!: string;
  @ApiProperty({ example: 400 }) status!: number;
  @ApiProperty() detail!: string;
  @ApiProperty({ example: 'VALIDATION_FAILED', description: 'Stable machine-readable code' })
  code!: string;
  @ApiPropertyOptional({ type: () => FieldErrorDto, isArray: true }) errors?: FieldErrorDto[];
  @ApiProperty() requestId!: string;
  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'CLAIM_MERGED and SOURCE_MERGED only: the claim or source this one was merged into',
  })
  mergedIntoId?: string;
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'SOURCE_EXISTS only: the source that already has the name',
  })
  existingSourceId?: string;
}

/** One refused line of an import: its number, the field when one is to blame, and what is wrong. */
export class LineErrorDto {
  @ApiProperty({ example: 3 }) line!: number;
  @ApiPropertyOptional({ example: 'sourceId' }) field?: string;
  @ApiProperty({ example: 'no earlier line has the key "mfa", and it is not an id' })
  message!: string;
}

/** The problem an import refused with (IMPORT_INVALID): every refused line, by number. */
export class LineProblemDto extends OmitType(ProblemDto, ['errors'] as const) {
  @ApiPropertyOptional({
    type: () => LineErrorDto,
    isArray: true,
    description: 'IMPORT_INVALID: the refused lines (the first 100)',
  })
  errors?: LineErrorDto[];
}

const PROBLEM_TEXT: Record<number, string> = {
  400: 'Invalid input (VALIDATION_FAILED, INVALID_ID, INVALID_CURSOR, …)',
  401: 'No API key, or one that is unknown or revoked (UNAUTHENTICATED)',
  403: 'The key’s role may not do this (FORBIDDEN)',
  410: 'It was merged into another (CLAIM_MERGED or SOURCE_MERGED, naming the survivor in mergedIntoId)',
  404: 'Not found',
  409: 'Conflicts with stored data',
  412: 'If-Match names an older version (VERSION_MISMATCH)',
  408: 'The request or its body did not arrive in time (REQUEST_TIMEOUT)',
  413: 'Body too large: 1 MiB for JSON bodies, IMPORT_MAX_BYTES for an import',
  415: 'Body is not JSON',
  422: 'Refers to something that does not exist, or breaks a rule',
  429: 'Over a rate or concurrency limit; try again after Retry-After',
  503: 'The database is unavailable or the instance is at capacity; try again after Retry-After',
};

/** Documents the problem+json answers a route can give. */
export function ApiProblems(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ProblemDto),
    ...statuses.map((status) => ApiResponse({ status, ...problemResponse(status) })),
  );
}

/** A problem+json answer; 429 and 503 always say when to try again. */
function problemResponse(status: number) {
  return {
    description: PROBLEM_TEXT[status] ?? 'Error',
    content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDto) } } },
    ...(status === 429 || status === 503
      ? {
          headers: {
            'Retry-After': {
              description: 'Seconds to wait before trying again',
              schema: { type: 'integer' },
            },
          },
        }
      : {}),
  };
}

export const ApiOk = (type: Type<unknown>): MethodDecorator =>
  applyDecorators(ApiOkResponse({ type }));

export const ApiCreated = (type: Type<unknown>): MethodDecorator =>
  applyDecorators(
    HttpCode(HttpStatus.CREATED),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        'A unique token (e.g. a UUID): a retry with the same key and body within 24 h gets the first answer and writes nothing',
    }),
    ApiCreatedResponse({
      type,
      headers: { Location: { description: 'URL of the new resource', schema: { type: 'string' } } },
    }),
    // 409 and 422: an Idempotency-Key in use by a request still running, or reused for another.
    ApiProblems(400, 409, 413, 415, 422),
  );

/** A GET answered with an ETag: If-None-Match with the current one gets 304 and no body. */
export const ApiNotModified = (): MethodDecorator =>
  ApiResponse({ status: 304, description: 'Not modified: If-None-Match names the current ETag' });

/**
 * The answers every route may give, added to each operation of the document where its own
 * decorators do not list them: an API route may refuse the key (401), the rate (429) or be unable
 * to reach the database (503); a body may be invalid, slow, too large or not JSON (400, 408, 413,
 * 415); a write may need a role the key lacks (403); and a route on a claim finds it merged (410).
 */
export function documentCommonProblems(document: OpenAPIObject): OpenAPIObject {
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of ['get', 'post', 'patch', 'put', 'delete'] as const) {
      const op = item[method];
      if (!op) continue;
      const statuses: number[] = [];
      if (path.startsWith('/v1/')) statuses.push(401, 429, 503);
      if (op.requestBody || method === 'post' || method === 'patch' || method === 'put')
        statuses.push(400, 408, 413, 415);
      if (path.startsWith('/v1/') && method !== 'get') statuses.push(403);
      if (/^\/v1\/claims\/\{id\}/.test(path) || path === '/v1/graph') statuses.push(410);
      for (const status of statuses) op.responses[String(status)] ??= problemResponse(status);
    }
  }
  return document;
}

export const ApiDeleted = (): MethodDecorator =>
  applyDecorators(
    HttpCode(HttpStatus.NO_CONTENT),
    ApiNoContentResponse({ description: 'Deleted' }),
  );

export const ApiIfMatch = (): MethodDecorator =>
  applyDecorators(
    ApiHeader({
      name: 'If-Match',
      required: false,
      description: 'The version you read, as "<version>"; 412 if it is stale',
    }),
    ApiProblems(412),
  );

/**
 * The consistency token (docs/design.md §5.7): every successful write under /v1 answers with it (on
 * a server with read replicas), and
 * every read under /v1 accepts it back, so a client reads its own writes whichever server answers.
 */
export function documentConsistency(document: OpenAPIObject): OpenAPIObject {
  const token = {
    type: 'string',
    pattern: '^[0-9A-Fa-f]{1,8}/[0-9A-Fa-f]{1,8}$',
    example: '0/1A2B3C4D',
  };
  for (const [path, item] of Object.entries(document.paths)) {
    if (!path.startsWith('/v1/')) continue;
    for (const method of ['get', 'post', 'patch', 'put', 'delete'] as const) {
      const op = item[method];
      if (!op) continue;
      if (method === 'get') {
        op.parameters = [
          ...(op.parameters ?? []),
          {
            name: CONSISTENCY_HEADER,
            in: 'header',
            required: false,
            schema: token,
            description:
              'The token of your last write’s answer: the read then sees that write. Without it, a read may be answered by a read replica up to REPLICA_MAX_LAG_MS behind the primary; with it, only by one that has the write (else by the primary). 400 INVALID_CONSISTENCY_TOKEN if it is not such a token',
          },
        ];
        continue;
      }
      for (const [status, response] of Object.entries(op.responses)) {
        if (!response || !/^2\d\d$/.test(status) || '$ref' in response) continue;
        response.headers = {
          ...response.headers,
          [CONSISTENCY_HEADER]: {
            description:
              'Where the primary’s log stood once this write had committed: send it back on reads that must see the write. Sent only by a server with read replicas (DATABASE_READ_URLS), since without them every read is the primary’s; absent too when the primary could not be asked after the commit (the write itself is stored)',
            required: false,
            schema: token,
          },
        };
      }
    }
  }
  return document;
}
