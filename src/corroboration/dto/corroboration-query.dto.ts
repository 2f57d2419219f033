import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsInstant } from '../../common/dto.js';

export class CorroborationQueryDto {
  @ApiPropertyOptional({ format: 'date-time', description: 'Count only stances stated at or before this moment' })
  @IsOptional()
  @IsInstant()
  asOf?: string;
}
