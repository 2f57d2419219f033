import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsInstant } from '../../common/dto.js';

export class CorroborationQueryDto {
  @ApiPropertyOptional({
    format: 'date-time',
    description: 'The story as of this moment: count only stances stated at or before it',
  })
  @IsOptional()
  @IsInstant()
  asOf?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    description:
      'What Claimgraph itself showed at this moment (corrections and deletions included); status, score and counts only',
  })
  @IsOptional()
  @IsInstant()
  knownAt?: string;
}
