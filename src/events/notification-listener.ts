import type { LoggerService } from '@nestjs/common';
import pg from 'pg';

/** The channel that says "new events": a wake-up only, its payload means nothing. */
export const EVENTS_CHANNEL = 'claimgraph_events';

const FIRST_RETRY_MS = 250;
const LAST_RETRY_MS = 10_000;

/**
 * One dedicated connection per instance that LISTENs for new events and calls `wake` for each
 * notification, and announces this instance's writes to the others. When the connection drops it
 * reconnects with backoff (250 ms doubling to 10 s), and wakes once more after reconnecting, since
 * notifications sent meanwhile are lost.
 */
export class NotificationListener {
  private client: pg.Client | undefined;
  /** The client once it is listening: announcements go through it. */
  private listening: pg.Client | undefined;
  private announcing = false;
  private announceAgain = false;
  private retry: NodeJS.Timeout | undefined;
  private delayMs = FIRST_RETRY_MS;
  private failing = false;
  private stopped = false;

  constructor(
    private readonly url: string,
    private readonly wake: () => void,
    private readonly logger: LoggerService,
  ) {}

  /** Resolves after the first attempt to listen, whether it worked or not (it then keeps trying). */
  start(): Promise<void> {
    return this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    this.listening = undefined;
    await client?.end().catch(() => undefined);
  }

  /**
   * Tells every instance (this one included) that new events were committed. A NOTIFY outside any
   * write transaction holds PostgreSQL's notification lock only for an instant; at most one is in
   * flight, and announcements made meanwhile share the next one.
   */
  announce(): void {
    if (this.announcing) {
      this.announceAgain = true;
      return;
    }
    const client = this.listening;
    if (!client || this.stopped) return;
    this.announcing = true;
    void (async () => {
      try {
        do {
          this.announceAgain = false;
          await client.query('SELECT pg_notify($1, $2)', [EVENTS_CHANNEL, '']);
        } while (this.announceAgain && !this.stopped && this.listening === client);
      } catch {
        // The connection broke: it reconnects by itself, and the other instances' polls catch up.
      } finally {
        this.announcing = false;
      }
    })();
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({
      connectionString: this.url,
      application_name: 'claimgraph-events',
      keepAlive: true,
      connectionTimeoutMillis: 3_000,
    });
    this.client = client;
    let lost = false;
    const onLost = (error?: Error): void => {
      if (lost) return;
      lost = true;
      if (this.client === client) this.client = undefined;
      if (this.listening === client) this.listening = undefined;
      void client.end().catch(() => undefined);
      if (this.stopped) return;
      if (!this.failing) {
        this.failing = true;
        this.logger.warn(
          `Event notifications interrupted (${error?.message ?? 'connection closed'}); reconnecting`,
          'Events',
        );
      }
      this.retry = setTimeout(() => void this.connect(), this.delayMs);
      this.retry.unref();
      this.delayMs = Math.min(this.delayMs * 2, LAST_RETRY_MS);
    };
    client.on('error', onLost);
    client.on('end', () => onLost());
    client.on('notification', () => this.wake());
    try {
      await client.connect();
      await client.query(`LISTEN ${EVENTS_CHANNEL}`);
    } catch (error) {
      onLost(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.listening = client;
    this.delayMs = FIRST_RETRY_MS;
    if (this.failing) {
      this.failing = false;
      this.logger.log('Event notifications restored', 'Events');
    }
    this.wake();
  }
}
