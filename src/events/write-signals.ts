import { EventEmitter } from 'node:events';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Logger } from '@nestjs/common';
import { NotificationListener } from './notification-listener.js';

/**
 * In-process wake-ups for the embedded database: it belongs to this process, so every write to it
 * comes through this process's HTTP servers. Shared by every app in the process (two apps may open
 * one embedded database), so a write through one wakes the others' readers too.
 */
const localWrites = new EventEmitter();
localWrites.setMaxListeners(0);
const READ_ONLY_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * How an instance learns that the event log may have grown, and tells the other instances when a
 * write it served committed: NOTIFY/LISTEN on PostgreSQL (the event triggers do not notify: see the
 * live-events migration), an in-process signal on the embedded database.
 */
export class WriteSignals {
  private listener: NotificationListener | undefined;
  private server: Server | undefined;
  private stopped = false;

  constructor(
    private readonly onWrite: () => void,
    private readonly logger: Logger,
  ) {}

  /** A write request answered successfully has committed: its events are there to read. */
  private readonly watchRequest = (req: IncomingMessage, res: ServerResponse): void => {
    if (READ_ONLY_METHODS.has(req.method ?? 'GET')) return;
    res.once('finish', () => {
      if (res.statusCode < 400) this.announce();
    });
  };

  /** Listens on PostgreSQL (`databaseUrl`) or in process (none), and watches `server`'s writes. */
  async start(databaseUrl: string | undefined, server: Server | undefined): Promise<void> {
    if (databaseUrl === undefined) {
      localWrites.on('write', this.onWrite);
    } else {
      this.listener = new NotificationListener(databaseUrl, this.onWrite, this.logger);
      await this.listener.start();
    }
    this.server = server;
    this.server?.on('request', this.watchRequest);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.server?.off('request', this.watchRequest);
    localWrites.off('write', this.onWrite);
    await this.listener?.stop();
  }

  /** After a write through this instance: wake this instance's reader, and the others'. */
  private announce(): void {
    if (this.stopped) return;
    if (this.listener) {
      this.onWrite();
      this.listener.announce();
    } else {
      localWrites.emit('write');
    }
  }
}
