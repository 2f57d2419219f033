import {
  isAfter,
  matchesFilter,
  positionOf,
  type EventFilter,
  type Position,
  type StoredEvent,
} from './event-log.js';
import type { EventStream } from './event-stream.js';

/**
 * Live events queued for a client while it catches up (or while its connection is backed up); past
 * it the queue is dropped and the client reads them from the log instead.
 */
const MAX_QUEUED = 1_000;
/** One SSE client of this instance: where it is in the log, what it wants, and its stream. */
export class Subscriber {
  /**
   * Live events that arrived while the client was still reading older ones from the log, or while
   * its connection was backed up; undefined while it is live.
   */
  private queue: StoredEvent[] | undefined = [];
  /** The queue passed MAX_QUEUED and was dropped: the log has to be read again. */
  private overflowed = false;

  constructor(
    public cursor: Position,
    readonly filter: EventFilter,
    readonly stream: EventStream,
    /** Called when a live client's connection backs up: its events queue until it is caught up. */
    private readonly fellBehind: (subscriber: Subscriber) => void = () => undefined,
  ) {}

  /** A live event from the instance's reader: sent (or queued) if it is new to this client and wanted. */
  offer(event: StoredEvent): void {
    if (this.stream.closed || !isAfter(event, this.cursor) || !matchesFilter(this.filter, event))
      return;
    if (!this.queue) {
      if (!this.stream.backedUp) return this.deliver(event);
      // Sent only as fast as the client reads, like a catch-up, rather than piled up in memory.
      this.queue = [event];
      return this.fellBehind(this);
    }
    if (this.overflowed) return;
    if (this.queue.length >= MAX_QUEUED) {
      this.overflowed = true;
      this.queue = [];
      return;
    }
    this.queue.push(event);
  }

  /** Sends an event unless the client already has it. */
  deliver(event: StoredEvent): void {
    if (!isAfter(event, this.cursor)) return;
    this.cursor = positionOf(event);
    this.stream.send(event);
  }

  /**
   * The live events queued so far (queueing goes on); undefined when the queue overflowed, and the
   * events it dropped must be read from the log (they are there: the reader read them from it).
   */
  takeQueued(): StoredEvent[] | undefined {
    const queued = this.overflowed ? undefined : this.queue;
    this.overflowed = false;
    this.queue = [];
    return queued;
  }

  /** Caught up (nothing queued): from now on live events go straight out. */
  goLive(): void {
    this.queue = undefined;
  }
}
