import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsObject,
  IsString,
  IsUUID,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  IsHttpUrl,
  IsInstant,
  LowerCaseId,
  NotWith,
  Nullable,
  OptionalNotNull,
} from '../../common/dto.js';
import { SourceRefDto } from '../../sources/dto/source.dto.js';
import { PageQueryDto } from '../../common/pagination.js';
import {
  POLARITY,
  POLARITIES,
  STANCE_KINDS,
  type Polarity,
  type StanceKind,
} from '../../domain/stances.js';
import type { StanceEntity } from '../stance.entity.js';
import { AuthorshipDto } from '../../common/authorship.dto.js';

/** How far ahead of the server's clock a `statedAt` may be (clock skew between machines). */
export const MAX_FUTURE_MS = 5 * 60 * 1000;

const KIND_TEXT =
  'asserts/confirms support the claim, denies refutes it, questions doubts it, reports and declines_to_confirm are neutral, retracts withdraws the source’s earlier position';

/** The body of a new stance; also each item of a claim's inline `stances`. */
export class CreateStanceDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The source taking the position; or name it with `source` instead',
  })
  @ValidateIf((o?: CreateStanceDto) => o?.source === undefined)
  @LowerCaseId()
  @IsUUID('all')
  sourceId?: string;

  @ApiPropertyOptional({
    type: () => SourceRefDto,
    description:
      "The source by name instead of by id: the source whose name or alias is the same (ignoring case, accents, punctuation and spacing), or else a new source made from these fields (then `kind` is needed). The answer's `resolved.source` says which.",
  })
  @OptionalNotNull()
  @NotWith('sourceId')
  @IsObject()
  @ValidateNested()
  @Type(() => SourceRefDto)
  source?: SourceRefDto;

  @ApiProperty({ enum: STANCE_KINDS, description: KIND_TEXT })
  @IsIn(STANCE_KINDS)
  kind!: StanceKind;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'When the source took this position; default now; at most 5 minutes ahead',
  })
  @OptionalNotNull()
  @IsInstant({ maxFutureMs: MAX_FUTURE_MS })
  statedAt?: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 5000 })
  @Nullable()
  @IsString()
  @MaxLength(5000)
  quote?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, format: 'uri', maxLength: 2048 })
  @Nullable()
  @IsString()
  @IsHttpUrl()
  evidenceUrl?: string | null;

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The source that relayed it',
  })
  @Nullable()
  @LowerCaseId()
  @IsUUID('all')
  viaSourceId?: string | null;

  @ApiPropertyOptional({
    type: () => SourceRefDto,
    description:
      "The relay by name instead of `viaSourceId`, matched or created as `source` is. The answer's `resolved.via` says which.",
  })
  @OptionalNotNull()
  @NotWith('viaSourceId')
  @IsObject()
  @ValidateNested()
  @Type(() => SourceRefDto)
  via?: SourceRefDto;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 5000 })
  @Nullable()
  @IsString()
  @MaxLength(5000)
  note?: string | null;
}

/** A correction of a stance already logged. Its claim and source stay; `null` clears a field. */
export class UpdateStanceDto extends PartialType(
  OmitType(CreateStanceDto, ['sourceId', 'source', 'via', 'statedAt'] as const),
  // Absent leaves a field alone; null is refused unless the field is nullable (then it clears it).
  { skipNullProperties: false },
) {
  @ApiPropertyOptional({ format: 'date-time' })
  @OptionalNotNull()
  @IsInstant({ maxFutureMs: MAX_FUTURE_MS })
  statedAt?: string;
}

export class ListStancesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Only the latest stance of each source' })
  @OptionalNotNull()
  @Transform(({ value }: { value: unknown }) =>
    value === 'true' ? true : value === 'false' ? false : value,
  )
  @IsBoolean()
  effective?: boolean;
}

export class ResolvedSourceDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({
    enum: ['matched', 'created'],
    description: 'matched: an existing source has the name; created: a new source was made',
  })
  outcome!: 'matched' | 'created';
}

export class ResolvedSourcesDto {
  @ApiPropertyOptional({ type: () => ResolvedSourceDto }) source?: ResolvedSourceDto;
  @ApiPropertyOptional({ type: () => ResolvedSourceDto }) via?: ResolvedSourceDto;
}

export class StanceResponseDto extends AuthorshipDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) claimId!: string;
  @ApiProperty({ format: 'uuid' }) sourceId!: string;
  @ApiProperty({ enum: STANCE_KINDS }) kind!: StanceKind;
  @ApiProperty({ enum: POLARITIES, description: 'What the kind means for the claim' })
  polarity!: Polarity;
  @ApiProperty({ format: 'date-time' }) statedAt!: string;
  @ApiProperty({ format: 'date-time', description: 'When it entered Claimgraph' })
  recordedAt!: string;
  @ApiProperty({ format: 'date-time', description: 'When it was last corrected' })
  updatedAt!: string;
  @ApiProperty({ type: String, nullable: true }) quote!: string | null;
  @ApiProperty({ type: String, nullable: true }) evidenceUrl!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) viaSourceId!: string | null;
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
  @ApiPropertyOptional({
    type: () => ResolvedSourcesDto,
    description:
      'Only in the answer to a write that named its source or relay: which source each name was matched to, or that it was created',
  })
  resolved?: ResolvedSourcesDto;
}

export function toStanceResponse(s: StanceEntity): StanceResponseDto {
  return {
    createdByKeyId: s.createdByKeyId,
    updatedByKeyId: s.updatedByKeyId,
    id: s.id,
    claimId: s.claimId,
    sourceId: s.sourceId,
    kind: s.kind,
    polarity: POLARITY[s.kind],
    statedAt: s.statedAt.toISOString(),
    recordedAt: s.recordedAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
    quote: s.quote,
    evidenceUrl: s.evidenceUrl,
    viaSourceId: s.viaSourceId,
    note: s.note,
  };
}
