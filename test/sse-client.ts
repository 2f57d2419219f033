import http, { type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedEvent {
  id: string;
  event: string;
  data: any;
}

const WAIT_MS = 20_000;

/**
 * A minimal text/event-stream client over one fresh connection, parsing as the EventSource
 * specification says (fields `id`, `event`, `data`, `retry`; comment lines; any line ending), and
 * recording everything it receives.
 */
export class SseClient {
  readonly events: ReceivedEvent[] = [];
  readonly comments: string[] = [];
  retry: number | undefined;
  /** Resolves when the server ends the response (or the connection breaks). */
  readonly ended: Promise<void>;
  private buffer = '';
  private field = { id: '', event: '', data: [] as string[] };
  private waiters: (() => void)[] = [];
  private done = false;

  private constructor(
    readonly status: number,
    readonly headers: IncomingHttpHeaders,
    private readonly response: http.IncomingMessage,
    private readonly request: http.ClientRequest,
  ) {
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => this.parse(chunk));
    this.ended = new Promise((resolve) => {
      const finish = (): void => {
        this.done = true;
        this.notify();
        resolve();
      };
      response.once('end', finish);
      response.once('close', finish);
      response.once('error', finish);
    });
  }

  /**
   * Connects to a server in this process (or to a local port) and resolves once the status line
   * and headers have arrived.
   */
  static open(
    server: Server | number,
    path: string,
    headers: Record<string, string> = {},
  ): Promise<SseClient> {
    const port = typeof server === 'number' ? server : (server.address() as AddressInfo).port;
    return new Promise((resolve, reject) => {
      const request = http.request(
        {
          host: '127.0.0.1',
          port,
          path,
          method: 'GET',
          agent: false,
          headers: { accept: 'text/event-stream', ...headers },
        },
        (response) =>
          resolve(new SseClient(response.statusCode ?? 0, response.headers, response, request)),
      );
      request.on('error', reject);
      request.end();
    });
  }

  /** Waits until at least `count` events have arrived (or the stream ended), and returns them all. */
  async waitForEvents(count: number): Promise<ReceivedEvent[]> {
    await this.waitUntil(
      () => this.events.length >= count,
      `${count} events (got ${this.events.length})`,
    );
    return this.events;
  }

  /** Waits until an event satisfies `test`, and returns everything received up to it. */
  async waitForEvent(
    test: (e: ReceivedEvent) => boolean,
    what = 'the expected event',
  ): Promise<ReceivedEvent[]> {
    await this.waitUntil(() => this.events.some(test), what);
    return this.events.slice(0, this.events.findIndex(test) + 1);
  }

  /** The body of a stream that ends by itself (follow=false). */
  async untilEnd(): Promise<ReceivedEvent[]> {
    await this.waitUntil(() => this.done, 'the end of the stream');
    return this.events;
  }

  close(): void {
    this.request.destroy();
    this.response.destroy();
  }

  private waitUntil(condition: () => boolean, what: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        if (!condition()) return false;
        clearTimeout(timer);
        resolve();
        return true;
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`Timed out waiting for ${what}; received ${JSON.stringify(this.events)}`));
      }, WAIT_MS);
      const waiter = (): void => {
        if (check()) this.waiters = this.waiters.filter((w) => w !== waiter);
        else if (this.done) {
          clearTimeout(timer);
          reject(
            new Error(`The stream ended before ${what}; received ${JSON.stringify(this.events)}`),
          );
        }
      };
      if (!check()) {
        if (this.done) {
          clearTimeout(timer);
          reject(
            new Error(`The stream ended before ${what}; received ${JSON.stringify(this.events)}`),
          );
        } else {
          this.waiters.push(waiter);
        }
      }
    });
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  private parse(chunk: string): void {
    this.buffer += chunk;
    const lines = this.buffer.split(/\r\n|\r|\n/);
    this.buffer = lines.pop() ?? '';
    for (const line of lines) this.line(line);
    this.notify();
  }

  private line(line: string): void {
    if (line === '') {
      if (this.field.data.length > 0) {
        this.events.push({
          id: this.field.id,
          event: this.field.event || 'message',
          data: JSON.parse(this.field.data.join('\n')),
        });
      }
      this.field = { id: this.field.id, event: '', data: [] };
      return;
    }
    if (line.startsWith(':')) {
      this.comments.push(line.slice(1).trim());
      return;
    }
    const colon = line.indexOf(':');
    const name = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (name === 'id') this.field.id = value;
    else if (name === 'event') this.field.event = value;
    else if (name === 'data') this.field.data.push(value);
    else if (name === 'retry' && /^\d+$/.test(value)) this.retry = Number(value);
  }
}
