/**
 * The typed client for Claimgraph's HTTP API: openapi-fetch over the types generated from the API
 * document (schema.ts, from docs/openapi.json by `npm run client:generate`). Paths, parameters,
 * bodies and answers are checked by the compiler, so a caller cannot drift from the API.
 *
 *   const api = createClaimgraphClient({ baseUrl: 'http://127.0.0.1:3000', key: 'cg_…' });
 *   const source = await ok(api.POST('/v1/sources', { body: { name: 'Reuters', kind: 'outlet' } }));
 *
 * It runs wherever `fetch` does: Node ≥ 20 and browsers. It imports nothing of the server.
 */
import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './schema.js';

export type { components, operations, paths } from './schema.js';

/** The document's schemas by name, e.g. `Schemas['ClaimResponseDto']`. */
export type Schemas = components['schemas'];
/** A refusal: application/problem+json (RFC 9457) with a stable `code`. */
export type Problem = Schemas['ProblemDto'];
export type ClaimgraphClient = Client<paths>;

export interface ClaimgraphClientOptions {
  /** The server's address, e.g. http://127.0.0.1:3000 (the API's paths start with /v1). */
  baseUrl: string;
  /** An API key (cg_…), sent as a bearer token. Leave it out for public routes or a session cookie. */
  key?: string;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
  /** Another fetch (a test's, or one with a proxy); the global one by default. */
  fetch?: (input: Request) => Promise<Response>;
}

export function createClaimgraphClient(options: ClaimgraphClientOptions): ClaimgraphClient {
  return createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    headers: {
      ...options.headers,
      ...(options.key ? { authorization: `Bearer ${options.key}` } : {}),
    },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}

/** A request the server refused: its status and the problem it answered. */
export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | undefined,
    readonly request: string,
  ) {
    const said = problem ? ` ${problem.code}: ${problem.detail ?? problem.title}` : '';
    const fields = (problem?.errors ?? []).map((e) => `\n  ${e.field}: ${e.message}`).join('');
    super(`${request} answered ${status}${said}${fields}`);
    this.name = 'ProblemError';
  }
}

const isProblem = (value: unknown): value is Problem =>
  typeof value === 'object' && value !== null && 'code' in value && 'status' in value;

/**
 * The answer of a call that succeeded, or a ProblemError carrying the refusal:
 * `const claim = await ok(api.GET('/v1/claims/{id}', { params: { path: { id } } }))`.
 */
export async function ok<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  const { data, error, response } = await call;
  if (response.ok) return data as T;
  const request = `${response.url ? new URL(response.url).pathname : 'the request'}`;
  throw new ProblemError(response.status, isProblem(error) ? error : undefined, request);
}
