import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsString,
  IsUUID,
  MaxLength,
} from 'class-validator';
import { IsInstant, LowerCaseId, OptionalNotNull, toCommaList } from '../../common/dto.js';
import { EVENT_TYPES, type EventType } from '../event-log.js';

const toBoolean = ({ value }: { value: unknown }): unknown =>
  value === 'true' ? true : value === 'false' ? false : value;

export class EventsQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only events about this claim' })
  @OptionalNotNull()
  @LowerCaseId()
  @IsUUID('all')
  claimId?: string;

  @ApiPropertyOptional({
    type: String,
    example: 'claim.created,claim.status_changed',
    description: `Only events of these types, comma-separated: ${EVENT_TYPES.join(', ')}`,
  })
  @OptionalNotNull()
  @Transform(toCommaList)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(EVENT_TYPES.length)
  @IsIn(EVENT_TYPES, {
    each: true,
    message: `types must be a comma-separated list of ${EVENT_TYPES.join(', ')}`,
  })
  types?: EventType[];

  @ApiPropertyOptional({
    example: '1024',
    description:
      'Resume after this event, for clients that cannot send the Last-Event-ID header (the header wins when both are given)',
  })
  @OptionalNotNull()
  @IsString()
  @MaxLength(64)
  lastEventId?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    example: '2026-12-05T08:00:00Z',
    description:
      'Start from the events written at or after this moment (with perhaps a few from just before it, never a gap), for activity views and pollers that keep a time rather than an event id. ' +
      'Not with lastEventId; a Last-Event-ID header wins over it (an EventSource that reconnects resumes where it was). Within the 7 days events are kept, else 410 EVENTS_EXPIRED',
  })
  @OptionalNotNull()
  @IsInstant({ maxFutureMs: 5 * 60_000 })
  since?: string;

  @ApiPropertyOptional({
    default: true,
    description:
      'false: send the events after Last-Event-ID that exist now, then end the response (polling clients)',
  })
  @OptionalNotNull()
  @Transform(toBoolean)
  @IsBoolean()
  follow: boolean = true;
}

/** The JSON in an event's `data:` line. */
export class EventDto {
  @ApiProperty({
    example: '1024',
    description: 'The event id, also sent as the SSE `id:`: resume after it with Last-Event-ID',
  })
  id!: string;

  @ApiProperty({ enum: EVENT_TYPES, description: 'Also sent as the SSE `event:`' })
  type!: EventType;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description:
      "The claim it is about (null for import.completed and source.changed; a link's events come once for each of its claims)",
  })
  claimId!: string | null;

  @ApiProperty({
    format: 'date-time',
    description: 'When the change was made (its transaction began)',
  })
  at!: string;

  @ApiProperty({
    type: Object,
    additionalProperties: true,
    description:
      'claim.created: statement, tags, language, status, score. stance.added: stanceId, sourceId, kind, statedAt, viaSourceId. ' +
      'claim.status_changed: from, to, fromScore, score, statement. import.completed: what the import wrote. ' +
      'review.recorded: reviewId, verdict, statusAtReview, reviewerKeyId. review.withdrawn: reviewId, verdict. link.added, link.removed: linkId, fromClaimId, toClaimId, kind. ' +
      'claim.merged: into, statement. claim.unmerged: from, statement. ' +
      'source.changed: sourceId, name, reliability, affiliatedWithId, groupId, mergedIntoId, changed (which of those moved).',
  })
  data!: Record<string, unknown>;
}
