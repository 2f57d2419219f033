import { Controller, Delete, Get, Post, Req, Res } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
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

/** Console sign-in: trades a bearer key for a session cookie, and ends sessions. */
@ApiTags('session')
@ApiBearerAuth()
@RequireRole('viewer')
@Controller('v1/session')
export class SessionsController {
  private readonly publicBaseUrl: string | undefined;

  constructor(
    private readonly sessions: SessionsService,
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
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SessionResponseDto> {
    if (sessionOf(req) || !actor.keyId) {
      throw unauthenticated(
        reply,
        'Sign in with an API key: send it as "Authorization: Bearer <key>".',
      );
    }
    const started = await this.sessions.start(actor.keyId);
    reply.header('set-cookie', sessionCookie(req, started.token, this.publicBaseUrl));
    reply.header('Cache-Control', 'no-store');
    reply.header('Location', '/v1/session');
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
  getSession(@CurrentActor() actor: Actor, @Req() req: FastifyRequest): SessionResponseDto {
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
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    if (!actor.keyId) throw unauthenticated(reply, 'Nobody is signed in.');
    const session = sessionOf(req);
    if (session) await this.sessions.end(session.id);
    else await this.sessions.endAllOf(actor.keyId);
    reply.header('set-cookie', clearedSessionCookie(req, this.publicBaseUrl));
  }
}

function unauthenticated(reply: FastifyReply, detail: string): DomainError {
  reply.header('WWW-Authenticate', 'Bearer realm="claimgraph"');
  return new DomainError(ApiKeyErrors.UNAUTHENTICATED, detail);
}
