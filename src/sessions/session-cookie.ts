import { serialize } from 'cookie';
import type { FastifyRequest } from 'fastify';
import type { TLSSocket } from 'node:tls';
import { SESSION_COOKIE } from './sessions.service.js';

/** Whether the request reached this server over TLS (the app trusts no proxy headers). */
const overTls = (req: FastifyRequest): boolean =>
  Boolean((req.socket as Partial<TLSSocket>).encrypted);

/**
 * The Set-Cookie value for a session: HttpOnly (no script reads it), SameSite=Strict (no other
 * site's page sends it), Secure when the console is served over https, for the whole site, and
 * with no Max-Age, so it is gone when the browser closes (the server ends it after SESSION_IDLE_MS).
 */
export function sessionCookie(req: FastifyRequest, token: string, publicBaseUrl?: string): string {
  return serialize(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: overTls(req) || Boolean(publicBaseUrl?.startsWith('https:')),
    path: '/',
  });
}

/** The Set-Cookie value that makes the browser forget the session cookie. */
export function clearedSessionCookie(req: FastifyRequest, publicBaseUrl?: string): string {
  return serialize(SESSION_COOKIE, '', {
    httpOnly: true,
    sameSite: 'strict',
    secure: overTls(req) || Boolean(publicBaseUrl?.startsWith('https:')),
    path: '/',
    expires: new Date(0),
  });
}
