import type { ServerResponse } from 'node:http';
import { formatEvent, type StoredEvent } from './event-log.js';

export interface EventStreamOptions {
  /** A comment line this often keeps proxies and load balancers from closing an idle stream. */
  heartbeatMs: number;
  /** The reconnection delay suggested to EventSource clients. */
  retryMs: number;
  /** A client that lets this much pile up unread is cut off; it resumes with Last-Event-ID. */
  maxBufferedBytes: number;
}

export const STREAM_DEFAULTS: EventStreamOptions = {
  heartbeatMs: 15_000,
  retryMs: 3_000,
  maxBufferedBytes: 4 * 1024 * 1024,
};

/** One client's text/event-stream response: headers, events, heartbeats, and its end. */
export class EventStream {
  private heartbeat: NodeJS.Timeout | undefined;
  private finished = false;
  private readonly closeHandlers: (() => void)[] = [];

  constructor(
    private readonly res: ServerResponse,
    private readonly options: EventStreamOptions = STREAM_DEFAULTS,
  ) {
    // The client hung up, the server ended the stream, or the socket broke: all end up here.
    res.once('close', () => this.finish());
  }

  /** True once the stream has ended, for whatever reason. */
  get closed(): boolean {
    return this.finished || this.res.destroyed;
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
    this.write(formatEvent(event));
  }

  /** Ends the response normally (the backlog of a `follow=false` request, or the server stopping). */
  end(): void {
    if (this.closed) return;
    this.res.end();
    this.finish();
  }

  /** Runs once when the stream ends, however it ends. */
  onClose(handler: () => void): void {
    if (this.finished) handler();
    else this.closeHandlers.push(handler);
  }

  private write(chunk: string): void {
    if (this.closed) return;
    this.res.write(chunk);
    if (this.res.writableLength > this.options.maxBufferedBytes) {
      // Too slow to keep up: let it go rather than hold its backlog in memory.
      this.res.destroy();
      this.finish();
    }
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    clearInterval(this.heartbeat);
    for (const handler of this.closeHandlers.splice(0)) handler();
  }
}
