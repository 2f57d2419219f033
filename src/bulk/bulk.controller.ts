import { Controller, Get, HttpCode, HttpStatus, Post, Req, Res } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiExtraModels,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiResponse,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../domain/actors.js';
import { callerOf, CurrentActor } from '../common/auth.decorators.js';
import { headerOf, takeOver } from '../common/http.js';
import { requestIdOf } from '../common/request-id.js';
import { ApiOk, ApiProblems, LineProblemDto } from '../common/openapi.js';
import { ImportResultDto } from './dto/import-result.dto.js';
import { ExportService } from './export/export.service.js';
import { ImportService } from './import/import.service.js';
import { MAX_LINE_BYTES, NDJSON } from './ndjson.js';

const FORMAT =
  'One JSON object per line, each with `type` ("source", "claim", "stance" or "link") and the fields of the matching create body ' +
  '(POST /v1/sources, /v1/claims, /v1/claims/{id}/stances with `claimId`, /v1/claims/{id}/links with `fromClaimId`), plus an optional ' +
  '`key` (1–200 characters) later lines may use in place of an id, an optional `id`, and the stored timestamps an export writes. ' +
  `References (affiliatedWithId, claimId, sourceId, viaSourceId, fromClaimId, toClaimId, mergedIntoId) take the key of an earlier line or the id of a stored record. Lines up to ${MAX_LINE_BYTES} bytes. ` +
  'A merged claim (mergedIntoId) needs the editor role; stored timestamps (createdAt, updatedAt, recordedAt, mergedAt) the admin role.';

@ApiTags('bulk')
@Controller('v1')
export class BulkController {
  constructor(
    private readonly imports: ImportService,
    private readonly exports: ExportService,
  ) {}

  @Post('import')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'Import an NDJSON file of sources, claims, stances and links: all of it, or none if any line is wrong',
    description:
      `${FORMAT} The file is received in full first (within the size and time limits), then stored in one transaction; statuses are recomputed before it commits. ` +
      'A file with wrong lines answers 422 IMPORT_INVALID listing errors as { line, field?, message } and stores nothing. ' +
      'Imports and exports running at once are limited per key (429) and per server (503), with Retry-After.',
  })
  @ApiConsumes(NDJSON)
  @ApiBody({
    description: FORMAT,
    schema: {
      type: 'string',
      example:
        '{"type":"source","key":"mfa","name":"Iranian Foreign Ministry","kind":"government","reliability":"C"}\n' +
        '{"type":"claim","key":"c1","statement":"Trump requested a meeting with Rouhani","tags":["iran"]}\n' +
        '{"type":"stance","claimId":"c1","sourceId":"mfa","kind":"confirms","statedAt":"2017-10-29T12:00:00Z"}\n',
    },
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description:
      'A retry with the same key and the same Content-Digest within 24 h gets the first answer and writes nothing',
  })
  @ApiHeader({
    name: 'Content-Digest',
    required: false,
    description:
      'sha-256=:<base64>: (RFC 9530) of the body: checked once the body has arrived; required with Idempotency-Key',
  })
  @ApiOk(ImportResultDto)
  @ApiProblems(400, 403, 408, 413, 415, 429, 503)
  @ApiResponse({
    status: 422,
    description:
      'IMPORT_INVALID (nothing was imported; every refused line is listed by number), or IDEMPOTENCY_KEY_REUSED',
    content: { 'application/problem+json': { schema: { $ref: getSchemaPath(LineProblemDto) } } },
  })
  @ApiExtraModels(LineProblemDto)
  importFile(@Req() req: FastifyRequest, @CurrentActor() actor: Actor): Promise<ImportResultDto> {
    return this.imports.importFile(
      {
        contentType: headerOf(req, 'content-type'),
        contentEncoding: headerOf(req, 'content-encoding'),
        contentLength: headerOf(req, 'content-length'),
        contentDigest: headerOf(req, 'content-digest'),
        idempotent: headerOf(req, 'idempotency-key') !== undefined,
        caller: callerOf(req),
        body: req.raw,
      },
      actor,
    );
  }

  @Get('export')
  @ApiOperation({
    summary:
      'The whole database as an NDJSON file in the import format, from one consistent snapshot',
    description:
      'Sources (parents first), claims (live ones first, then those merged into them), stances (in the order they were entered) and links, ' +
      'with their ids and stored timestamps. Importing it into an empty database gives the same export again. ' +
      'The snapshot is written to a temporary file first, then sent with its Content-Length; a client that stops reading is cut off.',
  })
  @ApiProduces(NDJSON)
  @ApiOkResponse({
    description: 'The file, as an attachment',
    content: { [NDJSON]: { schema: { type: 'string', description: FORMAT } } },
  })
  @ApiProblems(429, 503, 507)
  exportAll(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.exports.exportAll(takeOver(reply), callerOf(req), requestIdOf(req));
  }
}
