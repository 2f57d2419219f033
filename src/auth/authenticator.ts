import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { TLSSocket } from 'node:tls';
import { parse as parseCookies } from 'cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiKeyEntity } from '../api-keys/api-key.entity.js';
import { ApiKeyErrors } from '../api-keys/api-keys.errors.js';
import { ApiKeysService } from '../api-keys/api-keys.service.js';
import { KEY_PATTERN } from '../api-keys/secrets.js';
import { DomainError, errorCodes } from '../domain/errors.js';
import type { AppConfig } from '../config/env.js';
import { setSession } from '../common/auth.decorators.js';
import { SESSION_COOKIE, SessionsService } from '../sessions/sessions.service.js';
import { AuthFailures } from './auth-failures.js';
import { headerOf } from '../common/http.js';
import { csrfRefusal } from './csrf.js';

export const AuthErrors = errorCodes({
  AUTH_RATE_LIMITED: { status: 429, title: 'Too many failed attempts with unknown keys' },
  CSRF_REJECTED: { status: 403, title: 'A cookie-authenticated write must come from the console' },
});

/** What the server needs of a key to act for it: its id, name and role. */
export type AuthenticatedKey = Pick<ApiKeyEntity, 'id' | 'name' | 'role'>;

const FOUND = Symbol('authenticated key');
type Memo = FastifyRequest & { [FOUND]?: AuthenticatedKey };

/**
 * Says which key a request carries: an `Authorization: Bearer` key, or else the key behind the
 * console's session cookie. Used before a body is read (so a request without a live key is refused
 * without reading it) and by the auth guard; the lookup is made once per request.
 * Writes signed in by the cookie must pass the CSRF check (see csrf.ts) or are refused with 403.
 * Unknown keys count against the caller's address: past AUTH_FAILURE_LIMIT in a window, keys from it
 * that have never worked on this instance are refused with 429 without touching the database.
 */
@Injectable()
export class Authenticator {
  private readonly failures: AuthFailures;
  private readonly publicBaseUrl: string | undefined;

  constructor(
    private readonly keys: ApiKeysService,
    private readonly sessions: SessionsService,
    config: ConfigService<AppConfig, true>,
  ) {
    this.publicBaseUrl = config.get('PUBLIC_BASE_URL', { infer: true });
    this.failures = new AuthFailures(
      config.get('AUTH_FAILURE_LIMIT', { infer: true }),
      config.get('AUTH_FAILURE_WINDOW_MS', { infer: true }),
    );
  }

  /**
   * The live key of the request; null when it sends neither an Authorization header nor a session
   * cookie. Throws 401/429 for a bad key or an ended session, 403 for a write that fails the CSRF check.
   */
  async keyOf(req: FastifyRequest, reply: FastifyReply): Promise<AuthenticatedKey | null> {
    const memo = (req as Memo)[FOUND];
    if (memo) return memo;
    const header = headerOf(req, 'authorization');
    if (header === undefined) return this.sessionKeyOf(req, reply);
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match || !KEY_PATTERN.test(match[1])) {
      throw unauthenticated(
        reply,
        'The Authorization header must be "Bearer <key>" with a Claimgraph key (cg_…).',
      );
    }
    const address = req.socket.remoteAddress ?? 'unknown';
    this.refuseIfBlocked(address, this.keys.knownBefore(match[1]));
    const key = await this.keys.authenticate(match[1]);
    if (!key) {
      this.failures.record(address);
      throw unauthenticated(reply, 'The API key is unknown or has been revoked.');
    }
    (req as Memo)[FOUND] = key;
    return key;
  }

  /** The key behind the request's session cookie; null when it has none. */
  private async sessionKeyOf(
    req: FastifyRequest,
    reply: FastifyReply,
  ): Promise<AuthenticatedKey | null> {
    const cookie = headerOf(req, 'cookie');
    const token = cookie === undefined ? undefined : parseCookies(cookie)[SESSION_COOKIE];
    if (token === undefined) return null;
    const address = req.socket.remoteAddress ?? 'unknown';
    this.refuseIfBlocked(address, false);
    const session = await this.sessions.resume(token);
    if (!session) {
      this.failures.record(address);
      throw unauthenticated(
        reply,
        'The session has ended (signed out, unused for too long, or its key revoked); sign in again.',
      );
    }
    const refusal = csrfRefusal(req.method, req.headers, {
      secure: Boolean((req.socket as Partial<TLSSocket>).encrypted),
      publicBaseUrl: this.publicBaseUrl,
    });
    if (refusal) throw new DomainError(AuthErrors.CSRF_REJECTED, refusal);
    setSession(req, { id: session.id, expiresAt: session.expiresAt });
    (req as Memo)[FOUND] = session.key;
    return session.key;
  }

  /** Past AUTH_FAILURE_LIMIT, an address's unknown credentials are refused without a lookup. */
  private refuseIfBlocked(address: string, knownBefore: boolean): void {
    const wait = this.failures.blockedFor(address);
    if (wait > 0 && !knownBefore) {
      throw new DomainError(
        AuthErrors.AUTH_RATE_LIMITED,
        `Too many requests from this address carried unknown or revoked keys; try again in ${wait} s.`,
      ).retryAfter(wait);
    }
  }
}

export function unauthenticated(reply: FastifyReply, detail: string): DomainError {
  reply.header('WWW-Authenticate', 'Bearer realm="claimgraph"');
  return new DomainError(ApiKeyErrors.UNAUTHENTICATED, detail);
}
