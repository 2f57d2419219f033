import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiKeysService } from '../api-keys/api-keys.service.js';
import { ApiOk, ApiProblems } from '../common/openapi.js';
import { pageOf, PageQueryDto, type Page } from '../common/pagination.js';
import { UuidPipe } from '../common/params.js';
import { CorroborationService } from './corroboration.service.js';
import { HistoryEntryResponseDto, toHistoryEntryResponse } from './dto/history.dto.js';

const HistoryPageDto = pageOf(HistoryEntryResponseDto, 'HistoryPageDto');

@ApiTags('corroboration')
@Controller('v1/claims/:id/history')
export class HistoryController {
  constructor(
    private readonly service: CorroborationService,
    private readonly keys: ApiKeysService,
  ) {}

  @Get()
  @ApiOperation({
    summary:
      "Every change of a claim's status or score: from, to, when, the write that caused it, and who wrote it",
  })
  @ApiOk(HistoryPageDto)
  @ApiProblems(400, 404)
  async listClaimHistory(
    @Param('id', UuidPipe) id: string,
    @Query() query: PageQueryDto,
  ): Promise<Page<HistoryEntryResponseDto>> {
    const page = await this.service.claimHistory(id, query);
    const names = await this.keys.namesOf(page.items.map((h) => h.keyId));
    return {
      items: page.items.map((h) => toHistoryEntryResponse(h, names)),
      nextCursor: page.nextCursor,
    };
  }
}
