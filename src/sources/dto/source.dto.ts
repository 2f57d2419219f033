import { ApiProperty, ApiPropertyOptional, OmitType, PartialType, PickType } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsString,
  IsUUID,
  Length,
  MaxLength,
} from 'class-validator';
import {
  IsHttpUrl,
  LowerCaseId,
  NormaliseList,
  Nullable,
  OptionalNotNull,
  Trim,
} from '../../common/dto.js';
import { PageQueryDto } from '../../common/pagination.js';
import { DEFAULT_GRADE, RELIABILITY_GRADES, type ReliabilityGrade } from '../../domain/grades.js';
import { SOURCE_KINDS, type SourceKind } from '../../domain/sources.js';
import { type SourceEntity } from '../source.entity.js';
import { AuthorshipDto } from '../../common/authorship.dto.js';

const RELIABILITY_TEXT =
  'Admiralty grade: A completely reliable, B usually reliable, C fairly reliable, D not usually reliable, E unreliable, F cannot be judged';

const ANONYMOUS_TEXT =
  'An unnamed source ("unnamed U.S. officials", "a senior diplomat"): its stances count only together with the relay that carries them (`viaSourceId`), never as a voice of their own';

export class CreateSourceDto {
  @ApiProperty({ minLength: 1, maxLength: 200, example: 'Bahram Ghassemi' })
  @Trim()
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ enum: SOURCE_KINDS })
  @IsIn(SOURCE_KINDS)
  kind!: SourceKind;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 2000 })
  @Nullable()
  @IsString()
  @MaxLength(2000)
  description?: string | null;

  @ApiPropertyOptional({ type: String, isArray: true, maxItems: 20, example: ['Bahram Qasemi'] })
  @OptionalNotNull()
  @NormaliseList()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  aliases?: string[];

  @ApiPropertyOptional({ type: String, nullable: true, format: 'uri', maxLength: 2048 })
  @Nullable()
  @IsString()
  @IsHttpUrl()
  url?: string | null;

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The source this one speaks for or belongs to',
  })
  @Nullable()
  @LowerCaseId()
  @IsUUID('all')
  affiliatedWithId?: string | null;

  @ApiPropertyOptional({
    enum: RELIABILITY_GRADES,
    default: DEFAULT_GRADE,
    description: RELIABILITY_TEXT,
  })
  @OptionalNotNull()
  @IsIn(RELIABILITY_GRADES)
  reliability?: ReliabilityGrade;

  @ApiPropertyOptional({ default: false, description: ANONYMOUS_TEXT })
  @OptionalNotNull()
  @IsBoolean()
  anonymous?: boolean;
}

/** `POST /v1/sources`: a new source, refused when one of its names is another source's. */
export class NewSourceDto extends CreateSourceDto {
  @ApiPropertyOptional({
    default: false,
    description:
      "Create it even when its name or an alias is already another source's (ignoring case, accents, punctuation and spacing); otherwise that is 409 SOURCE_EXISTS",
  })
  @OptionalNotNull()
  @IsBoolean()
  allowDuplicate?: boolean;
}

/**
 * A source named instead of given by id (a stance's `source` or `via`): the source whose name or
 * alias folds to the same key, or else a new one made from these fields (then `kind` is needed).
 */
export class SourceRefDto extends OmitType(CreateSourceDto, ['kind', 'affiliatedWithId'] as const) {
  @ApiPropertyOptional({
    enum: SOURCE_KINDS,
    description: 'Needed only when no source has the name',
  })
  @OptionalNotNull()
  @IsIn(SOURCE_KINDS)
  kind?: SourceKind;
}

/** Every field optional; `null` clears the nullable ones. */
export class UpdateSourceDto extends PartialType(
  OmitType(CreateSourceDto, ['reliability', 'anonymous'] as const),
  // Absent leaves a field alone; null is refused unless the field is nullable (then it clears it).
  { skipNullProperties: false },
) {
  @ApiPropertyOptional({ enum: RELIABILITY_GRADES, description: RELIABILITY_TEXT })
  @OptionalNotNull()
  @IsIn(RELIABILITY_GRADES)
  reliability?: ReliabilityGrade;

  @ApiPropertyOptional({ description: ANONYMOUS_TEXT })
  @OptionalNotNull()
  @IsBoolean()
  anonymous?: boolean;

  @ApiPropertyOptional({
    default: false,
    description:
      "Rename even when the new name or an alias is already another source's; otherwise that is 409 SOURCE_EXISTS",
  })
  @OptionalNotNull()
  @IsBoolean()
  allowDuplicate?: boolean;
}

export class ListSourcesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: SOURCE_KINDS })
  @OptionalNotNull()
  @IsIn(SOURCE_KINDS)
  kind?: SourceKind;

  @ApiPropertyOptional({
    description:
      'Search names and aliases, ignoring case and accents and tolerating small misspellings ("Ghasemi" finds "Bahram Ghassemi"); best matches first',
    maxLength: 200,
  })
  @OptionalNotNull()
  @Trim()
  @IsString()
  @Length(1, 200)
  q?: string;
}

export class SourceResponseDto extends AuthorshipDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: SOURCE_KINDS }) kind!: SourceKind;
  @ApiProperty({ type: String, nullable: true }) description!: string | null;
  @ApiProperty({ type: String, isArray: true }) aliases!: string[];
  @ApiProperty({ type: String, nullable: true }) url!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) affiliatedWithId!: string | null;
  @ApiProperty({ enum: RELIABILITY_GRADES, description: RELIABILITY_TEXT })
  reliability!: ReliabilityGrade;
  @ApiProperty({ description: ANONYMOUS_TEXT }) anonymous!: boolean;
  @ApiProperty({
    format: 'uuid',
    description: 'Root of the affiliation chain: sources sharing it are one voice',
  })
  independenceGroupId!: string;
  @ApiProperty({ description: 'Increments on every change; send as If-Match to PATCH safely' })
  version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export function toSourceResponse(s: SourceEntity): SourceResponseDto {
  return {
    createdByKeyId: s.createdByKeyId,
    updatedByKeyId: s.updatedByKeyId,
    id: s.id,
    name: s.name,
    kind: s.kind,
    description: s.description,
    aliases: s.aliases,
    url: s.url,
    affiliatedWithId: s.affiliatedWithId,
    reliability: s.reliability,
    anonymous: s.anonymous,
    independenceGroupId: s.independenceGroupId,
    version: s.version,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}

/** A source by its names. */
export class SourceNamesDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, isArray: true }) aliases!: string[];
}

export class SourceMatchDto extends SourceNamesDto {
  @ApiProperty({
    minimum: 0,
    maximum: 1,
    description: 'Trigram similarity of the folded names (1: one of the names is the same)',
  })
  similarity!: number;
}

export class CreatedSourceResponseDto extends SourceResponseDto {
  @ApiProperty({
    type: () => SourceMatchDto,
    isArray: true,
    description:
      "Sources whose names are close to this one's (small misspellings, or the same name with allowDuplicate): check they are not the same source",
  })
  possibleDuplicates!: SourceMatchDto[];
}

/** Only `limit` of the paging parameters: the list is the most alike pairs, not pages of them. */
export class DuplicatesQueryDto extends PickType(PageQueryDto, ['limit'] as const) {}

export class DuplicatePairDto {
  @ApiProperty({ type: () => SourceNamesDto }) a!: SourceNamesDto;
  @ApiProperty({ type: () => SourceNamesDto }) b!: SourceNamesDto;
  @ApiProperty({ minimum: 0, maximum: 1, description: 'How alike their names are' })
  similarity!: number;
  @ApiProperty({
    description: 'A name or alias of one is a name or alias of the other, once folded',
  })
  sameName!: boolean;
}

export class DuplicatesResponseDto {
  @ApiProperty({ type: () => DuplicatePairDto, isArray: true, description: 'Most alike first' })
  items!: DuplicatePairDto[];
}

export class MergeSourceDto {
  @ApiProperty({ format: 'uuid', description: 'The source that survives' })
  @LowerCaseId()
  @IsUUID('all')
  into!: string;
}

export class SourceMergeResultDto {
  @ApiProperty({
    format: 'uuid',
    description: 'The source merged away; it now answers 410 naming the survivor',
  })
  mergedId!: string;

  @ApiProperty({
    type: () => SourceResponseDto,
    description: 'The survivor, with the merged source’s names among its aliases',
  })
  survivor!: SourceResponseDto;

  @ApiProperty({ type: String, isArray: true, format: 'uuid', description: 'Stances it took' })
  movedStanceIds!: string[];

  @ApiProperty({ type: String, isArray: true, format: 'uuid', description: 'Stances it relayed' })
  movedRelayIds!: string[];

  @ApiProperty({
    type: String,
    isArray: true,
    format: 'uuid',
    description: 'Sources affiliated with it, now affiliated with the survivor',
  })
  movedAffiliateIds!: string[];

  @ApiProperty({ type: String, isArray: true, description: 'Names the survivor gained as aliases' })
  addedAliases!: string[];

  @ApiProperty({ description: 'Claims re-evaluated' })
  claimsRecomputed!: number;
}
