import { Body, Controller, Delete, Get, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Actor } from '../domain/actors.js';
import { CurrentActor } from '../common/auth.decorators.js';
import { ApiCreated, ApiDeleted, ApiOk, ApiProblems } from '../common/openapi.js';
import { pageOf, PageQueryDto, type Page } from '../common/pagination.js';
import { UuidPipe } from '../common/params.js';
import {
  CreateStanceDto,
  ListStancesQueryDto,
  StanceResponseDto,
  toStanceResponse,
  UpdateStanceDto,
} from './dto/stance.dto.js';
import { StancesService } from './stances.service.js';

const StancePageDto = pageOf(StanceResponseDto, 'StancePageDto');

const toPageResponse = (
  page: Page<Parameters<typeof toStanceResponse>[0]>,
): Page<StanceResponseDto> => ({
  items: page.items.map(toStanceResponse),
  nextCursor: page.nextCursor,
});

@ApiTags('stances')
@Controller('v1')
export class StancesController {
  constructor(private readonly stances: StancesService) {}

  @Post('claims/:id/stances')
  @ApiOperation({ summary: "Add a source's stance on a claim; the claim's status follows" })
  @ApiCreated(StanceResponseDto)
  @ApiProblems(404, 422)
  async addClaimStance(
    @Param('id', UuidPipe) claimId: string,
    @Body() dto: CreateStanceDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<StanceResponseDto> {
    const { stance, resolved } = await this.stances.addStance(claimId, dto, actor);
    res.header('Location', `/v1/stances/${stance.id}`);
    return { ...toStanceResponse(stance), ...(resolved && { resolved }) };
  }

  @Get('claims/:id/stances')
  @ApiOperation({
    summary: "List a claim's stances in the order stated (effective=true: latest per source)",
  })
  @ApiOk(StancePageDto)
  @ApiProblems(400, 404)
  async listClaimStances(
    @Param('id', UuidPipe) claimId: string,
    @Query() query: ListStancesQueryDto,
  ): Promise<Page<StanceResponseDto>> {
    return toPageResponse(await this.stances.listClaimStances(claimId, query));
  }

  @Get('sources/:id/stances')
  @ApiOperation({ summary: 'List everything one source has said, in the order stated' })
  @ApiOk(StancePageDto)
  @ApiProblems(400, 404)
  async listSourceStances(
    @Param('id', UuidPipe) sourceId: string,
    @Query() query: PageQueryDto,
  ): Promise<Page<StanceResponseDto>> {
    return toPageResponse(await this.stances.listSourceStances(sourceId, query));
  }

  @Get('stances/:id')
  @ApiOperation({ summary: 'Get a stance' })
  @ApiOk(StanceResponseDto)
  @ApiProblems(400, 404)
  async getStance(@Param('id', UuidPipe) id: string): Promise<StanceResponseDto> {
    return toStanceResponse(await this.stances.getStance(id));
  }

  @Patch('stances/:id')
  @ApiOperation({ summary: "Correct a stance; the claim's status follows" })
  @ApiOk(StanceResponseDto)
  @ApiProblems(400, 404, 422)
  async updateStance(
    @Param('id', UuidPipe) id: string,
    @Body() dto: UpdateStanceDto,
    @CurrentActor() actor: Actor,
  ): Promise<StanceResponseDto> {
    return toStanceResponse(await this.stances.updateStance(id, dto, actor));
  }

  @Delete('stances/:id')
  @ApiOperation({ summary: "Remove a stance logged in error; the claim's status follows" })
  @ApiDeleted()
  @ApiProblems(400, 404)
  async deleteStance(
    @Param('id', UuidPipe) id: string,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    await this.stances.deleteStance(id, actor);
  }
}
