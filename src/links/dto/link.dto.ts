import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, IsUUID, MaxLength } from 'class-validator';
import { LowerCaseId, Nullable, OptionalNotNull } from '../../common/dto.js';
import { PageQueryDto } from '../../common/pagination.js';
import { LINK_KINDS, type LinkKind } from '../../domain/links.js';
import { type ClaimLinkEntity } from '../claim-link.entity.js';
import { AuthorshipDto } from '../../common/authorship.dto.js';

const KIND_TEXT =
  'part_of: this claim is a sub-claim of the target; depends_on: true only if the target is true; contradicts: both cannot be true; related';

export class CreateLinkDto {
  @ApiProperty({ format: 'uuid', description: 'The claim this one links to' })
  @LowerCaseId()
  @IsUUID('all')
  toClaimId!: string;

  @ApiProperty({ enum: LINK_KINDS, description: KIND_TEXT })
  @IsIn(LINK_KINDS)
  kind!: LinkKind;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 2000 })
  @Nullable()
  @IsString()
  @MaxLength(2000)
  note?: string | null;
}

export const LINK_DIRECTIONS = ['out', 'in', 'both'] as const;
export type LinkDirection = (typeof LINK_DIRECTIONS)[number];

export class ListLinksQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    enum: LINK_DIRECTIONS,
    default: 'both',
    description: 'out: from this claim; in: to it',
  })
  @OptionalNotNull()
  @IsIn(LINK_DIRECTIONS)
  direction: LinkDirection = 'both';

  @ApiPropertyOptional({ enum: LINK_KINDS })
  @OptionalNotNull()
  @IsIn(LINK_KINDS)
  kind?: LinkKind;
}

export class LinkResponseDto extends AuthorshipDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) fromClaimId!: string;
  @ApiProperty({ format: 'uuid' }) toClaimId!: string;
  @ApiProperty({ enum: LINK_KINDS }) kind!: LinkKind;
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export function toLinkResponse(l: ClaimLinkEntity): LinkResponseDto {
  return {
    createdByKeyId: l.createdByKeyId,
    updatedByKeyId: l.updatedByKeyId,
    id: l.id,
    fromClaimId: l.fromClaimId,
    toClaimId: l.toClaimId,
    kind: l.kind,
    note: l.note,
    createdAt: l.createdAt.toISOString(),
  };
}
