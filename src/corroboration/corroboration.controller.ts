import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems, ApiOk } from '../common/openapi.js';
import { UuidPipe } from '../common/params.js';
import { parseInstant } from '../common/dto.js';
import { CorroborationService } from './corroboration.service.js';
import { AssessmentService } from './assessment.service.js';
import { CorroborationQueryDto } from './dto/corroboration-query.dto.js';
import {
  CorroborationResponseDto,
  toCorroborationResponse,
  toKnownAtResponse,
} from './dto/corroboration-response.dto.js';
import { CommonErrors, DomainError } from '../domain/errors.js';

@ApiTags('corroboration')
@Controller('v1/claims/:id/corroboration')
export class CorroborationController {
  constructor(
    private readonly service: CorroborationService,
    private readonly assessments: AssessmentService,
  ) {}

  @Get()
  @ApiOperation({
    summary:
      "Explain a claim's status and score: now, as of a past moment of the story, or as Claimgraph showed it then",
  })
  @ApiOk(CorroborationResponseDto)
  @ApiProblems(400, 404)
  async getClaimCorroboration(
    @Param('id', UuidPipe) id: string,
    @Query() query: CorroborationQueryDto,
  ): Promise<CorroborationResponseDto> {
    if (query.asOf && query.knownAt) {
      throw new DomainError(
        CommonErrors.VALIDATION_FAILED,
        'Ask either asOf (the story then) or knownAt (what we showed then), not both.',
        [{ field: 'knownAt', message: 'cannot be combined with asOf' }],
      );
    }
    if (query.knownAt) {
      const knownAt = parseInstant(query.knownAt)!;
      return toKnownAtResponse(id, await this.service.knownAt(id, knownAt), knownAt);
    }
    const asOf = query.asOf ? parseInstant(query.asOf) : undefined;
    const verdict = await this.service.liveClaimVerdict(id);
    const { evaluation, assessment } = await this.assessments.assessClaim(id, verdict, asOf);
    return toCorroborationResponse(id, evaluation, assessment, asOf);
  }
}
