import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'wouter';
import { api, messageOf, ok } from '../api.js';
import { StatusChip } from '../components/StatusChip.js';
import { formatInstant, formatScore } from '../format.js';

const DAY_MS = 24 * 3_600_000;

/** What changed since a moment (24 hours ago unless chosen): the claims written since, newest first. */
export function ActivityPage() {
  const [since, setSince] = useState(() =>
    new Date(Date.now() - DAY_MS).toISOString().slice(0, 16),
  );
  const from = new Date(`${since}Z`).toISOString();
  const claims = useQuery({
    queryKey: ['activity', from],
    queryFn: () =>
      ok(
        api.GET('/v1/claims', {
          params: { query: { updatedSince: from, sort: '-updatedAt', limit: 100 } },
        }),
      ),
  });
  return (
    <>
      <h1>Activity</h1>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          Changed since (UTC){' '}
          <input type="datetime-local" value={since} onChange={(e) => setSince(e.target.value)} />
        </label>
      </form>
      {claims.isError && <p role="alert">{messageOf(claims.error)}</p>}
      {claims.isSuccess && claims.data.items.length === 0 && <p>Nothing changed since then.</p>}
      <ul className="results" data-testid="activity">
        {(claims.data?.items ?? []).map((c) => (
          <li key={c.id}>
            <div className="line">
              <StatusChip status={c.status} />
              <Link href={`/claims/${c.id}`} className="statement">
                {c.statement}
              </Link>
            </div>
            <div className="facts">
              <span>changed {formatInstant(c.updatedAt)}</span>
              <span>score {formatScore(c.score)}</span>
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}
