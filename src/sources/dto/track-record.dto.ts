import { ApiProperty } from '@nestjs/swagger';
import { RELIABILITY_GRADES, type ReliabilityGrade } from '../../domain/grades.js';
import type { SourceEntity } from '../source.entity.js';

export class CategoryCountsDto {
  @ApiProperty() supporting!: number;
  @ApiProperty() refuting!: number;
  @ApiProperty() doubting!: number;
  @ApiProperty() neutral!: number;
}

/** A table by outcome (rows) and kind of effective stance (columns). */
export class OutcomeTableDto {
  @ApiProperty({ type: () => CategoryCountsDto }) true!: CategoryCountsDto;
  @ApiProperty({ type: () => CategoryCountsDto }) false!: CategoryCountsDto;
  @ApiProperty({ type: () => CategoryCountsDto }) unproven!: CategoryCountsDto;
}

export class SidesDto {
  @ApiProperty({ description: 'Sides (support or refute) taken on claims found true or false' })
  taken!: number;

  @ApiProperty({ description: 'Of those, the right side' })
  right!: number;
}

export class AccuracyDto {
  @ApiProperty({
    minimum: 0,
    maximum: 1,
    description:
      'How often its side is the right one, learned: its record over the prior its grade gives',
  })
  estimate!: number;

  @ApiProperty({ minimum: 0, maximum: 1, description: 'Lower end of a 95 % interval' })
  low!: number;

  @ApiProperty({ minimum: 0, maximum: 1, description: 'Upper end of a 95 % interval' })
  high!: number;
}

export class TrackRecordResponseDto {
  @ApiProperty({ format: 'uuid' }) sourceId!: string;
  @ApiProperty() sourceName!: string;

  @ApiProperty({
    description: 'Claims with a verdict (true, false or unproven) it took a stance on',
  })
  verdicts!: number;

  @ApiProperty({
    type: () => OutcomeTableDto,
    description: "Its effective stances on claims with a verdict, by the verdict's outcome",
  })
  counts!: OutcomeTableDto;

  @ApiProperty({ type: () => SidesDto }) sides!: SidesDto;
  @ApiProperty({ type: () => AccuracyDto }) accuracy!: AccuracyDto;

  @ApiProperty({
    type: () => OutcomeTableDto,
    description:
      'P(kind of stance | outcome) as the assessment uses it: its counts over its prior (all sources pooled, with its grade)',
  })
  matrix!: OutcomeTableDto;

  @ApiProperty({
    enum: RELIABILITY_GRADES,
    nullable: true,
    description:
      'The Admiralty grade whose probability is nearest the learned accuracy; null until it has taken 5 sides on claims found true or false',
  })
  impliedGrade!: ReliabilityGrade | null;

  @ApiProperty({ enum: RELIABILITY_GRADES, description: 'The grade analysts assigned' })
  assignedGrade!: ReliabilityGrade;

  @ApiProperty({ description: 'One sentence in plain English' })
  summary!: string;
}

const percent = (p: number): string => `${Math.round(p * 100)}%`;

/** A track record as the corroboration rules summarise it. */
type TrackRecordSummary = Omit<TrackRecordResponseDto, 'sourceId' | 'sourceName' | 'summary'>;

function describe(name: string, t: TrackRecordSummary): string {
  const learned = `learned accuracy ${percent(t.accuracy.estimate)} (95% interval ${percent(t.accuracy.low)}–${percent(t.accuracy.high)})`;
  if (t.verdicts === 0) {
    return `No claim ${name} spoke on has a verdict yet: it is taken to be as reliable as its grade ${t.assignedGrade} says, ${learned}.`;
  }
  const implied =
    t.impliedGrade === null
      ? `too few sides to imply a grade; assigned grade ${t.assignedGrade}`
      : t.impliedGrade === t.assignedGrade
        ? `which matches its assigned grade ${t.assignedGrade}`
        : `which implies grade ${t.impliedGrade}; assigned grade ${t.assignedGrade}`;
  const claims = t.verdicts === 1 ? '1 claim' : `${t.verdicts} claims`;
  return `On ${claims} with a verdict, ${name} took a side ${t.sides.taken} times on claims found true or false and was right ${t.sides.right} times: ${learned}, ${implied}.`;
}

export function toTrackRecordResponse(
  source: SourceEntity,
  t: TrackRecordSummary,
): TrackRecordResponseDto {
  return {
    sourceId: source.id,
    sourceName: source.name,
    verdicts: t.verdicts,
    counts: t.counts,
    sides: t.sides,
    accuracy: t.accuracy,
    matrix: t.matrix,
    impliedGrade: t.impliedGrade,
    assignedGrade: t.assignedGrade,
    summary: describe(source.name, t),
  };
}
