import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiOk, ApiProblems } from '../common/openapi.js';
import { ActivityService } from './activity.service.js';
import { ACTIVITY_SCAN_CAP, ActivityPageDto, ActivityQueryDto } from './dto/activity.dto.js';

@ApiTags('activity')
@Controller('v1/activity')
export class ActivityController {
  constructor(private readonly activity: ActivityService) {}

  @Get()
  @ApiOperation({
    summary:
      'What changed since a moment, claim by claim: each change in a sentence, who made it, and what it did to the status',
    description:
      'Claims ordered by their newest change in the span (default: the last 24 hours). Each claim lists its changes newest first — stances added, corrected or deleted, verdicts, links, merges, edits — with the status or score change each caused, and the status changes no write on the claim explains (a recompute, a source regraded, an import). ' +
      `One answer weighs the newest ${ACTIVITY_SCAN_CAP.toLocaleString('en')} changes of the span; \`complete: false\` says there were more.`,
  })
  @ApiOk(ActivityPageDto)
  @ApiProblems(400)
  listActivity(@Query() query: ActivityQueryDto): Promise<ActivityPageDto> {
    return this.activity.activity(query);
  }
}
