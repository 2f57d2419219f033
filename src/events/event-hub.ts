import { EventEmitter } from 'node:events';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import {
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { HttpAdapterHost } from '@nestjs/core';
import type { AppConfig } from '../config/env.js';
import { isEmbedded } from '../database/data-source.js';
import {
  comparePositions,
  isAfter,
  matchesFilter,
  positionOf,
  type EventFilter,
  type Position,
  type StoredEvent,
} from './event-log.js';
import { EventStream } from './event-stream.js';
import { EventsRepository } from './events.repository.js';
import { NotificationListener } from './notification-listener.js';

/** Events per query, for the instance's reads and for a client's catch-up alike. */
export const PAGE_SIZE = 500;
/** The safety net under the wake-ups, and how writes made outside the API (plain SQL) are found. */
const POLL_MS = 2_000;
/** The least time between two reads while wake-ups keep coming. */
const READ_GAP_MS = 10;
/** While committed events wait for an older transaction, look again after 50 ms, doubling to 2 s. */
const HELD_BACK_FIRST_MS = 50;
const HELD_BACK_LAST_MS = 2_000;
/** Events are kept this long, then pruned (checked at start and hourly). */
export const RETENTION_DAYS = 7;
const PRUNE_EVERY_MS = 60 * 60 * 1000;
/** Live events a client may have queued while it catches up from the log before it is cut off. */
const MAX_PENDING = 10_000;

/**
 * In-process wake-ups for the embedded database: it belongs to this process, so every write to it
 * comes through this process's HTTP servers. Shared by every app in the process (two apps may open
 * one embedded database), so a write through one wakes the others' readers too.
 */
const localWrites = new EventEmitter();
localWrites.setMaxListeners(0);
const READ_ONLY_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** One SSE client of this instance: where it is in the log, what it wants, and its stream. */
export class Subscriber {
  /** Live events that arrived while the client was still reading older ones from the log. */
  private pending: StoredEvent[] | undefined = [];

  constructor(
    public cursor: Position,
    readonly filter: EventFilter,
    readonly stream: EventStream,
  ) {}

  /** A live event from the instance's reader: sent (or queued) if it is new to this client and wanted. */
  offer(event: StoredEvent): void {
    if (this.stream.closed || !isAfter(event, this.cursor) || !matchesFilter(this.filter, event))
      return;
    if (!this.pending) return this.deliver(event);
    if (this.pending.length >= MAX_PENDING) return this.stream.end();
    this.pending.push(event);
  }

  deliver(event: StoredEvent): void {
    this.cursor = positionOf(event);
    this.stream.send(event);
  }

  /** Caught up with the log: send what queued meanwhile (minus what the log already gave), then go live. */
  goLive(): void {
    const pending = this.pending ?? [];
    this.pending = undefined;
    for (const event of pending) if (isAfter(event, this.cursor)) this.deliver(event);
  }
}

/**
 * The instance's one reader of the event log, and the fan-out to its SSE clients.
 *
 * Wake-ups (a NOTIFY from any instance that served a write, on PostgreSQL; a finished write
 * request in this process, on the embedded database; a periodic poll) each cost one read of the log
 * for the whole instance, never one per client; reads never overlap, and a wake-up during a read
 * just asks for another. Clients resuming from an older
 * position first read the log themselves, then join the live fan-out without a gap or a repeat.
 */
@Injectable()
export class EventHub implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Events');
  private readonly subscribers = new Set<Subscriber>();
  private readonly catchUps = new Set<Promise<void>>();
  /** Where the instance's reader is in the log; null until the first read of "now" succeeds. */
  private position: Position | null = null;
  /**
   * Whether the reader skipped reads because nobody was streaming: `position` may then be behind
   * "now", and the next client that starts at "now" looks it up afresh.
   */
  private idle = false;
  private reading: Promise<void> | undefined;
  private pruning: Promise<void> | undefined;
  private busy = false;
  private wanted = false;
  private stopped = false;
  private failing = false;
  private listener: NotificationListener | undefined;
  private poll: NodeJS.Timeout | undefined;
  private prune: NodeJS.Timeout | undefined;
  private soon: NodeJS.Timeout | undefined;
  private soonDelayMs = HELD_BACK_FIRST_MS;
  private server: Server | undefined;
  private readonly wakeUp = (): void => this.wake();
  /** A write request answered successfully has committed: its events are there to read. */
  private readonly watchRequest = (req: IncomingMessage, res: ServerResponse): void => {
    if (READ_ONLY_METHODS.has(req.method ?? 'GET')) return;
    res.once('finish', () => {
      if (res.statusCode < 400) this.announceWrite();
    });
  };

  constructor(
    private readonly repo: EventsRepository,
    private readonly config: ConfigService<AppConfig, true>,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  /** After the migrations (they run in onModuleInit): the log exists. */
  async onApplicationBootstrap(): Promise<void> {
    const url = this.config.get('DATABASE_URL', { infer: true });
    if (isEmbedded({ DATABASE_URL: url })) {
      localWrites.on('write', this.wakeUp);
    } else {
      this.listener = new NotificationListener(url!, this.wakeUp, this.logger);
      await this.listener.start();
    }
    this.server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    this.server?.on('request', this.watchRequest);
    this.poll = setInterval(this.wakeUp, POLL_MS);
    this.poll.unref();
    this.prune = setInterval(() => this.pruneOldEvents(), PRUNE_EVERY_MS);
    this.prune.unref();
    // Known before the server takes requests, so the first client has a "now" to start from; if the
    // database is not answering yet, the reader keeps trying (and clients get 503 meanwhile).
    try {
      this.position = await this.repo.findCurrentPosition();
    } catch (error) {
      this.logger.warn(`Could not read the event log yet; retrying: ${String(error)}`);
    }
    this.wake();
    this.pruneOldEvents();
  }

  /** Ends every stream (so the HTTP server can close), then stops reading. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.poll);
    clearInterval(this.prune);
    clearTimeout(this.soon);
    this.server?.off('request', this.watchRequest);
    localWrites.off('write', this.wakeUp);
    for (const subscriber of this.subscribers) subscriber.stream.end();
    this.subscribers.clear();
    await this.listener?.stop();
    await this.reading;
    await this.pruning;
    await Promise.allSettled([...this.catchUps]);
  }

  /** False before the first read of the log has succeeded, and once the server is stopping. */
  get ready(): boolean {
    return this.position !== null && !this.stopped;
  }

  /**
   * "Now": everything after what this instance has read, or, when the reader has been idle, after
   * what is committed at this moment (the reader moves up to it too, skipping what nobody awaited).
   */
  private async currentPosition(): Promise<Position> {
    if (!this.position) throw new Error('The event reader has not started');
    if (this.idle) {
      this.moveTo(await this.repo.findCurrentPosition());
      this.idle = false;
    }
    return this.position;
  }

  /** The reader's position only ever moves forward. */
  private moveTo(position: Position): void {
    if (!this.position || comparePositions(position, this.position) > 0) this.position = position;
  }

  /**
   * Streams events after `cursor` ("now" when undefined) to `stream` until either side closes it:
   * first any older ones from the log, then live ones. The first read happens before the stream
   * opens, so a database that is down is a 503, not an empty stream.
   */
  async follow(
    stream: EventStream,
    from: Position | undefined,
    filter: EventFilter,
  ): Promise<void> {
    if (!this.position) throw new Error('The event reader has not started');
    const subscriber = new Subscriber(from ?? this.position, filter, stream);
    // Registered before looking at the reader's position, so no event falls between the catch-up
    // and the live feed: whatever the reader sends from here on queues until the catch-up ends.
    this.subscribers.add(subscriber);
    stream.onClose(() => this.subscribers.delete(subscriber));
    let now: Position;
    try {
      now = await this.currentPosition();
    } catch (error) {
      this.subscribers.delete(subscriber);
      throw error;
    }
    const cursor = from ?? now;
    subscriber.cursor = cursor;
    if (comparePositions(cursor, now) >= 0) {
      stream.open();
      subscriber.goLive();
      return;
    }
    let first: StoredEvent[];
    try {
      first = await this.repo.findFinalEventsAfter(cursor, PAGE_SIZE, filter);
    } catch (error) {
      this.subscribers.delete(subscriber);
      throw error;
    }
    stream.open();
    const catchUp = this.catchUp(subscriber, first);
    this.catchUps.add(catchUp);
    void catchUp.finally(() => this.catchUps.delete(catchUp));
  }

  private async catchUp(subscriber: Subscriber, first: StoredEvent[]): Promise<void> {
    let page = first;
    try {
      for (;;) {
        if (subscriber.stream.closed) return;
        for (const event of page) subscriber.deliver(event);
        if (page.length < PAGE_SIZE) break;
        page = await this.repo.findFinalEventsAfter(
          subscriber.cursor,
          PAGE_SIZE,
          subscriber.filter,
        );
      }
      subscriber.goLive();
    } catch (error) {
      // The client reconnects (EventSource does by itself) and resumes from its last event.
      this.logger.warn(`A client's catch-up read failed; ending its stream: ${String(error)}`);
      subscriber.stream.end();
    }
  }

  /**
   * After a write through this instance: wake this instance's reader, and the others — through
   * NOTIFY on PostgreSQL (the event triggers do not notify: see the live-events migration), in
   * process on the embedded database.
   */
  private announceWrite(): void {
    if (this.stopped) return;
    if (this.listener) {
      this.wake();
      this.listener.announce();
    } else {
      localWrites.emit('write');
    }
  }

  /** Asks for a read of the log; one read at a time, and one more if asked during a read. */
  wake(): void {
    if (this.stopped) return;
    this.wanted = true;
    if (this.busy) return;
    this.busy = true;
    this.reading = this.readWhileWanted();
  }

  private async readWhileWanted(): Promise<void> {
    while (this.wanted && !this.stopped) {
      this.wanted = false;
      try {
        await this.readNewEvents();
        if (this.failing) {
          this.failing = false;
          this.logger.log('Reading the event log again');
        }
      } catch (error) {
        if (!this.failing) {
          this.failing = true;
          this.logger.warn(`Reading the event log failed; retrying: ${String(error)}`);
        }
        this.readSoon();
      }
      // Woken again during the read (a busy stretch of writes): let a few more commits gather,
      // so a stream of writes costs a read every few milliseconds, not one per write.
      if (this.wanted) await new Promise((resolve) => setTimeout(resolve, READ_GAP_MS));
    }
    // In the same turn as the loop's last look at `wanted` (the body never throws): no wake-up can
    // slip in between and be lost.
    this.busy = false;
  }

  private async readNewEvents(): Promise<void> {
    this.position ??= await this.repo.findCurrentPosition();
    // Nobody streaming from this instance: nothing to read for. A client that starts at "now" looks
    // it up (currentPosition); one that resumes reads what it missed from the log itself.
    if (this.subscribers.size === 0) {
      this.idle = true;
      return;
    }
    for (;;) {
      const events = await this.repo.findFinalEventsAfter(this.position, PAGE_SIZE);
      if (events.length > 0) {
        this.moveTo(positionOf(events[events.length - 1]));
        for (const subscriber of this.subscribers)
          for (const event of events) subscriber.offer(event);
      }
      if (events.length < PAGE_SIZE || this.stopped) break;
    }
    // Committed events behind a transaction still running come out when it ends, and its end may
    // notify nobody (it need not have written events): look again soon rather than at the next poll.
    if (await this.repo.hasHeldBackEventsAfter(this.position)) {
      this.readSoon();
    } else {
      this.soonDelayMs = HELD_BACK_FIRST_MS;
    }
  }

  private readSoon(): void {
    if (this.stopped || this.soon) return;
    this.soon = setTimeout(() => {
      this.soon = undefined;
      this.wake();
    }, this.soonDelayMs);
    this.soon.unref();
    this.soonDelayMs = Math.min(this.soonDelayMs * 2, HELD_BACK_LAST_MS);
  }

  private pruneOldEvents(): void {
    if (this.stopped || this.pruning) return;
    this.pruning = this.repo
      .deleteEventsOlderThan(RETENTION_DAYS)
      .then(
        (deleted) => {
          if (deleted > 0)
            this.logger.log(`Pruned ${deleted} events older than ${RETENTION_DAYS} days`);
        },
        (error: unknown) => this.logger.warn(`Pruning old events failed: ${String(error)}`),
      )
      .finally(() => {
        this.pruning = undefined;
      });
  }
}
