import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { roleAtLeast, type Role } from '../domain/actors.js';
import { ApiKeyErrors } from '../api-keys/api-keys.errors.js';
import { DomainError } from '../domain/errors.js';
import { requestIdOf } from '../common/request-id.js';
import type { AppConfig } from '../config/env.js';
import { Authenticator, unauthenticated } from './authenticator.js';
import { PUBLIC_ROUTE, REQUIRED_ROLE, setActor } from '../common/auth.decorators.js';

/** What a route needs when it does not say: reading is for viewers, writing for analysts, deleting for editors. */
export function defaultRole(method: string): Role {
  switch (method) {
    case 'GET':
    case 'HEAD':
    case 'OPTIONS':
      return 'viewer';
    case 'DELETE':
      return 'editor';
    default:
      return 'analyst';
  }
}

/** Every route needs a key (`Authorization: Bearer cg_…`) whose role is high enough. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
    private readonly config: ConfigService<AppConfig, true>,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const req = context.switchToHttp().getRequest<FastifyRequest>();
    const required =
      this.reflector.getAllAndOverride<Role>(REQUIRED_ROLE, targets) ?? defaultRole(req.method);

    const res = context.switchToHttp().getResponse<FastifyReply>();
    const key = await this.authenticator.keyOf(req, res);
    if (!key) {
      if (required === 'viewer' && this.config.get('PUBLIC_READ', { infer: true })) {
        setActor(req, {
          keyId: null,
          role: 'viewer',
          name: 'anonymous',
          requestId: requestIdOf(req),
        });
        return true;
      }
      throw unauthenticated(res, 'Send an API key as "Authorization: Bearer <key>".');
    }
    setActor(req, { keyId: key.id, role: key.role, name: key.name, requestId: requestIdOf(req) });
    if (!roleAtLeast(key.role, required)) {
      throw new DomainError(
        ApiKeyErrors.FORBIDDEN,
        `This needs the ${required} role; the key "${key.name}" is ${key.role}.`,
      );
    }
    return true;
  }
}
