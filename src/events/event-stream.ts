import type { ServerResponse } from 'node:http';
import { formatEvent, type StoredEvent } from './event-log.js';

export interface EventStreamOptions {
  /** A comment line this often keeps proxies and load balancers from closing an idle stream. */
  heartbeatMs: number;
  /** The reconnection delay suggested to EventSource clients. */
  retryMs: number;
  /** A client that lets this much pile up unread is cut off; it resumes with Last-Event-ID. */
  maxBufferedBytes: number;
  /** A client whose connection takes nothing for this long while output waits is cut off too. */
  stallMs: number;
}

export const STREAM_DEFAULTS: EventStreamOptions = {
  heartbeatMs: 15_000,
  retryMs: 3_000,
  maxBufferedBytes: 256 * 1024,
  stallMs: 30_000,
};

/**
 * Each event's text/event-stream form, made once however many streams send it: the instance's
 * reader hands the same event object to every live client, so a write seen by N clients is
 * serialised once, not N times. Held weakly: it goes when the event does.
 */
const frames = new WeakMap<StoredEvent, string>();

function frameOf(event: StoredEvent): string {
  let frame = frames.get(event);
  if (frame === undefined) frames.set(event, (frame = formatEvent(event)));
  return frame;
}

/**
 * Why a stream ended: the server finished it (a backlog sent, the server stopping), the client hung
 * up, the client read too slowly (`slow`: its unsent output passed the bound; `stalled`: its
 * connection took nothing for too long), or its API key was revoked.
 */
export type StreamEnd = 'ended' | 'client' | 'slow' | 'stalled' | 'revoked';

/** One client's text/event-stream response: headers, events, heartbeats, and its end. */
export class EventStream {
  private heartbeat: NodeJS.Timeout | undefined;
  private stall: NodeJS.Timeout | undefined;
  private finished = false;
  private reason: StreamEnd | undefined;
  private readonly closeHandlers: ((reason: StreamEnd) => void)[] = [];
  private readonly drainWaiters = new Set<(drained: boolean) => void>();
  /** The most output this stream has held unsent, in bytes. */
  peakBufferedBytes = 0;

  constructor(
    private readonly res: ServerResponse,
    private readonly options: EventStreamOptions = STREAM_DEFAULTS,
  ) {
    // The client hung up, the server ended the stream, or the socket broke: all end up here.
    res.once('close', () => this.finish('client'));
    res.on('drain', () => {
      clearTimeout(this.stall);
      this.stall = undefined;
      this.wakeDrainWaiters();
    });
  }

  /** True once the stream has ended, for whatever reason. */
  get closed(): boolean {
    return this.finished || this.res.destroyed;
  }

  /** True while the connection holds more unsent output than it likes: wait for `drained()`. */
  get backedUp(): boolean {
    return !this.closed && this.res.writableNeedDrain;
  }

  /** Sends the status line and headers, and the reconnection hint. */
  open(): void {
    if (this.closed) return;
    this.res.statusCode = 200;
    this.res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    // no-transform: a compressing proxy must not hold events back to fill its buffer.
    this.res.setHeader('Cache-Control', 'no-cache, no-transform');
    this.res.setHeader('Connection', 'keep-alive');
    this.res.setHeader('X-Accel-Buffering', 'no');
    this.res.flushHeaders();
    this.write(`retry: ${this.options.retryMs}\n\n`);
    this.heartbeat = setInterval(() => this.write(': keep-alive\n\n'), this.options.heartbeatMs);
    this.heartbeat.unref();
  }

  send(event: StoredEvent): void {
    this.write(frameOf(event));
  }

  /**
   * Resolves with true once the connection has taken the output waiting for it (or the stream has
   * ended), or with false when `withinMs` passes first.
   */
  drained(withinMs?: number): Promise<boolean> {
    if (!this.backedUp) return Promise.resolve(true);
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const waiter = (drained: boolean): void => {
        clearTimeout(timer);
        this.drainWaiters.delete(waiter);
        resolve(drained);
      };
      this.drainWaiters.add(waiter);
      if (withinMs !== undefined) timer = setTimeout(() => waiter(false), withinMs);
    });
  }

  /**
   * Ends the response: normally (the backlog of a `follow=false` request, the server stopping), or
   * for a revoked key, which cuts the connection without waiting for its unsent output.
   */
  end(reason: 'ended' | 'revoked' = 'ended'): void {
    if (this.closed) return;
    const unsent = this.res.writableLength > 0;
    this.finish(reason);
    if (reason === 'revoked' && unsent) this.res.destroy();
    else this.res.end();
  }

  /** Runs once when the stream ends, however it ends. */
  onClose(handler: (reason: StreamEnd) => void): void {
    if (this.finished) handler(this.reason!);
    else this.closeHandlers.push(handler);
  }

  private write(chunk: string): void {
    if (this.closed) return;
    const taken = this.res.write(chunk);
    const buffered = this.res.writableLength;
    if (buffered > this.peakBufferedBytes) this.peakBufferedBytes = buffered;
    if (buffered > this.options.maxBufferedBytes) {
      // Too slow to keep up: let it go rather than hold its backlog in memory.
      return this.cutOff('slow');
    }
    if (!taken && !this.stall) {
      // Output waits for the connection: if it takes nothing for too long, the client is gone or stuck.
      this.stall = setTimeout(() => this.cutOff('stalled'), this.options.stallMs);
      this.stall.unref();
    }
  }

  private cutOff(reason: 'slow' | 'stalled'): void {
    if (this.closed) return;
    this.finish(reason);
    this.res.destroy();
  }

  private wakeDrainWaiters(): void {
    for (const waiter of [...this.drainWaiters]) waiter(true);
  }

  private finish(reason: StreamEnd): void {
    if (this.finished) return;
    this.finished = true;
    this.reason = reason;
    clearInterval(this.heartbeat);
    clearTimeout(this.stall);
    this.wakeDrainWaiters();
    for (const handler of this.closeHandlers.splice(0)) handler(reason);
  }
}
