import type { Type } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { LowerCaseId, OptionalNotNull, Trim } from '../../common/dto.js';
import { CLAIM_STATUSES, type ClaimStatus } from '../../domain/claims.js';
import { RELIABILITY_GRADES, type ReliabilityGrade } from '../../domain/grades.js';
import { LINK_KINDS, type LinkKind } from '../../domain/links.js';
import { SOURCE_KINDS, type SourceKind } from '../../domain/sources.js';
import { STANCE_KINDS, type StanceKind } from '../../domain/stances.js';

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

const uuid = { type: String, format: 'uuid' } as const;

export class ClaimNodeDataDto {
  @ApiProperty(uuid) id!: string;
  @ApiProperty({ enum: ['claim'] }) type!: 'claim';
  @ApiProperty({ description: 'The statement' }) label!: string;
  @ApiProperty({ enum: CLAIM_STATUSES }) status!: ClaimStatus;
  @ApiProperty() score!: number;
  @ApiProperty() dependsOnContested!: boolean;
}

export class SourceNodeDataDto {
  @ApiProperty(uuid) id!: string;
  @ApiProperty({ enum: ['source'] }) type!: 'source';
  @ApiProperty({ description: 'The name' }) label!: string;
  @ApiProperty({ enum: SOURCE_KINDS }) kind!: SourceKind;
  @ApiProperty({ enum: RELIABILITY_GRADES }) reliability!: ReliabilityGrade;
  @ApiProperty({ ...uuid, description: 'Its independence group (the root source)' })
  group!: string;
  @ApiProperty({ description: 'An unnamed source, counted with the relay that carries it' })
  anonymous!: boolean;
}

export class StanceEdgeDataDto {
  @ApiProperty(uuid) id!: string;
  @ApiProperty({ enum: ['stance'] }) type!: 'stance';
  @ApiProperty({ ...uuid, description: 'The source' }) source!: string;
  @ApiProperty({ ...uuid, description: 'The claim' }) target!: string;
  @ApiProperty({ enum: STANCE_KINDS }) kind!: StanceKind;
  @ApiProperty({ format: 'date-time' }) statedAt!: string;
  @ApiProperty({ ...uuid, nullable: true, description: 'The source the stance came through' })
  via!: string | null;
}

export class LinkEdgeDataDto {
  @ApiProperty(uuid) id!: string;
  @ApiProperty({ enum: ['link'] }) type!: 'link';
  @ApiProperty({ ...uuid, description: 'The claim the link is from' }) source!: string;
  @ApiProperty({ ...uuid, description: 'The claim the link is to' }) target!: string;
  @ApiProperty({ enum: LINK_KINDS }) kind!: LinkKind;
}

export class AffiliationEdgeDataDto {
  @ApiProperty({ example: 'affiliation:…', description: '"affiliation:" and the source id' })
  id!: string;
  @ApiProperty({ enum: ['affiliation'] }) type!: 'affiliation';
  @ApiProperty({ ...uuid, description: 'The affiliated source' }) source!: string;
  @ApiProperty({ ...uuid, description: 'The source it is affiliated with' }) target!: string;
}

export class RelayEdgeDataDto {
  @ApiProperty({ example: 'relay:…', description: '"relay:" and the stance id' })
  id!: string;
  @ApiProperty({ enum: ['relay'] }) type!: 'relay';
  @ApiProperty({ ...uuid, description: 'The source that passed the stance on (its `via`)' })
  source!: string;
  @ApiProperty({ ...uuid, description: 'The source whose stance it passed on' })
  target!: string;
  @ApiProperty({ ...uuid, description: 'The claim the stance is on' }) claim!: string;
  @ApiProperty({ ...uuid, description: 'The stance' }) stance!: string;
}

const oneOf = (...types: Type<unknown>[]) => ({
  oneOf: types.map((t) => ({ $ref: getSchemaPath(t) })),
  discriminator: { propertyName: 'type' },
});

/** A Cytoscape.js node: a claim or a source. */
@ApiExtraModels(ClaimNodeDataDto, SourceNodeDataDto)
export class GraphNodeDto {
  @ApiProperty(oneOf(ClaimNodeDataDto, SourceNodeDataDto))
  data!: ClaimNodeDataDto | SourceNodeDataDto;
}

/**
 * A Cytoscape.js edge: a source's stance on a claim, a link between claims, an affiliation, or a
 * relay (a source that passed another's stance on).
 */
@ApiExtraModels(StanceEdgeDataDto, LinkEdgeDataDto, AffiliationEdgeDataDto, RelayEdgeDataDto)
export class GraphEdgeDto {
  @ApiProperty(oneOf(StanceEdgeDataDto, LinkEdgeDataDto, AffiliationEdgeDataDto, RelayEdgeDataDto))
  data!: StanceEdgeDataDto | LinkEdgeDataDto | AffiliationEdgeDataDto | RelayEdgeDataDto;
}

export class GraphElementsDto {
  @ApiProperty({ type: () => GraphNodeDto, isArray: true }) nodes!: GraphNodeDto[];
  @ApiProperty({ type: () => GraphEdgeDto, isArray: true }) edges!: GraphEdgeDto[];
}

export class GraphResponseDto {
  @ApiProperty({ type: () => GraphElementsDto }) elements!: GraphElementsDto;
  @ApiProperty({ description: 'True when maxNodes cut the neighbourhood short' })
  truncated!: boolean;
}
