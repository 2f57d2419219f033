import type { ServerResponse } from 'node:http';
import { Injectable } from '@nestjs/common';
import { parseInstant } from '../common/dto.js';
import { CommonErrors, DomainError } from '../domain/errors.js';
import type { EventsQueryDto } from './dto/events.dto.js';
import { parseEventId, START, type EventFilter, type Position } from './event-log.js';
import { EventStream } from './event-stream.js';
import { EventHub } from './event-hub.js';
import { RETENTION_DAYS } from './event-pruner.js';
import { EventErrors } from './events.errors.js';
import { EventsRepository } from './events.repository.js';
import { StreamRegistry, type StreamCaller } from './stream-registry.js';

/** GET /v1/events: where a client's stream starts, and whether it follows live events or ends. */
@Injectable()
export class EventsService {
  constructor(
    private readonly repo: EventsRepository,
    private readonly hub: EventHub,
    private readonly streams: StreamRegistry,
  ) {}

  /**
   * Answers on `res` (node's response, whatever framework took the request): for HEAD only the
   * headers, else the stream, counted against `caller` (see StreamRegistry.admit).
   */
  async streamEvents(
    request: { head: boolean; caller: StreamCaller; lastEventIdHeader: string | undefined },
    res: ServerResponse,
    query: EventsQueryDto,
  ): Promise<void> {
    const { lastEventIdHeader } = request;
    if (!this.hub.ready) {
      throw new DomainError(
        EventErrors.EVENTS_UNAVAILABLE,
        'The server is starting, stopping or cannot read its event log; reconnect shortly.',
      );
    }
    const filter: EventFilter = { claimId: query.claimId, types: query.types };
    if (request.head) {
      await this.startingPoint(lastEventIdHeader, query);
      const stream = new EventStream(res, this.streams.streamOptions);
      stream.open();
      return stream.end();
    }
    // Admitted (or refused) before anything touches the database; the slot is freed when the
    // response ends, whether it streamed or answered a problem.
    const stream = this.streams.admit(request.caller, res);
    const start = await this.startingPoint(lastEventIdHeader, query);
    if (query.follow) return this.hub.follow(stream, start, filter);
    return this.hub.replay(stream, start, filter);
  }

  /**
   * Where a stream starts: after the event the client names (the Last-Event-ID header, else the
   * `lastEventId` query), at the oldest kept event for 0, at the first event written at or after
   * `since`, or — undefined — at "now".
   */
  private async startingPoint(
    header: string | undefined,
    query: Pick<EventsQueryDto, 'lastEventId' | 'since'>,
  ): Promise<Position | undefined> {
    const named = header !== undefined && header.trim() !== '';
    if (!named && query.since !== undefined) {
      if (query.lastEventId !== undefined) {
        throw new DomainError(
          CommonErrors.VALIDATION_FAILED,
          'Give lastEventId or since, not both: one names an event, the other a moment.',
          [{ field: 'since', message: 'must not be given with lastEventId' }],
        );
      }
      // Validated as an instant by the DTO, which reads it the same way.
      return this.positionSince(parseInstant(query.since)!);
    }
    const [field, text] = named
      ? ['Last-Event-ID', header.trim()]
      : ['lastEventId', query.lastEventId];
    if (text === undefined) return undefined;
    const id = parseEventId(text);
    const invalid = (detail: string) =>
      new DomainError(EventErrors.INVALID_LAST_EVENT_ID, detail, [
        { field, message: 'must be the id of an event this server sent' },
      ]);
    if (id === undefined)
      throw invalid(
        `${field} must be an event id (a whole number of at most 19 digits, no sign), or 0 for the oldest kept event.`,
      );
    if (id === 0n) return START;
    const position = await this.repo.findEventPosition(id);
    if (position) return position;
    const { oldestKept, lastIssued } = await this.repo.findIdRange();
    if (lastIssued !== null && id <= lastIssued && (oldestKept === null || id < oldestKept)) {
      throw new DomainError(
        EventErrors.EVENTS_EXPIRED,
        `Events are kept for ${RETENTION_DAYS} days and those after ${id} are gone. Reload what you show (GET /v1/claims?updatedSince=…), then reconnect without Last-Event-ID.`,
      );
    }
    throw invalid(`No event has id ${id}.`);
  }

  /** The start for `since`: only within the days events are kept, since older ones may be gone. */
  private positionSince(since: Date): Promise<Position> {
    const oldestPromised = Date.now() - RETENTION_DAYS * 24 * 3600_000;
    if (since.getTime() < oldestPromised) {
      throw new DomainError(
        EventErrors.EVENTS_EXPIRED,
        `Events are kept for ${RETENTION_DAYS} days, so those since ${since.toISOString()} may be gone. Reload what you show (GET /v1/claims?updatedSince=…), then ask for events since a moment within the last ${RETENTION_DAYS} days.`,
      );
    }
    return this.repo.findPositionSince(since);
  }
}
