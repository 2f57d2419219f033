import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiOk, ApiProblems } from '../common/openapi.js';
import { StatsQueryDto, StatsResponseDto } from './dto/stats.dto.js';
import { StatsService } from './stats.service.js';

@ApiTags('stats')
@Controller('v1/stats')
export class StatsController {
  constructor(private readonly stats: StatsService) {}

  @Get()
  @ApiOperation({
    summary:
      'Dashboard: claims by status and tag, status changes per day, the most disputed claims, and how often independence groups agree',
  })
  @ApiOk(StatsResponseDto)
  @ApiProblems(400, 404)
  getStats(@Query() query: StatsQueryDto): Promise<StatsResponseDto> {
    return this.stats.stats(query);
  }
}
