import { Body, Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../domain/actors.js';
import { CurrentActor, RequireRole } from '../common/auth.decorators.js';
import { ClaimResponseDto } from '../claims/dto/claim.dto.js';
import { ClaimViews } from '../claims/claim-views.js';
import { ApiOk, ApiProblems } from '../common/openapi.js';
import { UuidPipe } from '../common/params.js';
import { MergeClaimDto, MergeResultDto } from './dto/merge.dto.js';
import { MergesService } from './merges.service.js';

@ApiTags('claims')
@RequireRole('editor')
@Controller('v1/claims/:id')
export class MergesController {
  constructor(
    private readonly merges: MergesService,
    private readonly views: ClaimViews,
  ) {}

  @Post('merge')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'Merge this duplicate claim into another: stances and links move, the survivor is re-evaluated',
  })
  @ApiOk(MergeResultDto)
  @ApiProblems(400, 401, 403, 404, 422)
  async mergeClaim(
    @Param('id', UuidPipe) id: string,
    @Body() dto: MergeClaimDto,
    @CurrentActor() actor: Actor,
  ): Promise<MergeResultDto> {
    const { record, survivor } = await this.merges.mergeClaim(id, dto.into, actor);
    return {
      mergedId: id,
      survivor: await this.views.presentOne(survivor),
      movedStanceIds: record.movedStanceIds,
      movedLinks: record.movedLinks,
      droppedLinkIds: record.droppedLinks.map((l) => l.id),
    };
  }

  @Post('unmerge')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: "Undo the claim's last merge, from the audit trail" })
  @ApiOk(ClaimResponseDto)
  @ApiProblems(400, 401, 403, 404, 409, 422)
  async unmergeClaim(
    @Param('id', UuidPipe) id: string,
    @CurrentActor() actor: Actor,
  ): Promise<ClaimResponseDto> {
    return this.views.presentOne(await this.merges.unmergeClaim(id, actor));
  }
}
