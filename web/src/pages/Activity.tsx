import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Link, useLocation, useSearch } from 'wouter';
import { api, messageOf, ok, type Schemas } from '../api.js';
import { effectText, moveText, SPANS, spanStart } from '../activity.js';
import { StatusChip } from '../components/StatusChip.js';
import { formatInstant } from '../format.js';

type Change = Schemas['ActivityChangeDto'];

/** A change's sentence, with the other claim it quotes (a link's or a merge's) opening that claim. */
function Summary({ change }: { change: Change }) {
  const quote = /“[^”]*”/.exec(change.summary);
  if (!quote || !change.relatedClaimId) return <>{change.summary}</>;
  return (
    <>
      {change.summary.slice(0, quote.index)}
      <Link href={`/claims/${change.relatedClaimId}`}>{quote[0]}</Link>
      {change.summary.slice(quote.index + quote[0].length)}
    </>
  );
}

/**
 * What changed since a moment (24 hours ago unless chosen), grouped by claim, newest first: each
 * change with who made it and what it did to the status. The span and the person are in the address,
 * so a view can be shared; it updates live.
 */
export function ActivityPage() {
  const search = useSearch();
  const [location, navigate] = useLocation();
  const params = new URLSearchParams(search);
  const exact = params.get('since');
  const hours = params.get('span') ?? '24';
  const keyId = params.get('keyId') ?? '';
  const who = params.get('who') ?? '';
  // A span in hours begins when it is chosen, not at each render.
  const since = useMemo(
    () =>
      exact && !Number.isNaN(Date.parse(exact))
        ? new Date(exact).toISOString()
        : spanStart(Number(hours) || 24),
    [exact, hours],
  );

  const apply = (next: Record<string, string>): void => {
    const out = new URLSearchParams({
      span: exact || hours === '24' ? '' : hours,
      since: exact ?? '',
      keyId,
      who,
      ...next,
    });
    for (const [k, v] of [...out.entries()]) if (!v) out.delete(k);
    navigate(`${location}${out.size ? `?${out.toString()}` : ''}`, { replace: true });
  };

  const activity = useInfiniteQuery({
    queryKey: ['activity', since, keyId],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      ok(
        api.GET('/v1/activity', {
          params: {
            query: {
              since,
              limit: 20,
              ...(keyId ? { keyId } : {}),
              ...(pageParam ? { cursor: pageParam } : {}),
            },
          },
        }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
  const pages = activity.data?.pages ?? [];
  const items = pages.flatMap((p) => p.items);

  return (
    <>
      <h1>Activity</h1>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          Changed in{' '}
          <select
            value={exact ? 'moment' : hours}
            onChange={(e) =>
              e.target.value === 'moment'
                ? apply({ span: '', since: since })
                : apply({ span: e.target.value, since: '' })
            }
          >
            {SPANS.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
            <option value="moment">since a moment…</option>
          </select>
        </label>
        {exact && (
          <label>
            Since (UTC){' '}
            <input
              type="datetime-local"
              value={since.slice(0, 16)}
              onChange={(e) =>
                e.target.value && apply({ since: new Date(`${e.target.value}Z`).toISOString() })
              }
            />
          </label>
        )}
        {keyId && (
          <span>
            Only changes by <strong>{who || 'one key'}</strong>{' '}
            <button type="button" onClick={() => apply({ keyId: '', who: '' })}>
              Everyone’s
            </button>
          </span>
        )}
      </form>
      {activity.isError && <p role="alert">{messageOf(activity.error)}</p>}
      {pages.some((p) => !p.complete) && (
        <p className="notice">
          More changed in this span than one view weighs: these are the claims of its newest
          changes. Choose a shorter span to see older ones.
        </p>
      )}
      {activity.isSuccess && items.length === 0 && <p>Nothing changed since then.</p>}
      <ul className="results" data-testid="activity">
        {items.map((c) => {
          const move = moveText(c);
          return (
            <li key={c.claimId} data-claim={c.claimId}>
              <div className="line">
                {c.status ? (
                  <StatusChip status={c.status} />
                ) : (
                  <span className="chip deleted">deleted</span>
                )}
                {c.deleted ? (
                  <span className="statement">{c.statement ?? 'A deleted claim'}</span>
                ) : (
                  <Link href={`/claims/${c.claimId}`} className="statement">
                    {c.statement}
                  </Link>
                )}
                {move && <span className="move">{move}</span>}
              </div>
              <ol className="changes">
                {c.changes.map((ch) => (
                  <li key={`${ch.auditId ?? ''}-${ch.historyId ?? ''}`}>
                    <time dateTime={ch.at}>{formatInstant(ch.at)}</time>{' '}
                    {ch.actor ? (
                      <button
                        type="button"
                        className="as-link actor"
                        title={`Only ${ch.actor.name}’s changes`}
                        onClick={() => apply({ keyId: ch.actor!.keyId, who: ch.actor!.name })}
                      >
                        {ch.actor.name}
                      </button>
                    ) : (
                      <span className="actor">the server</span>
                    )}{' '}
                    <Summary change={ch} />
                    {ch.effect && <span className="effect"> {effectText(ch.effect)}</span>}
                  </li>
                ))}
              </ol>
              {c.more && !c.deleted && (
                <Link href={`/claims/${c.claimId}`} className="more">
                  More changes: see the claim’s history
                </Link>
              )}
            </li>
          );
        })}
      </ul>
      {activity.hasNextPage && (
        <button
          type="button"
          onClick={() => void activity.fetchNextPage()}
          disabled={activity.isFetchingNextPage}
        >
          More
        </button>
      )}
    </>
  );
}
