import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiKeyEntity } from '../api-keys/api-key.entity.js';
import { ApiKeyErrors } from '../api-keys/api-keys.errors.js';
import { ApiKeysService } from '../api-keys/api-keys.service.js';
import { KEY_PATTERN } from '../api-keys/secrets.js';
import { DomainError, errorCodes } from '../domain/errors.js';
import type { AppConfig } from '../config/env.js';
import { AuthFailures } from './auth-failures.js';
import { headerOf } from '../common/http.js';

export const AuthErrors = errorCodes({
  AUTH_RATE_LIMITED: { status: 429, title: 'Too many failed attempts with unknown keys' },
});

const FOUND = Symbol('authenticated key');

/**
 * Says which key a request carries. Used before a body is read (so a request without a live key is
 * refused without reading it) and by the auth guard; the lookup is made once per request.
 * Unknown keys count against the caller's address: past AUTH_FAILURE_LIMIT in a window, keys from it
 * that have never worked on this instance are refused with 429 without touching the database.
 */
@Injectable()
export class Authenticator {
  private readonly failures: AuthFailures;

  constructor(
    private readonly keys: ApiKeysService,
    config: ConfigService<AppConfig, true>,
  ) {
    this.failures = new AuthFailures(
      config.get('AUTH_FAILURE_LIMIT', { infer: true }),
      config.get('AUTH_FAILURE_WINDOW_MS', { infer: true }),
    );
  }

  /** The live key of the request; null when it sends no Authorization header. Throws 401/429 otherwise. */
  async keyOf(req: FastifyRequest, reply: FastifyReply): Promise<ApiKeyEntity | null> {
    const memo = (req as FastifyRequest & { [FOUND]?: ApiKeyEntity })[FOUND];
    if (memo) return memo;
    const header = headerOf(req, 'authorization');
    if (header === undefined) return null;
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match || !KEY_PATTERN.test(match[1])) {
      throw unauthenticated(
        reply,
        'The Authorization header must be "Bearer <key>" with a Claimgraph key (cg_…).',
      );
    }
    const address = req.socket.remoteAddress ?? 'unknown';
    const wait = this.failures.blockedFor(address);
    if (wait > 0 && !this.keys.knownBefore(match[1])) {
      throw new DomainError(
        AuthErrors.AUTH_RATE_LIMITED,
        `Too many requests from this address carried unknown or revoked keys; try again in ${wait} s.`,
      ).retryAfter(wait);
    }
    const key = await this.keys.authenticate(match[1]);
    if (!key) {
      this.failures.record(address);
      throw unauthenticated(reply, 'The API key is unknown or has been revoked.');
    }
    (req as FastifyRequest & { [FOUND]?: ApiKeyEntity })[FOUND] = key;
    return key;
  }
}

export function unauthenticated(reply: FastifyReply, detail: string): DomainError {
  reply.header('WWW-Authenticate', 'Bearer realm="claimgraph"');
  return new DomainError(ApiKeyErrors.UNAUTHENTICATED, detail);
}
