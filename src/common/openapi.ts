import { applyDecorators, HttpCode, HttpStatus, type Type } from '@nestjs/common';
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
}

const PROBLEM_TEXT: Record<number, string> = {
  400: 'Invalid input (VALIDATION_FAILED, INVALID_ID, INVALID_CURSOR, …)',
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
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: PROBLEM_TEXT[status] ?? 'Error',
        content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDto) } } },
      }),
    ),
  );
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
    ApiProblems(400, 413, 415),
  );

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
