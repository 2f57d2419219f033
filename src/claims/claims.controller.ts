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
import { ApiCreated, ApiDeleted, ApiIfMatch, ApiOk, ApiProblems } from '../common/openapi.js';
import { pageOf, type Page } from '../common/pagination.js';
import { parseIfMatch, UuidPipe } from '../common/params.js';
import { toStanceResponse } from '../stances/dto/stance.dto.js';
import { ClaimsService } from './claims.service.js';
import {
  ClaimListItemDto,
  ClaimResponseDto,
  CreateClaimDto,
  CreatedClaimResponseDto,
  ListClaimsQueryDto,
  UpdateClaimDto,
} from './dto/claim.dto.js';
import { ClaimViews } from './claim-views.js';
import { claimEtag } from './claim-etag.js';

const ClaimPageDto = pageOf(ClaimListItemDto, 'ClaimPageDto');

@ApiTags('claims')
@Controller('v1/claims')
export class ClaimsController {
  constructor(
    private readonly claims: ClaimsService,
    private readonly views: ClaimViews,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Create a claim, optionally with its first stances (all or nothing)' })
  @ApiCreated(CreatedClaimResponseDto)
  @ApiProblems(422)
  async createClaim(
    @Body() dto: CreateClaimDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<CreatedClaimResponseDto> {
    const { claim, stances, possibleDuplicates } = await this.claims.createClaim(dto, actor);
    const view = await this.views.presentOne(claim);
    res.header('Location', `/v1/claims/${claim.id}`).header('ETag', claimEtag(view));
    return {
      ...view,
      stances: stances.map(({ stance, resolved }) => ({
        ...toStanceResponse(stance),
        ...(resolved && { resolved }),
      })),
      possibleDuplicates,
    };
  }

  @Get()
  @ApiOperation({
    summary: 'List or search claims, filtered by status, tag, source, text or change time',
  })
  @ApiOk(ClaimPageDto)
  @ApiProblems(400)
  listClaims(@Query() query: ListClaimsQueryDto): Promise<Page<ClaimListItemDto>> {
    return this.claims.listClaims(query);
  }

  @Patch(':id')
  @ApiOperation({ summary: "Edit a claim's statement, context, tags, date or language" })
  @ApiOk(ClaimResponseDto)
  @ApiIfMatch()
  @ApiProblems(400, 404)
  async updateClaim(
    @Param('id', UuidPipe) id: string,
    @Body() dto: UpdateClaimDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<ClaimResponseDto> {
    const view = await this.views.presentOne(
      await this.claims.updateClaim(id, dto, actor, parseIfMatch(ifMatch)),
    );
    res.header('ETag', claimEtag(view));
    return view;
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Delete a claim with its stances and links' })
  @ApiDeleted()
  @ApiProblems(400, 404, 409)
  async deleteClaim(
    @Param('id', UuidPipe) id: string,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    await this.claims.deleteClaim(id, actor);
  }
}
