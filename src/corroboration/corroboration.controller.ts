import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems, ApiOk } from '../common/openapi.js';
import { UuidPipe } from '../common/params.js';
import { parseInstant } from '../common/dto.js';
import { CorroborationService } from './corroboration.service.js';
import { CorroborationQueryDto } from './dto/corroboration-query.dto.js';
import { CorroborationResponseDto, toCorroborationResponse } from './dto/corroboration-response.dto.js';

@ApiTags('corroboration')
@Controller('v1/claims/:id/corroboration')
export class CorroborationController {
  constructor(private readonly service: CorroborationService) {}

  @Get()
  @ApiOperation({ summary: "Explain a claim's status and score, now or as of a past moment" })
  @ApiOk(CorroborationResponseDto)
  @ApiProblems(400, 404)
  async getClaimCorroboration(
    @Param('id', UuidPipe) id: string,
    @Query() query: CorroborationQueryDto,
  ): Promise<CorroborationResponseDto> {
    const asOf = query.asOf ? parseInstant(query.asOf) : undefined;
    return toCorroborationResponse(id, await this.service.explainClaim(id, asOf), asOf);
  }
}
