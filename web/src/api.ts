/**
 * The console's one way to the API: the project's typed client (src/client), on this origin, with
 * the session cookie the browser sends by itself, and the header cookie-authenticated writes need.
 */
import { createClaimgraphClient, ok, ProblemError, type Schemas } from '../../src/client/index.js';

export { ok, ProblemError };
export type { Schemas };
export type Claim = Schemas['ClaimResponseDto'];
export type ClaimStatus = Claim['status'];
export type Verdict = Schemas['CreateReviewDto']['verdict'];
export type StanceKind = Schemas['CreateStanceDto']['kind'];
export type Me = Schemas['SessionResponseDto'];

/** Aborts the requests under way, for signing out: their answers could only be refusals now. */
let underWay = new AbortController();
export function abortRequests(): void {
  underWay.abort();
  underWay = new AbortController();
}

export const api = createClaimgraphClient({
  baseUrl: window.location.origin,
  headers: { 'X-Requested-With': 'claimgraph-console' },
  // TanStack Query is the console's cache: the browser's HTTP cache would only add revalidations.
  fetch: (request) =>
    fetch(
      new Request(request, {
        cache: 'no-store',
        signal: AbortSignal.any([request.signal, underWay.signal]),
      }),
    ),
});

/** What to tell a person about a failed call. */
export function messageOf(error: unknown): string {
  if (error instanceof ProblemError) {
    const fields = (error.problem?.errors ?? []).map((e) => `${e.field}: ${e.message}`);
    return [error.problem?.detail ?? error.message, ...fields].join(' ');
  }
  return error instanceof Error ? error.message : String(error);
}

export const isUnauthenticated = (error: unknown): boolean =>
  error instanceof ProblemError && error.status === 401;
