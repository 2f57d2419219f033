/**
 * The role matrix the access-control suite checks cell by cell: every route of the service, the
 * least role it needs, and what it answers when that role is met. Written out by hand from the issue
 * ("viewer reads; analyst also creates and edits; editor also deletes; admin also manages keys;
 * every route needs a key except /health") and the README's access table (editors also record
 * verdicts, merge and unmerge claims, and read the audit trail) rather than read from the code under
 * test. The suite checks that this list, the routes the app documents (`/docs-json`) and the routes
 * its HTTP router has are the same set, so a new route fails CI until it has a row here.
 */

export const ROLES = ['viewer', 'analyst', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Callers whose key is missing, broken, unknown or revoked: never let in, except on public routes. */
export const UNAUTHENTICATED_CALLERS = [
  'no key',
  'malformed Authorization',
  'unknown key',
  'revoked key',
] as const;
export type UnauthenticatedCaller = (typeof UNAUTHENTICATED_CALLERS)[number];

export const CALLERS = [...UNAUTHENTICATED_CALLERS, ...ROLES] as const;
export type Caller = (typeof CALLERS)[number];

export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface RouteRule {
  method: Method;
  /** The route as the router has it; `:id` is filled in per cell. */
  path: string;
  /** The least role that may call it; `public` needs no key at all. */
  needs: Role | 'public';
  /** The status a permitted call answers (with valid input on existing records). */
  ok: number;
  /** Not part of the API, so not in its OpenAPI document: the web console's page and files. */
  console?: true;
}

export const ROUTES = [
  { method: 'GET', path: '/health', needs: 'public', ok: 200 },
  // Prometheus text, left out of the API document; on a port of its own with METRICS_PORT.
  { method: 'GET', path: '/metrics', needs: 'viewer', ok: 200 },

  // The web console's page and files hold no data: no key needed (its screens sign in).
  { method: 'GET', path: '/', needs: 'public', ok: 200, console: true },
  { method: 'GET', path: '/sign-in', needs: 'public', ok: 200, console: true },
  { method: 'GET', path: '/queue', needs: 'public', ok: 200, console: true },
  { method: 'GET', path: '/claims', needs: 'public', ok: 200, console: true },
  { method: 'GET', path: '/claims/:id', needs: 'public', ok: 200, console: true },
  { method: 'GET', path: '/sources/:id', needs: 'public', ok: 200, console: true },
  { method: 'GET', path: '/dashboard', needs: 'public', ok: 200, console: true },
  { method: 'GET', path: '/activity', needs: 'public', ok: 200, console: true },
  { method: 'GET', path: '/assets/:file', needs: 'public', ok: 200, console: true },

  { method: 'POST', path: '/v1/sources', needs: 'analyst', ok: 201 },
  { method: 'GET', path: '/v1/sources', needs: 'viewer', ok: 200 },
  { method: 'GET', path: '/v1/sources/duplicates', needs: 'viewer', ok: 200 },
  { method: 'GET', path: '/v1/sources/:id', needs: 'viewer', ok: 200 },
  { method: 'PATCH', path: '/v1/sources/:id', needs: 'analyst', ok: 200 },
  { method: 'DELETE', path: '/v1/sources/:id', needs: 'editor', ok: 204 },

  { method: 'POST', path: '/v1/claims', needs: 'analyst', ok: 201 },
  { method: 'GET', path: '/v1/claims', needs: 'viewer', ok: 200 },
  { method: 'GET', path: '/v1/claims/:id', needs: 'viewer', ok: 200 },
  { method: 'PATCH', path: '/v1/claims/:id', needs: 'analyst', ok: 200 },
  { method: 'DELETE', path: '/v1/claims/:id', needs: 'editor', ok: 204 },

  { method: 'POST', path: '/v1/claims/:id/stances', needs: 'analyst', ok: 201 },
  { method: 'GET', path: '/v1/claims/:id/stances', needs: 'viewer', ok: 200 },
  { method: 'GET', path: '/v1/sources/:id/stances', needs: 'viewer', ok: 200 },
  { method: 'GET', path: '/v1/sources/:id/track-record', needs: 'viewer', ok: 200 },
  { method: 'GET', path: '/v1/stances/:id', needs: 'viewer', ok: 200 },
  { method: 'PATCH', path: '/v1/stances/:id', needs: 'analyst', ok: 200 },
  { method: 'DELETE', path: '/v1/stances/:id', needs: 'editor', ok: 204 },

  { method: 'POST', path: '/v1/claims/:id/links', needs: 'analyst', ok: 201 },
  { method: 'GET', path: '/v1/claims/:id/links', needs: 'viewer', ok: 200 },
  { method: 'GET', path: '/v1/links/:id', needs: 'viewer', ok: 200 },
  { method: 'DELETE', path: '/v1/links/:id', needs: 'editor', ok: 204 },

  { method: 'GET', path: '/v1/claims/:id/corroboration', needs: 'viewer', ok: 200 },
  { method: 'GET', path: '/v1/claims/:id/history', needs: 'viewer', ok: 200 },
  { method: 'GET', path: '/v1/graph', needs: 'viewer', ok: 200 },
  // A stream; the matrix asks for the backlog only (follow=false), which ends.
  { method: 'GET', path: '/v1/events', needs: 'viewer', ok: 200 },
  { method: 'GET', path: '/v1/stats', needs: 'viewer', ok: 200 },
  { method: 'GET', path: '/v1/activity', needs: 'viewer', ok: 200 },

  // Editorial review: only editors give verdicts; everyone who reads may see them.
  { method: 'POST', path: '/v1/claims/:id/reviews', needs: 'editor', ok: 201 },
  { method: 'GET', path: '/v1/claims/:id/reviews', needs: 'viewer', ok: 200 },
  { method: 'GET', path: '/v1/reviews/queue', needs: 'viewer', ok: 200 },
  { method: 'POST', path: '/v1/reviews/:id/withdraw', needs: 'editor', ok: 200 },
  { method: 'GET', path: '/v1/claims/:id/claim-review', needs: 'viewer', ok: 200 },
  { method: 'GET', path: '/v1/claim-reviews', needs: 'viewer', ok: 200 },

  // Merging duplicates is an editor's call, and so is undoing it.
  { method: 'POST', path: '/v1/claims/:id/merge', needs: 'editor', ok: 200 },
  { method: 'POST', path: '/v1/claims/:id/unmerge', needs: 'editor', ok: 200 },
  { method: 'POST', path: '/v1/sources/:id/merge', needs: 'editor', ok: 200 },
  { method: 'POST', path: '/v1/sources/:id/unmerge', needs: 'editor', ok: 200 },

  // Bulk transfer: an import only creates records, as POST routes do; an export is a read.
  { method: 'POST', path: '/v1/import', needs: 'analyst', ok: 200 },
  { method: 'GET', path: '/v1/export', needs: 'viewer', ok: 200 },

  // The audit trail is for editors, not for every reader (not even with PUBLIC_READ).
  { method: 'GET', path: '/v1/audit', needs: 'editor', ok: 200 },

  // Console sign-in: any key may open a session for itself, see who it is, and sign out.
  { method: 'POST', path: '/v1/session', needs: 'viewer', ok: 201 },
  { method: 'GET', path: '/v1/session', needs: 'viewer', ok: 200 },
  { method: 'DELETE', path: '/v1/session', needs: 'viewer', ok: 204 },

  { method: 'POST', path: '/v1/api-keys', needs: 'admin', ok: 201 },
  { method: 'GET', path: '/v1/api-keys', needs: 'admin', ok: 200 },
  { method: 'GET', path: '/v1/api-keys/:id', needs: 'admin', ok: 200 },
  { method: 'DELETE', path: '/v1/api-keys/:id', needs: 'admin', ok: 204 },
] as const satisfies readonly RouteRule[];

export type Route = (typeof ROUTES)[number];
type KeyOf<R> = R extends { method: infer M extends string; path: infer P extends string }
  ? `${M} ${P}`
  : never;
/** `GET /v1/sources`, …: exactly one per route (KeyOf distributes over the union of routes). */
export type RouteKey = KeyOf<Route>;
export const routeKey = (r: Route): RouteKey => `${r.method} ${r.path}` as RouteKey;

const RANK: Record<Role, number> = { viewer: 0, analyst: 1, editor: 2, admin: 3 };

/** What one cell of the matrix must answer: the route's success status, 401 or 403. */
export function expectedOutcome(route: RouteRule, caller: Caller): 'ok' | 401 | 403 {
  if (route.needs === 'public') return 'ok';
  if ((UNAUTHENTICATED_CALLERS as readonly string[]).includes(caller)) return 401;
  return RANK[caller as Role] >= RANK[route.needs] ? 'ok' : 403;
}

export const isWrite = (route: RouteRule): boolean => route.method !== 'GET';

/** Every table a request could write to: a refused request must leave all of them as they were. */
export const TABLES = [
  'sources',
  'claims',
  'stances',
  'claim_links',
  'api_keys',
  'idempotency_records',
  'claim_reviews',
  'claim_history',
  'audit_log',
  'events',
  'claim_group_sides',
  'sessions',
] as const;
