import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Link, useLocation, useSearch } from 'wouter';
import { api, messageOf, ok, type ClaimStatus, type Schemas } from '../api.js';
import { StatusChip } from '../components/StatusChip.js';
import { formatScore, groupsVersus, queueReason, STATUSES, words } from '../format.js';
import { leaveKeyAlone, listKey } from '../list-navigation.js';

type QueueItem = Schemas['QueueItemDto'];

/** The filters live in the address, so a filtered queue can be shared. */
function useFilters() {
  const search = useSearch();
  const [location, navigate] = useLocation();
  const params = new URLSearchParams(search);
  const filters = {
    status: (params.get('status') ?? '') as ClaimStatus | '',
    tag: params.get('tag') ?? '',
    divergent: params.get('divergent') === 'true',
  };
  const set = (next: Partial<typeof filters>): void => {
    const merged = { ...filters, ...next };
    const out = new URLSearchParams();
    if (merged.status) out.set('status', merged.status);
    if (merged.tag) out.set('tag', merged.tag);
    if (merged.divergent) out.set('divergent', 'true');
    const query = out.toString();
    navigate(query ? `${location}?${query}` : location, { replace: true });
  };
  return [filters, set] as const;
}

export function QueuePage() {
  const [filters, setFilters] = useFilters();
  const [tagDraft, setTagDraft] = useState(filters.tag);
  const [selected, setSelected] = useState(-1);
  const [, navigate] = useLocation();
  const rows = useRef<(HTMLElement | null)[]>([]);

  const queue = useQuery({
    queryKey: ['queue', filters.status, filters.tag],
    queryFn: () =>
      ok(
        api.GET('/v1/reviews/queue', {
          params: {
            query: {
              limit: 100,
              ...(filters.status ? { status: filters.status } : {}),
              ...(filters.tag ? { tag: filters.tag } : {}),
            },
          },
        }),
      ),
    placeholderData: keepPreviousData,
  });
  // Divergent claims come first in the queue, so the first page holds them all in practice.
  const items: QueueItem[] = (queue.data?.items ?? []).filter(
    (c) => !filters.divergent || c.review.divergent,
  );

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      if (leaveKeyAlone(event.key, event.target)) return;
      const result = listKey(event.key, selected, items.length);
      if (!result) return;
      event.preventDefault();
      setSelected(result.index);
      if (result.open) navigate(`/claims/${items[result.index].id}`);
      else rows.current[result.index]?.scrollIntoView({ block: 'nearest' });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [selected, items, navigate]);

  return (
    <>
      <h1>Review queue</h1>
      <p className="hint">
        What needs an editor now: claims whose status moved since their last verdict, and verdicts
        the evidence now contradicts. Keys: <kbd>j</kbd>/<kbd>k</kbd> to move, <kbd>Enter</kbd> to
        open.
      </p>
      <form
        className="filters"
        aria-label="Filter the queue"
        onSubmit={(e) => {
          e.preventDefault();
          setFilters({ tag: tagDraft.trim() });
        }}
      >
        <label>
          Status{' '}
          <select
            value={filters.status}
            onChange={(e) => setFilters({ status: e.target.value as ClaimStatus | '' })}
          >
            <option value="">any</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          Tag <input value={tagDraft} onChange={(e) => setTagDraft(e.target.value)} size={14} />
        </label>
        <button type="submit">Apply</button>
        <label>
          <input
            type="checkbox"
            checked={filters.divergent}
            onChange={(e) => setFilters({ divergent: e.target.checked })}
          />{' '}
          Divergent verdicts only
        </label>
      </form>
      {queue.isError && <p role="alert">{messageOf(queue.error)}</p>}
      {queue.isSuccess && items.length === 0 && <p>Nothing needs review.</p>}
      <ol className="queue" aria-label="Claims to review" data-testid="queue">
        {items.map((claim, i) => (
          <li
            key={claim.id}
            ref={(el) => {
              rows.current[i] = el;
            }}
            className={i === selected ? 'selected' : undefined}
            aria-current={i === selected ? 'true' : undefined}
            data-claim-id={claim.id}
          >
            <div className="line">
              <StatusChip status={claim.status} />
              <Link href={`/claims/${claim.id}`} className="statement">
                {claim.statement}
              </Link>
            </div>
            <div className="facts">
              <span title="Score">score {formatScore(claim.score)}</span>
              <span title="Independent groups supporting vs refuting">
                {groupsVersus(claim.support, claim.refute)}
              </span>
              {claim.review.verdict && (
                <span className={claim.review.divergent ? 'verdict divergent' : 'verdict'}>
                  verdict: {words(claim.review.verdict)}
                  {claim.review.divergent ? ' (diverges)' : ''}
                </span>
              )}
              {claim.dependsOnContested && (
                <span className="flag">depends on a contested claim</span>
              )}
              {claim.tags.map((t) => (
                <span key={t} className="tag">
                  #{t}
                </span>
              ))}
            </div>
            <p className="why">
              {queueReason(claim.review, claim.lastChange)}
              {claim.lastChange?.actor ? ` By ${claim.lastChange.actor.name}.` : ''}
            </p>
          </li>
        ))}
      </ol>
    </>
  );
}
