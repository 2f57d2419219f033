import type { ServerResponse } from 'node:http';
import {
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Counter, Gauge } from 'prom-client';
import { ApiKeysService } from '../api-keys/api-keys.service.js';
import { SessionsService } from '../sessions/sessions.service.js';
import { Counts } from '../common/counts.js';
import { DomainError } from '../domain/errors.js';
import type { AppConfig } from '../config/env.js';
import { Metrics } from '../metrics/metrics.js';
import { EventStream, STREAM_DEFAULTS, type EventStreamOptions } from './event-stream.js';
import { EventErrors } from './events.errors.js';
import { EventsRepository } from './events.repository.js';

/** Seconds a caller over its own cap is told to wait: one of its streams has to end first. */
const CALLER_RETRY_AFTER_S = 10;
/** Seconds a caller is told to wait when the instance is full (another instance may have room). */
const INSTANCE_RETRY_AFTER_S = 5;
/** Keys are re-checked every KEY_CACHE_MS, but never more often than this. */
const MIN_KEY_CHECK_MS = 500;

/** What this instance's event streams are doing, for operators and tests. */
export interface EventStreamStats {
  /** Streams open now. */
  open: number;
  /** Streams cut off since start: clients too slow or stalled, and keys revoked. */
  cutOff: { slow: number; stalled: number; revoked: number };
  /** The most output any one stream has held unsent, in bytes. */
  peakBufferedBytes: number;
}

/**
 * Every event stream this instance holds open: who may open one (a cap per API key, per address
 * for anonymous callers, and per instance), and the end of a key's streams once it is revoked —
 * at once when revoked through this instance, within KEY_CACHE_MS when revoked through another.
 */
/** Whom a stream counts against: its API key, or its address when anonymous. */
export interface StreamCaller {
  keyId: string | null;
  address: string;
  /** The console session it was opened with, if any: signing out ends the stream. */
  sessionId?: string | null;
}

@Injectable()
export class StreamRegistry implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Events');
  private readonly open = new Set<EventStream>();
  private readonly byKey = new Map<string, Set<EventStream>>();
  private readonly bySession = new Map<string, Set<EventStream>>();
  private readonly byAddress = new Counts<string>();
  private readonly cutOff = { slow: 0, stalled: 0, revoked: 0 };
  private peakBufferedBytes = 0;
  private readonly streamsCutOff: Counter<'reason'>;
  private keyCheck: NodeJS.Timeout | undefined;
  private checking = false;
  private checkFailing = false;
  private unsubscribe: (() => void) | undefined;
  private unsubscribeSessions: (() => void) | undefined;
  readonly streamOptions: EventStreamOptions;

  constructor(
    private readonly config: ConfigService<AppConfig, true>,
    private readonly keys: ApiKeysService,
    private readonly sessions: SessionsService,
    private readonly repo: EventsRepository,
    metrics: Metrics,
  ) {
    const open = this.open;
    new Gauge({
      name: 'claimgraph_event_streams_open',
      help: 'Event streams (GET /v1/events) this instance holds open',
      registers: [metrics.registry],
      collect() {
        this.set(open.size);
      },
    });
    this.streamsCutOff = new Counter({
      name: 'claimgraph_event_streams_cut_off_total',
      help: 'Event streams this instance ended: clients too slow or stalled, and keys revoked',
      labelNames: ['reason'] as const,
      registers: [metrics.registry],
    });
    this.streamOptions = {
      ...STREAM_DEFAULTS,
      maxBufferedBytes: config.get('EVENTS_CLIENT_BUFFER_BYTES', { infer: true }),
      stallMs: config.get('EVENTS_CLIENT_STALL_MS', { infer: true }),
    };
  }

  onApplicationBootstrap(): void {
    this.unsubscribe = this.keys.onRevoked((id) => this.endStreamsOf(id));
    this.unsubscribeSessions = this.sessions.onEnded((id) => this.endStreamsOfSession(id));
    const every = Math.max(this.config.get('KEY_CACHE_MS', { infer: true }), MIN_KEY_CHECK_MS);
    this.keyCheck = setInterval(() => void this.checkKeys(), every);
    this.keyCheck.unref();
  }

  beforeApplicationShutdown(): void {
    clearInterval(this.keyCheck);
    this.unsubscribe?.();
    this.unsubscribeSessions?.();
    for (const stream of this.open) stream.end();
  }

  /**
   * A stream for this request, counted against its caller and the instance until it ends; or 429
   * EVENTS_TOO_MANY_STREAMS / 503 EVENTS_AT_CAPACITY, with Retry-After, when there is no room.
   */
  admit(caller: StreamCaller, res: ServerResponse): EventStream {
    const keyId = caller.keyId;
    // A key is capped by itself (many holders may share an address); anonymous callers by address.
    const address = keyId ? null : caller.address;
    if (keyId) {
      const max = this.config.get('EVENTS_MAX_STREAMS_PER_KEY', { infer: true });
      if ((this.byKey.get(keyId)?.size ?? 0) >= max) {
        throw new DomainError(
          EventErrors.EVENTS_TOO_MANY_STREAMS,
          `This API key already has ${max} event streams open on this server; close one (or share one stream) and try again.`,
        ).retryAfter(CALLER_RETRY_AFTER_S);
      }
    } else {
      const max = this.config.get('EVENTS_MAX_STREAMS_PER_ADDRESS', { infer: true });
      if (this.byAddress.of(address!) >= max) {
        throw new DomainError(
          EventErrors.EVENTS_TOO_MANY_STREAMS,
          `Your address already has ${max} anonymous event streams open on this server; close one and try again.`,
        ).retryAfter(CALLER_RETRY_AFTER_S);
      }
    }
    if (this.open.size >= this.config.get('EVENTS_MAX_STREAMS', { infer: true })) {
      throw new DomainError(
        EventErrors.EVENTS_AT_CAPACITY,
        'This server is streaming events to as many clients as it takes; reconnect shortly.',
      ).retryAfter(INSTANCE_RETRY_AFTER_S);
    }

    const stream = new EventStream(res, this.streamOptions);
    this.open.add(stream);
    if (keyId) {
      let streams = this.byKey.get(keyId);
      if (!streams) this.byKey.set(keyId, (streams = new Set()));
      streams.add(stream);
    } else {
      this.byAddress.add(address!);
    }
    const sessionId = caller.sessionId ?? null;
    if (sessionId) {
      let streams = this.bySession.get(sessionId);
      if (!streams) this.bySession.set(sessionId, (streams = new Set()));
      streams.add(stream);
    }
    stream.onClose((reason) => {
      if (sessionId) {
        const streams = this.bySession.get(sessionId);
        streams?.delete(stream);
        if (streams?.size === 0) this.bySession.delete(sessionId);
      }
      this.open.delete(stream);
      if (keyId) {
        const streams = this.byKey.get(keyId);
        streams?.delete(stream);
        if (streams?.size === 0) this.byKey.delete(keyId);
      } else {
        this.byAddress.remove(address!);
      }
      if (reason === 'slow' || reason === 'stalled' || reason === 'revoked') {
        this.cutOff[reason]++;
        this.streamsCutOff.inc({ reason });
      }
      this.peakBufferedBytes = Math.max(this.peakBufferedBytes, stream.peakBufferedBytes);
    });
    return stream;
  }

  stats(): EventStreamStats {
    let peak = this.peakBufferedBytes;
    for (const stream of this.open) peak = Math.max(peak, stream.peakBufferedBytes);
    return { open: this.open.size, cutOff: { ...this.cutOff }, peakBufferedBytes: peak };
  }

  private endStreamsOf(keyId: string): void {
    for (const stream of [...(this.byKey.get(keyId) ?? [])]) stream.end('revoked');
  }

  private endStreamsOfSession(sessionId: string): void {
    for (const stream of [...(this.bySession.get(sessionId) ?? [])]) stream.end('revoked');
  }

  /**
   * Ends the streams of keys revoked, and of sessions ended (signed out, idle, their key revoked),
   * since they opened, through any instance.
   */
  private async checkKeys(): Promise<void> {
    if (this.checking || (this.byKey.size === 0 && this.bySession.size === 0)) return;
    this.checking = true;
    try {
      const ids = [...this.byKey.keys()];
      const live = await this.repo.findLiveKeyIds(ids);
      for (const id of ids) if (!live.has(id)) this.endStreamsOf(id);
      const sessionIds = [...this.bySession.keys()];
      const liveSessions = await this.sessions.liveIds(sessionIds);
      for (const id of sessionIds) if (!liveSessions.has(id)) this.endStreamsOfSession(id);
      if (this.checkFailing) {
        this.checkFailing = false;
        this.logger.log('Checking the keys of event streams again');
      }
    } catch (error) {
      // The database is away: streams get no events meanwhile either; the next check catches up.
      if (!this.checkFailing) {
        this.checkFailing = true;
        this.logger.warn(`Could not check the keys of event streams; retrying: ${String(error)}`);
      }
    } finally {
      this.checking = false;
    }
  }
}
