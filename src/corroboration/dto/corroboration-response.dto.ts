import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  CLAIM_STATUSES,
  GROUP_POSITIONS,
  type ClaimStatus,
  type GroupPosition,
} from '../../domain/claims.js';
import { RELIABILITY_GRADES, type ReliabilityGrade } from '../../domain/grades.js';
import { STANCE_KINDS, type StanceKind } from '../../domain/stances.js';
import { type Evaluation } from '../evaluation.js';
import type { ClaimHistoryEntity } from '../claim-history.entity.js';
import { OUTCOMES, type Outcome } from '../../domain/outcomes.js';
import type { Assessment } from '../track-records.js';
import { describeAssessment, describeContribution } from '../status.wording.js';

export class TallyDto {
  @ApiProperty({ description: 'Independence groups on this side' })
  groups!: number;

  @ApiProperty({ description: 'Sources whose effective stance is on this side' })
  sources!: number;
}

export class OutcomeProbabilitiesDto {
  @ApiProperty({ minimum: 0, maximum: 1 }) true!: number;
  @ApiProperty({ minimum: 0, maximum: 1 }) false!: number;
  @ApiProperty({ minimum: 0, maximum: 1 }) unproven!: number;
}

export class AssessmentBasisDto {
  @ApiProperty({
    description: "Editors' verdicts the track records were learned from (never the claim's own)",
  })
  verdicts!: number;

  @ApiProperty({ description: 'Independence groups that voted' })
  groups!: number;
}

/**
 * The learned prediction of the verdict, beside the rules' status and score (which it does not
 * change): from the track records of the claim's sources, each independence group voting once.
 */
export class AssessmentDto {
  @ApiProperty({ enum: OUTCOMES, description: 'The most probable outcome' })
  likely!: Outcome;

  @ApiProperty({ type: () => OutcomeProbabilitiesDto })
  probabilities!: OutcomeProbabilitiesDto;

  @ApiProperty({ type: () => AssessmentBasisDto })
  basis!: AssessmentBasisDto;

  @ApiProperty({
    format: 'date-time',
    description:
      'When it was computed. Stored assessments follow each change within the refresh bound (docs/design.md); an explanation computes it when asked',
  })
  computedAt!: string;

  @ApiProperty({ description: 'One sentence in plain English' })
  summary!: string;
}

/** What one group's vote contributes to the assessment, from its members' track records. */
export class GroupLearnedDto {
  @ApiProperty({ enum: OUTCOMES, description: 'The outcome its vote alone favours' })
  leans!: Outcome;

  @ApiProperty({
    type: () => OutcomeProbabilitiesDto,
    description: 'Its vote alone, from even odds',
  })
  probabilities!: OutcomeProbabilitiesDto;

  @ApiProperty({
    description: "Verdicts its members' track records rest on (each member's counted separately)",
  })
  verdicts!: number;

  @ApiProperty()
  summary!: string;
}

const round = (p: number): number => Math.round(p * 1e6) / 1e6;

export function toAssessmentResponse(
  a: Pick<Assessment, 'likely' | 'probabilities' | 'basis'>,
  computedAt: Date,
): AssessmentDto {
  return {
    likely: a.likely,
    probabilities: {
      true: round(a.probabilities.true),
      false: round(a.probabilities.false),
      unproven: round(a.probabilities.unproven),
    },
    basis: { verdicts: a.basis.verdicts, groups: a.basis.groups },
    computedAt: computedAt.toISOString(),
    summary: describeAssessment({
      likely: a.likely,
      probability: a.probabilities[a.likely],
      verdicts: a.basis.verdicts,
      groups: a.basis.groups,
    }),
  };
}

/** An assessment as stored beside its claim. */
interface StoredAssessment {
  likely: Outcome;
  pTrue: number;
  pFalse: number;
  pUnproven: number;
  verdicts: number;
  groups: number;
  computedAt: Date;
}

export const toStoredAssessmentResponse = (a: StoredAssessment): AssessmentDto =>
  toAssessmentResponse(
    {
      likely: a.likely,
      probabilities: { true: a.pTrue, false: a.pFalse, unproven: a.pUnproven },
      basis: { verdicts: a.verdicts, groups: a.groups },
    },
    a.computedAt,
  );

export class CountedWithDto {
  @ApiProperty({
    enum: ['anonymous', 'relayed'],
    description:
      'anonymous: an unnamed source counted with the relay that carried it; relayed: a relay whose own stance is counted with the sources it passed on',
  })
  reason!: 'anonymous' | 'relayed';

  @ApiProperty({
    type: String,
    isArray: true,
    description: 'anonymous: the relay; relayed: the sources it passed on on this side',
  })
  sourceNames!: string[];
}

export class MemberStanceDto {
  @ApiProperty({ format: 'uuid' }) sourceId!: string;
  @ApiProperty() sourceName!: string;
  @ApiProperty({ enum: RELIABILITY_GRADES }) reliability!: ReliabilityGrade;
  @ApiProperty({ format: 'uuid' }) stanceId!: string;
  @ApiProperty({ enum: STANCE_KINDS }) kind!: StanceKind;
  @ApiProperty({ format: 'date-time' }) statedAt!: string;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The source this stance came through',
  })
  viaSourceId!: string | null;
  @ApiProperty({ type: String, nullable: true }) viaSourceName!: string | null;
  @ApiProperty({ description: 'The source is unnamed ("unnamed officials")' }) anonymous!: boolean;
  @ApiPropertyOptional({
    type: () => CountedWithDto,
    description:
      "Why this stance is counted in this group rather than its source's own; absent when it is its source's own group",
  })
  countedWith?: CountedWithDto;
}

export class GroupExplanationDto {
  @ApiProperty({
    format: 'uuid',
    description:
      'The independence group the members are counted in: the root source of an affiliation chain (see countedWith on members counted with a relay)',
  })
  groupId!: string;

  @ApiProperty({ description: 'Name of the root source' })
  groupName!: string;

  @ApiProperty({ enum: GROUP_POSITIONS })
  position!: GroupPosition;

  @ApiProperty({ description: 'Members stand on both sides; position is the side taken last' })
  split!: boolean;

  @ApiProperty({ description: "The group's signed contribution to the score's log-odds" })
  weight!: number;

  @ApiProperty({
    type: () => MemberStanceDto,
    isArray: true,
    description: "Members' effective stances",
  })
  members!: MemberStanceDto[];

  @ApiProperty()
  summary!: string;

  @ApiProperty({
    type: () => GroupLearnedDto,
    description: "The group's learned contribution to the assessment",
  })
  learned!: GroupLearnedDto;
}

export class CorroborationResponseDto {
  @ApiProperty({ format: 'uuid' }) claimId!: string;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'The moment of the story answered for; null for now',
  })
  asOf!: string | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Set when answering what Claimgraph showed at that moment',
  })
  knownAt!: string | null;

  @ApiProperty({ enum: CLAIM_STATUSES }) status!: ClaimStatus;
  @ApiProperty({ minimum: 0, maximum: 1 }) score!: number;
  @ApiProperty({ type: () => TallyDto }) support!: TallyDto;
  @ApiProperty({ type: () => TallyDto }) refute!: TallyDto;
  @ApiProperty({ description: 'One sentence in plain English' }) summary!: string;
  @ApiProperty({ type: () => GroupExplanationDto, isArray: true }) groups!: GroupExplanationDto[];

  @ApiPropertyOptional({
    type: () => AssessmentDto,
    description:
      "The learned prediction from the track records as they stand (with the stances as of asOf when given); absent with knownAt, whose history keeps no assessment. The claim's own verdict never feeds it",
  })
  assessment?: AssessmentDto;
}

export function toCorroborationResponse(
  claimId: string,
  e: Evaluation,
  assessment: Assessment,
  asOf?: Date,
): CorroborationResponseDto {
  const learned = new Map(assessment.contributions.map((c) => [c.groupId, c]));
  return {
    claimId,
    asOf: asOf ? asOf.toISOString() : null,
    knownAt: null,
    status: e.status,
    score: e.score,
    support: e.support,
    refute: e.refute,
    summary: asOf ? `As of ${asOf.toISOString()}: ${e.summary}` : e.summary,
    assessment: toAssessmentResponse(assessment, new Date()),
    groups: e.groups.map((g) => ({
      groupId: g.groupId,
      groupName: g.groupName,
      position: g.position,
      split: g.split,
      weight: g.weight,
      summary: g.summary,
      members: g.members.map((m) => ({
        sourceId: m.sourceId,
        sourceName: m.sourceName,
        reliability: m.reliability,
        stanceId: m.stanceId,
        kind: m.kind,
        statedAt: m.statedAt.toISOString(),
        viaSourceId: m.via?.sourceId ?? null,
        viaSourceName: m.via?.sourceName ?? null,
        anonymous: m.anonymous ?? false,
        ...(m.countedWith && {
          countedWith:
            m.countedWith.reason === 'anonymous'
              ? { reason: 'anonymous' as const, sourceNames: [m.countedWith.relay] }
              : { reason: 'relayed' as const, sourceNames: m.countedWith.relayed },
        }),
      })),
      learned: toGroupLearned(learned.get(g.groupId)!),
    })),
  };
}

function toGroupLearned(c: Assessment['contributions'][number]): GroupLearnedDto {
  return {
    leans: c.leans,
    probabilities: {
      true: round(c.probabilities.true),
      false: round(c.probabilities.false),
      unproven: round(c.probabilities.unproven),
    },
    verdicts: c.verdicts,
    summary: describeContribution({
      leans: c.leans,
      probability: c.probabilities[c.leans],
      verdicts: c.verdicts,
    }),
  };
}

/**
 * What Claimgraph showed at `knownAt`, from the claim's history. The history keeps status, score and
 * counts, not the groups behind them, so `groups` is empty.
 */
export function toKnownAtResponse(
  claimId: string,
  h: ClaimHistoryEntity,
  knownAt: Date,
): CorroborationResponseDto {
  return {
    claimId,
    asOf: null,
    knownAt: knownAt.toISOString(),
    status: h.toStatus,
    score: h.toScore,
    support: { groups: h.supportGroups, sources: h.supportSources },
    refute: { groups: h.refuteGroups, sources: h.refuteSources },
    summary: `At ${knownAt.toISOString()} Claimgraph showed this claim as ${h.toStatus} (score ${h.toScore.toFixed(3)}), as of its change at ${h.changedAt.toISOString()}.`,
    groups: [],
  };
}
