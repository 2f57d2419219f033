import type { FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { clearedSessionCookie, sessionCookie } from './session-cookie.js';

const request = (encrypted: boolean) => ({ socket: { encrypted } }) as unknown as FastifyRequest;

describe('session cookie', () => {
  it('is HttpOnly and SameSite=Strict for the whole site, Secure only over https', () => {
    expect(sessionCookie(request(false), 'cgs_t')).toBe(
      'cg_session=cgs_t; Path=/; HttpOnly; SameSite=Strict',
    );
    expect(sessionCookie(request(true), 'cgs_t')).toBe(
      'cg_session=cgs_t; Path=/; HttpOnly; Secure; SameSite=Strict',
    );
    // Behind a TLS-terminating proxy the connection is plain, but the console is served over https.
    expect(sessionCookie(request(false), 'cgs_t', 'https://news.example')).toMatch(/; Secure;/);
  });

  it('is cleared with an expiry in the past', () => {
    expect(clearedSessionCookie(request(false))).toBe(
      'cg_session=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Strict',
    );
  });
});
