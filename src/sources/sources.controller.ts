import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  Param,
  Patch,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Actor } from '../domain/actors.js';
import { CurrentActor } from '../common/auth.decorators.js';
import {
  ApiCreated,
  ApiDeleted,
  ApiIfMatch,
  ApiNotModified,
  ApiOk,
  ApiProblems,
} from '../common/openapi.js';
import { pageOf, type Page } from '../common/pagination.js';
import { etag, parseIfMatch, UuidPipe } from '../common/params.js';
import {
  CreatedSourceResponseDto,
  DuplicatesQueryDto,
  DuplicatesResponseDto,
  ListSourcesQueryDto,
  NewSourceDto,
  SourceResponseDto,
  toSourceResponse,
  UpdateSourceDto,
} from './dto/source.dto.js';
import { SourcesService } from './sources.service.js';
import { AssessmentService } from '../corroboration/assessment.service.js';
import { TrackRecordResponseDto, toTrackRecordResponse } from './dto/track-record.dto.js';

const SourcePageDto = pageOf(SourceResponseDto, 'SourcePageDto');

@ApiTags('sources')
@Controller('v1/sources')
export class SourcesController {
  constructor(
    private readonly sources: SourcesService,
    private readonly assessments: AssessmentService,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Create a source',
    description:
      "A name or alias that is already another source's, ignoring case, accents, punctuation and spacing, is 409 SOURCE_EXISTS naming it (existingSourceId), unless allowDuplicate is true. Sources with close names are listed in possibleDuplicates.",
  })
  @ApiCreated(CreatedSourceResponseDto)
  @ApiProblems(409, 422)
  async createSource(
    @Body() dto: NewSourceDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<CreatedSourceResponseDto> {
    const { source, possibleDuplicates } = await this.sources.createSource(dto, actor);
    res.header('Location', `/v1/sources/${source.id}`).header('ETag', etag(source.version));
    return { ...toSourceResponse(source), possibleDuplicates };
  }

  @Get('duplicates')
  @ApiOperation({
    summary: 'Likely duplicate sources, for an editor to merge or tell apart',
    description:
      'Pairs of sources that share a name or alias (once case, accents, punctuation and spacing are folded), then pairs whose names are alike (small misspellings), most alike first.',
  })
  @ApiOk(DuplicatesResponseDto)
  @ApiProblems(400)
  async listDuplicates(@Query() query: DuplicatesQueryDto): Promise<DuplicatesResponseDto> {
    const rows = await this.sources.findDuplicates(query.limit);
    return {
      items: rows.map((r) => ({
        a: { id: r.aId, name: r.aName, aliases: r.aAliases },
        b: { id: r.bId, name: r.bName, aliases: r.bAliases },
        similarity: r.similarity,
        sameName: r.sameName,
      })),
    };
  }

  @Get()
  @ApiOperation({ summary: 'List sources by name, filtered by kind or a name/alias search' })
  @ApiOk(SourcePageDto)
  @ApiProblems(400)
  async listSources(@Query() query: ListSourcesQueryDto): Promise<Page<SourceResponseDto>> {
    const page = await this.sources.listSources(query);
    return { items: page.items.map(toSourceResponse), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @ApiNotModified()
  @ApiOperation({ summary: 'Get a source' })
  @ApiOk(SourceResponseDto)
  @ApiProblems(400, 404, 410)
  async getSource(
    @Param('id', UuidPipe) id: string,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<SourceResponseDto> {
    const source = await this.sources.getSource(id);
    res.header('ETag', etag(source.version));
    return toSourceResponse(source);
  }

  @Get(':id/track-record')
  @ApiOperation({
    summary: "A source's track record: how its stances met editors' verdicts",
    description:
      "Its effective stances on claims with a verdict, by outcome (true/mostly_true → true, false/mostly_false → false, unproven; mixed teaches nothing; a claim's latest verdict only), the accuracy learned from them with a 95 % interval, and the grade that record implies beside the one assigned.",
  })
  @ApiOk(TrackRecordResponseDto)
  @ApiProblems(400, 404, 410)
  async getTrackRecord(@Param('id', UuidPipe) id: string): Promise<TrackRecordResponseDto> {
    const source = await this.sources.getSource(id);
    return toTrackRecordResponse(
      source,
      await this.assessments.trackRecord(source.id, source.reliability),
    );
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Edit a source; a new grade or affiliation re-evaluates the claims it spoke on',
  })
  @ApiOk(SourceResponseDto)
  @ApiIfMatch()
  @ApiProblems(400, 404, 409, 410, 422)
  async updateSource(
    @Param('id', UuidPipe) id: string,
    @Body() dto: UpdateSourceDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<SourceResponseDto> {
    const source = await this.sources.updateSource(id, dto, actor, parseIfMatch(ifMatch));
    res.header('ETag', etag(source.version));
    return toSourceResponse(source);
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Delete a source that has no stances and no affiliates' })
  @ApiDeleted()
  @ApiProblems(400, 404, 409, 410)
  async deleteSource(
    @Param('id', UuidPipe) id: string,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    await this.sources.deleteSource(id, actor);
  }
}
