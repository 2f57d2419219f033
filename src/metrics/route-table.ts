/**
 * Route templates (`/v1/claims/:id`) for request paths, so HTTP metrics are labelled by route and
 * never by raw URL: one label value per route, however many ids are asked for.
 */
export const UNMATCHED_ROUTE = '(unmatched)';

interface Template {
  route: string;
  segments: string[];
  /** How specific it is: literal segments outrank parameters, leftmost first. */
  rank: number;
}

export class RouteTable {
  private readonly bySegments = new Map<number, Template[]>();

  constructor(routes: Iterable<string>) {
    for (const route of new Set(routes)) {
      const segments = splitPath(route);
      const rank = segments.reduce(
        (r, s, i) => r + (s.startsWith(':') ? 0 : 2 ** (segments.length - i)),
        0,
      );
      const list = this.bySegments.get(segments.length) ?? [];
      list.push({ route, segments, rank });
      this.bySegments.set(segments.length, list);
    }
    for (const list of this.bySegments.values()) list.sort((a, b) => b.rank - a.rank);
  }

  /** The template a request path falls under; the documentation's pages count as `/docs`. */
  match(url: string): string {
    const path = url.split('?', 1)[0];
    if (path === '/docs' || path.startsWith('/docs/') || path.startsWith('/docs-')) return '/docs';
    const segments = splitPath(path);
    for (const t of this.bySegments.get(segments.length) ?? []) {
      if (t.segments.every((s, i) => s.startsWith(':') || s === segments[i])) return t.route;
    }
    return UNMATCHED_ROUTE;
  }
}

function splitPath(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}

/** `v1/claims` + `:id/history` → `/v1/claims/:id/history`. */
export function joinRoute(...parts: string[]): string {
  const segments = parts.flatMap(splitPath);
  return `/${segments.join('/')}`;
}
