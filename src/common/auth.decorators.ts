import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Role, Actor } from '../domain/actors.js';

export const PUBLIC_ROUTE = 'claimgraph:public';
export const REQUIRED_ROLE = 'claimgraph:role';

/** No key needed (health). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_ROUTE, true);

/** Overrides the role a route needs (by default: GET viewer, POST/PATCH analyst, DELETE editor). */
export const RequireRole = (role: Role): MethodDecorator & ClassDecorator =>
  SetMetadata(REQUIRED_ROLE, role);

const ACTOR = Symbol('actor');

export const setActor = (req: FastifyRequest, actor: Actor): void => {
  (req as FastifyRequest & { [ACTOR]?: Actor })[ACTOR] = actor;
};

export const actorOf = (req: FastifyRequest): Actor | undefined =>
  (req as FastifyRequest & { [ACTOR]?: Actor })[ACTOR];

/** The console session a request was signed in by, when it came with the session cookie. */
export interface RequestSession {
  id: string;
  /** When the session ends if it is not used again. */
  expiresAt: Date;
}

const SESSION = Symbol('session');

export const setSession = (req: FastifyRequest, session: RequestSession): void => {
  (req as FastifyRequest & { [SESSION]?: RequestSession })[SESSION] = session;
};

export const sessionOf = (req: FastifyRequest): RequestSession | undefined =>
  (req as FastifyRequest & { [SESSION]?: RequestSession })[SESSION];

/** The address a request came from (the socket's: the app trusts no proxy headers). */
export const addressOf = (req: FastifyRequest): string =>
  req.ip ?? req.socket.remoteAddress ?? 'unknown';

/** Whom per-caller limits count a request against: its API key, or its address when anonymous. */
export const callerOf = (req: FastifyRequest): string => {
  const keyId = actorOf(req)?.keyId;
  return keyId ? `key:${keyId}` : `ip:${addressOf(req)}`;
};

/** The authenticated caller of this request. */
export const CurrentActor = createParamDecorator((_data: unknown, ctx: ExecutionContext): Actor => {
  const actor = actorOf(ctx.switchToHttp().getRequest<FastifyRequest>());
  if (!actor) throw new Error('CurrentActor used on a route the auth guard did not run for');
  return actor;
});
