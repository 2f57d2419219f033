import { Body, Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../domain/actors.js';
import { CurrentActor, RequireRole } from '../common/auth.decorators.js';
import { ApiOk, ApiProblems } from '../common/openapi.js';
import { UuidPipe } from '../common/params.js';
import {
  MergeSourceDto,
  SourceMergeResultDto,
  SourceResponseDto,
  toSourceResponse,
} from './dto/source.dto.js';
import { SourceMergesService } from './source-merges.service.js';

@ApiTags('sources')
@RequireRole('editor')
@Controller('v1/sources/:id')
export class SourceMergesController {
  constructor(private readonly merges: SourceMergesService) {}

  @Post('merge')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'Merge this duplicate source into another: stances, relays, affiliates and names move; the claims they touch are re-evaluated',
  })
  @ApiOk(SourceMergeResultDto)
  @ApiProblems(400, 401, 403, 404, 410, 422)
  async mergeSource(
    @Param('id', UuidPipe) id: string,
    @Body() dto: MergeSourceDto,
    @CurrentActor() actor: Actor,
  ): Promise<SourceMergeResultDto> {
    const { record, survivor } = await this.merges.mergeSource(id, dto.into, actor);
    return {
      mergedId: id,
      survivor: toSourceResponse(survivor),
      movedStanceIds: record.movedStanceIds,
      movedRelayIds: record.movedRelayIds,
      movedAffiliateIds: record.movedAffiliateIds,
      addedAliases: record.addedAliases,
      claimsRecomputed: record.claimsRecomputed,
    };
  }

  @Post('unmerge')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: "Undo the source's last merge, from the audit trail" })
  @ApiOk(SourceResponseDto)
  @ApiProblems(400, 401, 403, 404, 409)
  async unmergeSource(
    @Param('id', UuidPipe) id: string,
    @CurrentActor() actor: Actor,
  ): Promise<SourceResponseDto> {
    return toSourceResponse(await this.merges.unmergeSource(id, actor));
  }
}
