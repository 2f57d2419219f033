import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useLocation, useSearch } from 'wouter';
import { api, messageOf, ok, type ClaimStatus } from '../api.js';
import { StatusChip } from '../components/StatusChip.js';
import { formatInstant, formatScore, groupsVersus, STATUSES } from '../format.js';
import { Snippet } from '../components/Snippet.js';

const SORTS = {
  '': 'best match, else latest change',
  '-score': 'highest score',
  score: 'lowest score',
  '-statusChangedAt': 'latest status change',
  '-updatedAt': 'latest edit',
} as const;
type Sort = keyof typeof SORTS;

/** Claims: full-text search with highlighted snippets, filters, sort and paging, all in the address. */
export function ClaimsPage() {
  const search = useSearch();
  const [location, navigate] = useLocation();
  const params = new URLSearchParams(search);
  const q = params.get('q') ?? '';
  const status = (params.get('status') ?? '') as ClaimStatus | '';
  const tag = params.get('tag') ?? '';
  const sort = (params.get('sort') ?? '') as Sort;
  const [draft, setDraft] = useState({ q, tag });

  const apply = (next: Record<string, string>): void => {
    const out = new URLSearchParams({ q, status, tag, sort, ...next });
    for (const [k, v] of [...out.entries()]) if (!v) out.delete(k);
    navigate(`${location}${out.size ? `?${out.toString()}` : ''}`, { replace: true });
  };

  const claims = useInfiniteQuery({
    queryKey: ['claims', q, status, tag, sort],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      ok(
        api.GET('/v1/claims', {
          params: {
            query: {
              limit: 25,
              ...(q ? { q } : {}),
              ...(status ? { status } : {}),
              ...(tag ? { tag } : {}),
              ...(sort ? { sort } : {}),
              ...(pageParam ? { cursor: pageParam } : {}),
            },
          },
        }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    apply({ q: draft.q.trim(), tag: draft.tag.trim() });
  };
  const items = claims.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <>
      <h1>Claims</h1>
      <form className="filters" role="search" onSubmit={submit}>
        <label>
          Search{' '}
          <input
            type="search"
            value={draft.q}
            onChange={(e) => setDraft({ ...draft, q: e.target.value })}
          />
        </label>
        <label>
          Status{' '}
          <select value={status} onChange={(e) => apply({ status: e.target.value })}>
            <option value="">any</option>
            {STATUSES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          Tag{' '}
          <input
            value={draft.tag}
            size={12}
            onChange={(e) => setDraft({ ...draft, tag: e.target.value })}
          />
        </label>
        <label>
          Sort{' '}
          <select value={sort} onChange={(e) => apply({ sort: e.target.value })}>
            {Object.entries(SORTS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Search</button>
      </form>
      {claims.isError && <p role="alert">{messageOf(claims.error)}</p>}
      {claims.isSuccess && items.length === 0 && <p>No claims match.</p>}
      <ul className="results" data-testid="claims">
        {items.map((c) => (
          <li key={c.id}>
            <div className="line">
              <StatusChip status={c.status} />
              <Link href={`/claims/${c.id}`} className="statement">
                {c.statement}
              </Link>
            </div>
            {c.match && <Snippet text={c.match.snippet} />}
            <div className="facts">
              <span>score {formatScore(c.score)}</span>
              <span>{groupsVersus(c.support, c.refute)}</span>
              <span>status since {formatInstant(c.statusChangedAt)}</span>
            </div>
          </li>
        ))}
      </ul>
      {claims.hasNextPage && (
        <button
          type="button"
          onClick={() => void claims.fetchNextPage()}
          disabled={claims.isFetchingNextPage}
        >
          More
        </button>
      )}
    </>
  );
}
