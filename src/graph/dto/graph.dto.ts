import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { LowerCaseId, OptionalNotNull, Trim } from '../../common/dto.js';

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : value;

export class GraphQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Seed: a claim' })
  @OptionalNotNull()
  @LowerCaseId()
  @IsUUID('all')
  claimId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Seed: a source' })
  @OptionalNotNull()
  @LowerCaseId()
  @IsUUID('all')
  sourceId?: string;

  @ApiPropertyOptional({ description: 'Seed: every claim with this tag' })
  @OptionalNotNull()
  @Trim()
  @IsString()
  @Length(1, 64)
  tag?: string;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 3,
    default: 1,
    description: 'How many steps out from the seeds',
  })
  @OptionalNotNull()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3)
  depth: number = 1;

  @ApiPropertyOptional({ minimum: 1, maximum: 2000, default: 500 })
  @OptionalNotNull()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(2000)
  maxNodes: number = 500;
}

export class GraphElementDto {
  @ApiProperty({
    type: Object,
    additionalProperties: true,
    description: 'Cytoscape.js element data: id, type, and the fields of its type',
  })
  data!: Record<string, unknown>;
}

export class GraphElementsDto {
  @ApiProperty({ type: () => GraphElementDto, isArray: true }) nodes!: GraphElementDto[];
  @ApiProperty({ type: () => GraphElementDto, isArray: true }) edges!: GraphElementDto[];
}

export class GraphResponseDto {
  @ApiProperty({ type: () => GraphElementsDto }) elements!: GraphElementsDto;
  @ApiProperty({ description: 'True when maxNodes cut the neighbourhood short' })
  truncated!: boolean;
}
