import type { Type } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { LowerCaseId, OptionalNotNull, Trim } from '../../common/dto.js';
import { LABEL_LENGTH } from '../label.js';
import { CLAIM_STATUSES, type ClaimStatus } from '../../domain/claims.js';
import { RELIABILITY_GRADES, type ReliabilityGrade } from '../../domain/grades.js';
import { LINK_KINDS, type LinkKind } from '../../domain/links.js';
import { SOURCE_KINDS, type SourceKind } from '../../domain/sources.js';
import { POLARITIES, STANCE_KINDS, type Polarity, type StanceKind } from '../../domain/stances.js';

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : value;

export const GRAPH_WALKS = ['all', 'links'] as const;
export type GraphWalk = (typeof GRAPH_WALKS)[number];

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

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 2000,
    default: 500,
    description:
      'At most this many claims and sources; the group nodes drawn around the sources come on top (at most one per source)',
  })
  @OptionalNotNull()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(2000)
  maxNodes: number = 500;

  @ApiPropertyOptional({
    enum: GRAPH_WALKS,
    default: 'all',
    description:
      'Which edges to follow: `all` (stances, links between claims, affiliations) or `links` (only the links between claims: the claims one depends on, is part of, contradicts or relates to, with no sources)',
  })
  @OptionalNotNull()
  @IsIn(GRAPH_WALKS)
  walk: GraphWalk = 'all';
}

const uuid = { type: String, format: 'uuid' } as const;

export class ClaimNodeDataDto {
  @ApiProperty(uuid) id!: string;
  @ApiProperty({ enum: ['claim'] }) type!: 'claim';
  @ApiProperty({
    description: `The statement, cut at a word to at most ${LABEL_LENGTH} characters (ending in "…" when cut)`,
  })
  label!: string;
  @ApiProperty({ description: 'The whole statement' }) statement!: string;
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
  @ApiProperty({
    example: 'group:…',
    description:
      "The id of its independence group's node, a compound node that holds every source of the group drawn",
  })
  parent!: string;
  @ApiProperty({ description: 'An unnamed source, counted with the relay that carries it' })
  anonymous!: boolean;
}

/**
 * An independence group: sources that answer to one root (an outlet and its reporters, a ministry
 * and its spokesman) count once. A compound node, the `parent` of its sources' nodes.
 */
export class GroupNodeDataDto {
  @ApiProperty({ example: 'group:…', description: '"group:" and the root source\'s id' })
  id!: string;
  @ApiProperty({ enum: ['group'] }) type!: 'group';
  @ApiProperty({ description: "The root source's name" }) label!: string;
  @ApiProperty({ ...uuid, description: 'The root source' }) group!: string;
}

export class StanceEdgeDataDto {
  @ApiProperty(uuid) id!: string;
  @ApiProperty({ enum: ['stance'] }) type!: 'stance';
  @ApiProperty({ ...uuid, description: 'The source' }) source!: string;
  @ApiProperty({ ...uuid, description: 'The claim' }) target!: string;
  @ApiProperty({ enum: STANCE_KINDS }) kind!: StanceKind;
  @ApiProperty({
    enum: POLARITIES,
    description:
      'What the stance does to the claim: support, refute, doubt, neutral, or withdrawn (a retraction)',
  })
  polarity!: Polarity;
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
  @ApiProperty({
    enum: ['refute', 'neutral'],
    description: '`refute` for `contradicts`; `neutral` for the others',
  })
  polarity!: 'refute' | 'neutral';
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

/** A union told apart by its `type`, each value naming its schema (so generated types say so). */
const oneOf = (types: Record<string, Type<unknown>>) => ({
  oneOf: Object.values(types).map((t) => ({ $ref: getSchemaPath(t) })),
  discriminator: {
    propertyName: 'type',
    mapping: Object.fromEntries(Object.entries(types).map(([k, t]) => [k, getSchemaPath(t)])),
  },
});

/**
 * A Cytoscape.js node: a claim, a source, or an independence group (the compound node its sources
 * are drawn in).
 */
@ApiExtraModels(ClaimNodeDataDto, SourceNodeDataDto, GroupNodeDataDto)
export class GraphNodeDto {
  @ApiProperty(
    oneOf({ claim: ClaimNodeDataDto, source: SourceNodeDataDto, group: GroupNodeDataDto }),
  )
  data!: ClaimNodeDataDto | SourceNodeDataDto | GroupNodeDataDto;
}

/**
 * A Cytoscape.js edge: a source's stance on a claim, a link between claims, an affiliation, or a
 * relay (a source that passed another's stance on).
 */
@ApiExtraModels(StanceEdgeDataDto, LinkEdgeDataDto, AffiliationEdgeDataDto, RelayEdgeDataDto)
export class GraphEdgeDto {
  @ApiProperty(
    oneOf({
      stance: StanceEdgeDataDto,
      link: LinkEdgeDataDto,
      affiliation: AffiliationEdgeDataDto,
      relay: RelayEdgeDataDto,
    }),
  )
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
