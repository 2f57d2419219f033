import { Controller, Get, Headers, Query, Req, Res } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiResponse,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { actorOf, addressOf, sessionOf } from '../common/auth.decorators.js';
import { takeOver } from '../common/http.js';
import { ApiProblems, ProblemDto } from '../common/openapi.js';
import { EventDto, EventsQueryDto } from './dto/events.dto.js';
import { EventsService } from './events.service.js';

const problem = (status: number, description: string) => ({
  status,
  description,
  content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDto) } } },
});

@ApiTags('events')
@Controller('v1/events')
export class EventsController {
  constructor(private readonly events: EventsService) {}

  @Get()
  @ApiOperation({
    summary:
      'Live events as Server-Sent Events: claims created, stances added, statuses changed, verdicts, links, merges, source changes',
    description:
      'A text/event-stream: each event has `id:` (resume after it with Last-Event-ID), `event:` (its type) and `data:` (JSON). ' +
      'Without Last-Event-ID (or `since`, a moment) the stream starts now. A comment line every 15 s keeps it open. ' +
      'Events are kept 7 days; resuming from an older one is 410 EVENTS_EXPIRED. ' +
      'Streams are capped per API key (per address for anonymous callers) and per server; a client that stops reading is cut off, ' +
      'and the streams of a revoked key, or of a session signed out, end.',
  })
  @ApiProduces('text/event-stream')
  @ApiHeader({
    name: 'Last-Event-ID',
    required: false,
    description: 'Resume after this event (0: from the oldest kept)',
  })
  @ApiExtraModels(EventDto)
  @ApiOkResponse({
    description: 'The stream; each `data:` line is one EventDto',
    content: { 'text/event-stream': { schema: { $ref: getSchemaPath(EventDto) } } },
  })
  @ApiProblems(400)
  @ApiResponse(
    problem(
      410,
      'EVENTS_EXPIRED: the events after Last-Event-ID, or since that moment, are no longer kept',
    ),
  )
  @ApiResponse(
    problem(
      429,
      'EVENTS_TOO_MANY_STREAMS: this API key (or address, for anonymous callers) has as many streams open as it may; see Retry-After',
    ),
  )
  @ApiResponse(
    problem(
      503,
      'EVENTS_AT_CAPACITY, EVENTS_UNAVAILABLE or DATABASE_UNAVAILABLE: reconnect after Retry-After',
    ),
  )
  streamEvents(
    @Query() query: EventsQueryDto,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    return this.events.streamEvents(
      {
        head: req.method === 'HEAD',
        caller: {
          keyId: actorOf(req)?.keyId ?? null,
          address: addressOf(req),
          sessionId: sessionOf(req)?.id ?? null,
        },
        lastEventIdHeader: lastEventId,
      },
      takeOver(reply),
      query,
    );
  }
}
