import { createHash, randomUUID } from 'node:crypto';
import {
  Injectable,
  SetMetadata,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import { catchError, from, map, mergeMap, of, throwError, type Observable } from 'rxjs';
import { actorOf } from '../common/auth.decorators.js';
import { headerOf } from '../common/http.js';
import { DomainError, errorCodes } from '../domain/errors.js';
import { IdempotencyRepository } from './idempotency.repository.js';

export const IdempotencyErrors = errorCodes({
  INVALID_IDEMPOTENCY_KEY: {
    status: 400,
    title: 'Idempotency-Key must be 1 to 255 visible characters',
  },
  IDEMPOTENCY_KEY_IN_PROGRESS: {
    status: 409,
    title: 'A request with this Idempotency-Key has not finished',
  },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    title: 'This Idempotency-Key was used for a different request',
  },
  IDEMPOTENT_SECRET_NOT_REPLAYABLE: {
    status: 409,
    title: 'The first answer held a secret and cannot be shown again',
  },
});

const SECRET_ANSWER = 'claimgraph:secret-answer';

/** Marks a route whose answer holds a secret shown once: its answer is not kept for replay. */
export const SecretAnswer = (): MethodDecorator => SetMetadata(SECRET_ANSWER, true);

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/**
 * `Idempotency-Key` on POST: the same key with the same request within 24 hours gets the first
 * answer again and writes nothing; the same key with a different request is refused (422). A
 * request still running, or one whose process died before its answer was recorded, holds its key
 * (409) rather than risk writing twice.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private requests = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: IdempotencyRepository,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<FastifyRequest>();
    const key = headerOf(req, 'idempotency-key');
    if (req.method !== 'POST' || key === undefined) return next.handle();
    if (!KEY_PATTERN.test(key)) {
      throw new DomainError(
        IdempotencyErrors.INVALID_IDEMPOTENCY_KEY,
        'Send a unique token such as a UUID as Idempotency-Key.',
      );
    }
    const res = context.switchToHttp().getResponse<FastifyReply>();
    const secret = this.reflector.get<boolean>(SECRET_ANSWER, context.getHandler()) ?? false;
    return from(this.begin(req, key)).pipe(
      mergeMap(({ id, replay }) => {
        if (replay) {
          if (secret) {
            throw new DomainError(
              IdempotencyErrors.IDEMPOTENT_SECRET_NOT_REPLAYABLE,
              'The first request succeeded; its secret was shown once. Revoke it and create another if it was lost.',
            );
          }
          if (replay.location) res.header('Location', replay.location);
          res.header('Idempotent-Replayed', 'true');
          return of(JSON.parse(replay.body) as unknown);
        }
        return next.handle().pipe(
          // The handler failed and wrote nothing: give the key back so the client may retry with it.
          catchError((error: unknown) =>
            from(this.repo.release(this.dataSource.manager, id).catch(() => undefined)).pipe(
              mergeMap(() => throwError(() => error)),
            ),
          ),
          mergeMap((body: unknown) =>
            from(this.finish(id, res, secret ? null : body)).pipe(map(() => body)),
          ),
        );
      }),
    );
  }

  private async begin(
    req: FastifyRequest,
    key: string,
  ): Promise<{ id: string; replay?: { location: string | null; body: string } }> {
    const actor = actorOf(req)?.keyId ?? `ip:${req.ip ?? 'unknown'}`;
    const requestHash = createHash('sha256')
      .update(`${req.method} ${req.url}\n${canonicalJson(req.body)}`)
      .digest('hex');
    if (++this.requests % 500 === 0) await this.repo.purgeExpired(this.dataSource.manager);
    const { claimed, record } = await this.repo.claim(this.dataSource.manager, {
      id: randomUUID(),
      actor,
      idempotencyKey: key,
      requestHash,
    });
    if (claimed) return { id: record.id };
    // Records written before bodies were hashed in canonical form hold the hash of the body as sent.
    const legacyHash = (): string =>
      createHash('sha256')
        .update(`${req.method} ${req.url}\n${JSON.stringify(req.body)}`)
        .digest('hex');
    if (record.requestHash !== requestHash && record.requestHash !== legacyHash()) {
      throw new DomainError(
        IdempotencyErrors.IDEMPOTENCY_KEY_REUSED,
        'This Idempotency-Key was first used with another method, path or body; use a new key for a new request.',
      );
    }
    if (record.status === null || record.body === null) {
      throw new DomainError(
        IdempotencyErrors.IDEMPOTENCY_KEY_IN_PROGRESS,
        'The first request with this key has not finished (or never did); wait and retry, or use a new key.',
      );
    }
    return { id: record.id, replay: { location: record.location, body: record.body } };
  }

  private async finish(id: string, res: FastifyReply, body: unknown): Promise<void> {
    const location = res.getHeader('location');
    await this.repo.complete(this.dataSource.manager, id, {
      status: res.statusCode,
      location: typeof location === 'string' ? location : null,
      body: JSON.stringify(body ?? null),
    });
  }
}

/**
 * JSON with every object's keys in sorted order, so two bodies that differ only in key order are
 * the same request (JSON objects are unordered); arrays keep their order.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
