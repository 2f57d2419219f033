import { ActorRefDto, actorRef } from '../../common/authorship.dto.js';
import { ApiProperty } from '@nestjs/swagger';
import { CLAIM_STATUSES, HISTORY_CAUSES, type ClaimStatus } from '../../domain/claims.js';
import type { ClaimHistoryEntity } from '../claim-history.entity.js';
import { TallyDto } from './corroboration-response.dto.js';

export class HistoryEntryResponseDto {
  @ApiProperty() id!: number;
  @ApiProperty({ enum: CLAIM_STATUSES, nullable: true, description: 'Null on the creation entry' })
  fromStatus!: ClaimStatus | null;
  @ApiProperty({ enum: CLAIM_STATUSES }) toStatus!: ClaimStatus;
  @ApiProperty({ type: Number, nullable: true }) fromScore!: number | null;
  @ApiProperty() toScore!: number;
  @ApiProperty({ type: () => TallyDto }) support!: TallyDto;
  @ApiProperty({ type: () => TallyDto }) refute!: TallyDto;
  @ApiProperty({ enum: HISTORY_CAUSES, description: 'The kind of write that caused it' })
  cause!: string;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The stance, source or claim written',
  })
  causeId!: string | null;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The API key that wrote it',
  })
  keyId!: string | null;
  @ApiProperty({
    type: () => ActorRefDto,
    nullable: true,
    description:
      'Who wrote it: the key and its name (null when no key did: a recompute, the server)',
  })
  actor!: ActorRefDto | null;
  @ApiProperty({ type: String, nullable: true }) requestId!: string | null;
  @ApiProperty({ format: 'date-time' }) changedAt!: string;
}

export const toHistoryEntryResponse = (
  h: ClaimHistoryEntity,
  names: ReadonlyMap<string, string>,
): HistoryEntryResponseDto => ({
  id: h.id,
  fromStatus: h.fromStatus,
  toStatus: h.toStatus,
  fromScore: h.fromScore,
  toScore: h.toScore,
  support: { groups: h.supportGroups, sources: h.supportSources },
  refute: { groups: h.refuteGroups, sources: h.refuteSources },
  cause: h.cause,
  causeId: h.causeId,
  keyId: h.keyId,
  actor: actorRef(h.keyId, names),
  requestId: h.requestId,
  changedAt: h.changedAt.toISOString(),
});
