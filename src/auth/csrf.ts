import type { IncomingHttpHeaders } from 'node:http';

/** The header a cookie-authenticated write must carry (any value): a page on another site cannot send it. */
export const CSRF_HEADER = 'x-requested-with';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const first = (value: string | string[] | undefined): string | undefined =>
  Array.isArray(value) ? value[0] : value;

/**
 * Why a request authenticated by the session cookie must be refused as a possible cross-site
 * forgery, or null when it may go on. Reads need nothing (the cookie is SameSite=Strict and reads
 * change nothing). A write must carry the X-Requested-With header, which a form or a cross-site
 * script cannot send without the server's CORS consent (never given with credentials), and, when
 * the browser names its Origin, come from this server's own origin: the Host it was sent to (over
 * https when the connection is), or PUBLIC_BASE_URL.
 */
export function csrfRefusal(
  method: string,
  headers: IncomingHttpHeaders,
  { secure, publicBaseUrl }: { secure: boolean; publicBaseUrl?: string },
): string | null {
  if (SAFE_METHODS.has(method.toUpperCase())) return null;
  const marker = first(headers[CSRF_HEADER]);
  if (marker === undefined || marker.trim() === '') {
    return 'A write signed in by the session cookie must send the X-Requested-With header (any value), as the console does.';
  }
  const origin = first(headers.origin);
  if (origin === undefined) return null;
  const host = first(headers.host);
  const own = new Set<string>();
  if (host) own.add(`${secure ? 'https' : 'http'}://${host.toLowerCase()}`);
  if (publicBaseUrl) own.add(new URL(publicBaseUrl).origin);
  if (own.has(origin.toLowerCase())) return null;
  return `A write signed in by the session cookie must come from this server's own pages; it came from ${origin}.`;
}
