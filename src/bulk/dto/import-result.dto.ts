import { ApiProperty } from '@nestjs/swagger';

/** An answer lists the ids of the file's keys up to this many. */
export const MAX_KEYS_ANSWERED = 1000;

export class ImportCountsDto {
  @ApiProperty() sources!: number;
  @ApiProperty() claims!: number;
  @ApiProperty() stances!: number;
  @ApiProperty() links!: number;
  @ApiProperty({ description: 'Editors’ verdicts' }) reviews!: number;
}

export class ImportResultDto {
  @ApiProperty({
    format: 'uuid',
    description:
      'Names the import in the audit trail (entityType "import") and in claim history (causeId)',
  })
  importId!: string;

  @ApiProperty({ description: 'Lines read, blank ones included' })
  lines!: number;

  @ApiProperty({ type: () => ImportCountsDto, description: 'Records stored, by type' })
  created!: ImportCountsDto;

  @ApiProperty({
    description:
      'Claims whose status, score and counts were recomputed because stances were added to them',
  })
  claimsRecomputed!: number;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string', format: 'uuid' },
    nullable: true,
    description: `The id of each keyed source and claim, when the file has at most ${MAX_KEYS_ANSWERED} keys (null otherwise: give records an "id" to know it beforehand)`,
  })
  keys!: Record<string, string> | null;
}
