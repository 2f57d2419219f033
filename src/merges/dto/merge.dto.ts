import { LINK_KINDS, type LinkKind } from '../../domain/links.js';
import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { LowerCaseId } from '../../common/dto.js';
import { ClaimResponseDto } from '../../claims/dto/claim.dto.js';

export class MergeClaimDto {
  @ApiProperty({ format: 'uuid', description: 'The claim that survives' })
  @LowerCaseId()
  @IsUUID('all')
  into!: string;
}

export class MovedLinkDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) fromClaimId!: string;
  @ApiProperty({ format: 'uuid' }) toClaimId!: string;
  @ApiProperty({ enum: LINK_KINDS }) kind!: LinkKind;
}

export class MergeResultDto {
  @ApiProperty({
    format: 'uuid',
    description: 'The claim merged away; it now answers 410 naming the survivor',
  })
  mergedId!: string;

  @ApiProperty({
    type: () => ClaimResponseDto,
    description: 'The survivor, re-evaluated with the moved stances',
  })
  survivor!: ClaimResponseDto;

  @ApiProperty({ type: String, isArray: true, format: 'uuid' }) movedStanceIds!: string[];
  @ApiProperty({
    type: () => MovedLinkDto,
    isArray: true,
    description: 'Links re-pointed to the survivor, with their old ends',
  })
  movedLinks!: MovedLinkDto[];
  @ApiProperty({
    type: String,
    isArray: true,
    format: 'uuid',
    description: 'Links dropped: between the two claims, or duplicating one the survivor had',
  })
  droppedLinkIds!: string[];
}
