import type { IncomingHttpHeaders } from 'node:http';
import {
  Injectable,
  Logger,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { concatMap, type Observable } from 'rxjs';
import { CONSISTENCY_HEADER, consistencyTokenOf } from '../common/reads.js';
import { ReadRouter } from './read-router.js';

const READS = new Set(['GET', 'HEAD']);

/**
 * Read-your-writes across the primary and its replicas: a read request's handler runs in a read
 * scope (a replica may answer it, once it holds the token the request carries); any other request
 * runs on the primary and, when it succeeds and the server has replicas, answers with the token of
 * the log position after it.
 */
@Injectable()
export class ConsistencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Replicas');

  constructor(
    private readonly router: ReadRouter,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const http = context.switchToHttp();
    const req = http.getRequest<{ method: string; headers: IncomingHttpHeaders }>();
    if (READS.has(req.method)) {
      const token = consistencyTokenOf(req.headers[CONSISTENCY_HEADER.toLowerCase()]);
      return this.router.read(token, () => next.handle());
    }
    // Every read is the primary's: a token would cost each write a round trip and buy nothing.
    if (!this.router.hasReplicas) return this.router.onPrimary(() => next.handle());
    const res = http.getResponse<unknown>();
    return this.router
      .onPrimary(() => next.handle())
      .pipe(
        concatMap(async (value: unknown) => {
          try {
            const token = await this.router.position();
            this.adapterHost.httpAdapter.setHeader(res, CONSISTENCY_HEADER, token);
          } catch (error) {
            // The write has committed: its answer goes out, without a token to read it back by.
            this.logger.warn(`No consistency token for a write's answer: ${String(error)}`);
          }
          return value;
        }),
      );
  }
}
