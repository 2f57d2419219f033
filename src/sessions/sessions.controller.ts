import { Controller, Delete, Get, Post, Req, Res } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { HttpAdapterHost } from '@nestjs/core';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { IncomingMessage } from 'node:http';
import { ApiKeyErrors } from '../api-keys/api-keys.errors.js';
import { CurrentActor, RequireRole, sessionOf } from '../common/auth.decorators.js';
import { ApiCreated, ApiDeleted, ApiOk, ApiProblems } from '../common/openapi.js';
import type { AppConfig } from '../config/env.js';
import type { Actor } from '../domain/actors.js';
import { DomainError } from '../domain/errors.js';
import { SecretAnswer } from '../idempotency/idempotency.interceptor.js';
import { SessionResponseDto } from './dto/session.dto.js';
import { clearedSessionCookie, sessionCookie } from './session-cookie.js';
import { SessionsService } from './sessions.service.js';

/**
 * Console sign-in. The request and response are used only as Node's request (headers, socket) and
 * through the HTTP adapter (headers), so this controller runs on any Nest platform.
 */
@ApiTags('session')
@ApiBearerAuth()
@RequireRole('viewer')
@Controller('v1/session')
export class SessionsController {
  private readonly publicBaseUrl: string | undefined;

  constructor(
    private readonly sessions: SessionsService,
    private readonly adapter: HttpAdapterHost,
    config: ConfigService<AppConfig, true>,
  ) {
    this.publicBaseUrl = config.get('PUBLIC_BASE_URL', { infer: true });
  }

  @Post()
  @SecretAnswer()
  @ApiOperation({
    summary: 'Sign in: exchange the API key sent as a bearer token for a session cookie',
    description:
      'Answers with an HttpOnly, SameSite=Strict cookie (Secure over https) that authenticates later requests in place of the key. ' +
      'The session ends when signed out, after SESSION_IDLE_MS unused, or when the key is revoked. ' +
      'Writes made with the cookie must send X-Requested-With (any value) and, when there is an Origin, come from this server’s origin; otherwise 403 CSRF_REJECTED.',
  })
  @ApiCreated(SessionResponseDto)
  @ApiProblems(401, 429)
  async createSession(
    @CurrentActor() actor: Actor,
    @Req() req: IncomingMessage,
    @Res({ passthrough: true }) res: unknown,
  ): Promise<SessionResponseDto> {
    if (sessionOf(req) || !actor.keyId) {
      throw this.unauthenticated(
        res,
        'Sign in with an API key: send it as "Authorization: Bearer <key>".',
      );
    }
    const started = await this.sessions.start(actor.keyId);
    const http = this.adapter.httpAdapter;
    http.setHeader(res, 'Set-Cookie', sessionCookie(req, started.token, this.publicBaseUrl));
    http.setHeader(res, 'Cache-Control', 'no-store');
    http.setHeader(res, 'Location', '/v1/session');
    return {
      keyId: actor.keyId,
      name: actor.name,
      role: actor.role,
      via: 'session',
      expiresAt: started.expiresAt.toISOString(),
    };
  }

  @Get()
  @ApiOperation({ summary: 'Who is signed in: the name and role the request acts with' })
  @ApiOk(SessionResponseDto)
  @ApiProblems(401)
  getSession(@CurrentActor() actor: Actor, @Req() req: IncomingMessage): SessionResponseDto {
    const session = sessionOf(req);
    return {
      keyId: actor.keyId,
      name: actor.name,
      role: actor.role,
      via: session ? 'session' : actor.keyId ? 'key' : 'anonymous',
      expiresAt: session ? session.expiresAt.toISOString() : null,
    };
  }

  @Delete()
  @ApiOperation({
    summary: 'Sign out: end the session at once and clear its cookie',
    description:
      'With the session cookie, ends that session. With a bearer key, ends every session opened with the key (signing out everywhere).',
  })
  @ApiDeleted()
  @ApiProblems(401, 403)
  async deleteSession(
    @CurrentActor() actor: Actor,
    @Req() req: IncomingMessage,
    @Res({ passthrough: true }) res: unknown,
  ): Promise<void> {
    if (!actor.keyId) throw this.unauthenticated(res, 'Nobody is signed in.');
    const session = sessionOf(req);
    if (session) await this.sessions.end(session.id);
    else await this.sessions.endAllOf(actor.keyId);
    this.adapter.httpAdapter.setHeader(
      res,
      'Set-Cookie',
      clearedSessionCookie(req, this.publicBaseUrl),
    );
  }

  private unauthenticated(res: unknown, detail: string): DomainError {
    this.adapter.httpAdapter.setHeader(res, 'WWW-Authenticate', 'Bearer realm="claimgraph"');
    return new DomainError(ApiKeyErrors.UNAUTHENTICATED, detail);
  }
}
