import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'wouter';
import { api, messageOf, ok } from '../api.js';
import { AgreementHeatMap } from '../components/AgreementHeatMap.js';
import { ClaimGraph } from '../components/ClaimGraph.js';
import { StatusChangesChart } from '../components/StatusChangesChart.js';
import { formatScore, groupsVersus, STATUSES } from '../format.js';

/**
 * The dashboard: claims by status and by tag, status changes per day, the most disputed claims,
 * how often independence groups agree, and the claim graph of a tag. Loaded on its own (the graph library is large), and kept current by the event stream.
 */
export default function DashboardPage() {
  const stats = useQuery({
    queryKey: ['stats'],
    queryFn: () =>
      ok(
        api.GET('/v1/stats', {
          params: { query: { include: 'claims,tags,statusChanges,mostDisputed,agreement' } },
        }),
      ),
  });
  const tags = stats.data?.tags ?? [];
  const [picked, setPicked] = useState('');
  const tag = picked || tags[0]?.tag || '';
  const graph = useQuery({
    queryKey: ['stats', 'graph', tag],
    enabled: !!tag,
    queryFn: () =>
      ok(api.GET('/v1/graph', { params: { query: { tag, depth: 2, maxNodes: 300 } } })),
  });

  if (stats.isError) return <p role="alert">{messageOf(stats.error)}</p>;
  const byStatus = stats.data?.claims?.byStatus;
  return (
    <>
      <h1>Dashboard</h1>
      <section aria-labelledby="by-status">
        <h2 id="by-status">Claims by status</h2>
        {byStatus && (
          <table className="counts" data-testid="by-status">
            <thead>
              <tr>
                {STATUSES.map((s) => (
                  <th key={s} scope="col" className={`status-${s}`}>
                    {s}
                  </th>
                ))}
                <th scope="col">total</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                {STATUSES.map((s) => (
                  <td key={s}>{byStatus[s]}</td>
                ))}
                <td>{stats.data?.claims?.total}</td>
              </tr>
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="by-tag">
        <h2 id="by-tag">Claims by tag</h2>
        <table className="counts">
          <thead>
            <tr>
              <th scope="col">tag</th>
              {STATUSES.map((s) => (
                <th key={s} scope="col">
                  {s}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {tags.map((t) => (
              <tr key={t.tag}>
                <th scope="row">
                  <Link href={`/claims?tag=${encodeURIComponent(t.tag)}`}>#{t.tag}</Link>
                </th>
                {STATUSES.map((s) => (
                  <td key={s}>{t.byStatus[s]}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section aria-labelledby="changes">
        <h2 id="changes">Status changes per day</h2>
        {stats.data?.statusChanges && <StatusChangesChart changes={stats.data.statusChanges} />}
      </section>
      <section aria-labelledby="disputed">
        <h2 id="disputed">Most disputed</h2>
        <ol>
          {(stats.data?.mostDisputed ?? []).map((c) => (
            <li key={c.id}>
              <Link href={`/claims/${c.id}`}>{c.statement}</Link> (
              {groupsVersus(c.support, c.refute)}, score {formatScore(c.score)})
            </li>
          ))}
        </ol>
      </section>
      <section aria-labelledby="agreement">
        <h2 id="agreement">How often groups agree</h2>
        {stats.data?.agreement && <AgreementHeatMap pairs={stats.data.agreement} />}
      </section>
      <section aria-labelledby="graph">
        <h2 id="graph">Claim graph</h2>
        <label>
          Tag{' '}
          <select value={tag} onChange={(e) => setPicked(e.target.value)}>
            {tags.map((t) => (
              <option key={t.tag} value={t.tag}>
                #{t.tag}
              </option>
            ))}
          </select>
        </label>
        {graph.isError && <p role="alert">{messageOf(graph.error)}</p>}
        {graph.data && <ClaimGraph graph={graph.data} />}
        {graph.data?.truncated && <p>Only the nearest 300 nodes are drawn.</p>}
      </section>
    </>
  );
}
