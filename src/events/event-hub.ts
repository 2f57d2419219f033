import type { Server } from 'node:http';
import {
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { HttpAdapterHost } from '@nestjs/core';
import { Histogram } from 'prom-client';
import { type AppConfig, isEmbedded } from '../config/env.js';
import { Metrics } from '../metrics/metrics.js';
import {
  comparePositions,
  positionOf,
  type EventFilter,
  type Position,
  type StoredEvent,
} from './event-log.js';
import { EventStream } from './event-stream.js';
import { EventsRepository } from './events.repository.js';
import { ReadTurns } from './read-turns.js';
import { Subscriber } from './subscriber.js';
import { WriteSignals } from './write-signals.js';

/** Events per query, for the instance's reads and for a client's catch-up alike. */
export const PAGE_SIZE = 500;
/** The safety net under the wake-ups, and how writes made outside the API (plain SQL) are found. */
const POLL_MS = 2_000;
/** The least time between two reads while wake-ups keep coming. */
const READ_GAP_MS = 10;
/** While committed events wait for an older transaction, look again after 50 ms, doubling to 2 s. */
const HELD_BACK_FIRST_MS = 50;
const HELD_BACK_LAST_MS = 2_000;
/**
 * Log reads for clients (catch-ups and backlogs) that run at once; the others wait their turn, so
 * clients resuming from far back never hold more than this many of the pool's connections.
 */
const MAX_CLIENT_READS = 2;
/** How long a page waits for a backed-up client before it is dropped, to be read again later. */
const HOLD_PAGE_MS = 1_000;

/**
 * The instance's one reader of the event log, and the fan-out to its SSE clients.
 *
 * Wake-ups (a NOTIFY from any instance that served a write, on PostgreSQL; a finished write
 * request in this process, on the embedded database; a periodic poll) each cost one read of the log
 * for the whole instance, never one per client; reads never overlap, and a wake-up during a read
 * just asks for another. Clients resuming from an older
 * position first read the log themselves — a page at a time, at most MAX_CLIENT_READS of them at
 * once, and only as fast as they take it — then join the live fan-out without a gap or a repeat.
 */
@Injectable()
export class EventHub implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Events');
  private readonly subscribers = new Set<Subscriber>();
  private readonly catchUps = new Set<Promise<void>>();
  private readonly clientReads = new ReadTurns(MAX_CLIENT_READS);
  /** Where the instance's reader is in the log; null until the first read of "now" succeeds. */
  private position: Position | null = null;
  /**
   * Whether the reader skipped reads because nobody was streaming: `position` may then be behind
   * "now", and the next client that starts at "now" looks it up afresh.
   */
  private idle = false;
  private reading: Promise<void> | undefined;
  private busy = false;
  private wanted = false;
  private stopped = false;
  private failing = false;
  private readonly signals: WriteSignals;
  private poll: NodeJS.Timeout | undefined;
  private soon: NodeJS.Timeout | undefined;
  private soonDelayMs = HELD_BACK_FIRST_MS;
  private readonly wakeUp = (): void => this.wake();
  private readonly lag: Histogram;

  constructor(
    private readonly repo: EventsRepository,
    private readonly config: ConfigService<AppConfig, true>,
    private readonly adapterHost: HttpAdapterHost,
    metrics: Metrics,
  ) {
    this.signals = new WriteSignals(this.wakeUp, this.logger);
    this.lag = new Histogram({
      name: 'claimgraph_event_lag_seconds',
      help: 'From an event being written to this instance reading it for its live streams (read only while a stream is open)',
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [metrics.registry],
    });
  }

  /** After the migrations (they run in onModuleInit): the log exists. */
  async onApplicationBootstrap(): Promise<void> {
    const url = this.config.get('DATABASE_URL', { infer: true });
    await this.signals.start(
      isEmbedded({ DATABASE_URL: url }) ? undefined : url,
      this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined,
    );
    this.poll = setInterval(this.wakeUp, POLL_MS);
    this.poll.unref();
    // Known before the server takes requests, so the first client has a "now" to start from; if the
    // database is not answering yet, the reader keeps trying (and clients get 503 meanwhile).
    try {
      this.position = await this.repo.findCurrentPosition();
    } catch (error) {
      this.logger.warn(`Could not read the event log yet; retrying: ${String(error)}`);
    }
    this.wake();
  }

  /** Ends every stream (so the HTTP server can close), then stops reading. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.poll);
    clearTimeout(this.soon);
    for (const subscriber of this.subscribers) subscriber.stream.end();
    this.subscribers.clear();
    await this.signals.stop();
    await this.reading;
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
    const subscriber = new Subscriber(from ?? this.position, filter, stream, (behind) =>
      this.startCatchUp(behind, [], false),
    );
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
      first = await this.readPage(stream, cursor, filter);
    } catch (error) {
      this.subscribers.delete(subscriber);
      throw error;
    }
    stream.open();
    this.startCatchUp(subscriber, first, true);
  }

  private startCatchUp(subscriber: Subscriber, first: StoredEvent[], fromLog: boolean): void {
    const catchUp = this.catchUp(subscriber, first, fromLog);
    this.catchUps.add(catchUp);
    void catchUp.finally(() => this.catchUps.delete(catchUp));
  }

  /**
   * `follow=false`: the events after `start` that are final now, then the end of the response. The
   * first read happens before the headers go out, so a database that is down is a 503.
   */
  async replay(
    stream: EventStream,
    start: Position | undefined,
    filter: EventFilter,
  ): Promise<void> {
    if (!start) {
      stream.open();
      return stream.end();
    }
    let page = await this.readPage(stream, start, filter);
    stream.open();
    let after = start;
    try {
      for (;;) {
        const sent = await this.sendAtPace(stream, page, (event) => {
          stream.send(event);
          after = positionOf(event);
        });
        if (sent === 'closed') return;
        if (sent === 'dropped') {
          page = [];
          if (!(await stream.drained()) || stream.closed) return;
        } else if (page.length < PAGE_SIZE) {
          break;
        }
        page = await this.readPage(stream, after, filter);
      }
    } finally {
      stream.end();
    }
  }

  /** What this instance's clients cost it: catch-ups running, and the most log reads at once. */
  stats(): { catchingUp: number; peakClientReads: number } {
    return { catchingUp: this.catchUps.size, peakClientReads: this.clientReads.peak };
  }

  /** One page of the log for one client, in its turn; nothing once its stream has ended. */
  private readPage(
    stream: EventStream,
    after: Position,
    filter: EventFilter,
  ): Promise<StoredEvent[]> {
    return this.clientReads.run(() =>
      stream.closed
        ? Promise.resolve([])
        : this.repo.findFinalEventsAfter(after, PAGE_SIZE, filter),
    );
  }

  /**
   * Sends a client what it missed (a page of the log, or live events queued while its connection
   * was backed up) only as fast as its connection takes it — a client that stops reading is cut off
   * by its stream — then what queued meanwhile, until nothing is left, then goes live.
   */
  private async catchUp(
    subscriber: Subscriber,
    first: StoredEvent[],
    firstFromLog: boolean,
  ): Promise<void> {
    const { stream } = subscriber;
    // Taken out of `first`: only `page` holds what is being sent, so dropping it lets it go.
    let page = first.splice(0);
    let fromLog = firstFromLog;
    try {
      for (;;) {
        const sent = await this.sendAtPace(stream, page, (event) => subscriber.deliver(event));
        if (sent === 'closed') return;
        if (sent === 'dropped') {
          page = [];
          if (!(await stream.drained()) || stream.closed) return;
          // What was dropped (log or queue alike) is in the log after the client's position.
          fromLog = true;
          page = await this.readPage(stream, subscriber.cursor, subscriber.filter);
          continue;
        }
        if (fromLog && page.length === PAGE_SIZE) {
          page = await this.readPage(stream, subscriber.cursor, subscriber.filter);
          continue;
        }
        const queued = subscriber.takeQueued();
        // In the same turn as the last look at the queue: no live event can slip in between.
        if (queued?.length === 0) return subscriber.goLive();
        fromLog = queued === undefined;
        page = queued ?? (await this.readPage(stream, subscriber.cursor, subscriber.filter));
      }
    } catch (error) {
      // The client reconnects (EventSource does by itself) and resumes from its last event.
      this.logger.warn(`A client's catch-up read failed; ending its stream: ${String(error)}`);
      stream.end();
    }
  }

  /**
   * Sends `events` in order as the client's connection takes them. When it takes nothing for
   * HOLD_PAGE_MS, the rest is `dropped` rather than held in memory for a client that may never read
   * again: the caller reads it from the log once the connection drains.
   */
  private async sendAtPace(
    stream: EventStream,
    events: readonly StoredEvent[],
    send: (event: StoredEvent) => void,
  ): Promise<'sent' | 'dropped' | 'closed'> {
    for (const event of events) {
      if (stream.backedUp && !(await stream.drained(HOLD_PAGE_MS))) return 'dropped';
      if (stream.closed) return 'closed';
      send(event);
    }
    return stream.closed ? 'closed' : 'sent';
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
        const now = Date.now();
        for (const event of events)
          this.lag.observe(Math.max(0, now - event.createdAt.getTime()) / 1000);
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
}
