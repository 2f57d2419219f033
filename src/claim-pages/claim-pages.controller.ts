import { createHash } from 'node:crypto';
import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { claimEtag } from '../claims/claim-etag.js';
import { ApiNotModified, ApiOk, ApiProblems } from '../common/openapi.js';
import { UuidPipe } from '../common/params.js';
import { ClaimPagesService } from './claim-pages.service.js';
import { ClaimPageQueryDto, ClaimPageResponseDto } from './dto/claim-page.dto.js';

/** The ETag of an answer with included lists: what it says, hashed (they change without the claim). */
const contentEtag = (body: unknown): string =>
  `"p-${createHash('sha256').update(JSON.stringify(body)).digest('base64url').slice(0, 27)}"`;

@ApiTags('claims')
@Controller('v1/claims')
export class ClaimPagesController {
  constructor(private readonly pages: ClaimPagesService) {}

  @Get(':id')
  @ApiNotModified()
  @ApiOperation({
    summary:
      'Get a claim with its status, score and counts; with include, its stances, sources, links, verdicts and history in the same answer',
  })
  @ApiOk(ClaimPageResponseDto)
  @ApiProblems(400, 404)
  async getClaim(
    @Param('id', UuidPipe) id: string,
    @Query() query: ClaimPageQueryDto,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<ClaimPageResponseDto> {
    const page = await this.pages.claimPage(id, query.include ?? []);
    res.header('ETag', query.include ? contentEtag(page) : claimEtag(page));
    return page;
  }
}
