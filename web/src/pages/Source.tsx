import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'wouter';
import { api, messageOf, ok, type Schemas } from '../api.js';
import { formatInstant, words } from '../format.js';
import { canAct, useMe } from '../session.js';

type Grade = Schemas['SourceResponseDto']['reliability'];
const GRADES: Grade[] = ['A', 'B', 'C', 'D', 'E', 'F'];

/**
 * A source: its affiliation chain and independence group, its grade, how often its group agrees
 * with other groups, and everything it said.
 */
export function SourcePage({ id }: { id: string }) {
  const me = useMe().data;
  const source = useQuery({
    queryKey: ['source', id],
    queryFn: () => ok(api.GET('/v1/sources/{id}', { params: { path: { id } } })),
  });
  // The chain upwards: each parent, one request each (chains are a few links long).
  const chain = useQuery({
    queryKey: ['source', id, 'chain', source.data?.affiliatedWithId],
    enabled: !!source.data,
    queryFn: async () => {
      const up: Schemas['SourceResponseDto'][] = [];
      let next = source.data?.affiliatedWithId ?? null;
      while (next && up.length < 10) {
        const parent = await ok(api.GET('/v1/sources/{id}', { params: { path: { id: next } } }));
        up.push(parent);
        next = parent.affiliatedWithId;
      }
      return up;
    },
  });
  // The claims it spoke on, for their statements (one request, not one per claim).
  const spokeOn = useQuery({
    queryKey: ['source', id, 'claims'],
    queryFn: () => ok(api.GET('/v1/claims', { params: { query: { sourceId: id, limit: 200 } } })),
  });
  const statements = new Map((spokeOn.data?.items ?? []).map((c) => [c.id, c.statement]));
  const said = useQuery({
    queryKey: ['source', id, 'stances'],
    queryFn: () =>
      ok(api.GET('/v1/sources/{id}/stances', { params: { path: { id }, query: { limit: 200 } } })),
  });

  // How often its independence group took the same side as each other group on shared claims.
  const agreement = useQuery({
    queryKey: ['source', id, 'agreement'],
    queryFn: () =>
      ok(
        api.GET('/v1/stats', {
          params: { query: { include: 'agreement', groupId: id, agreementLimit: 20 } },
        }),
      ),
  });

  if (source.isError) return <p role="alert">{messageOf(source.error)}</p>;
  if (!source.data) return <p role="status">Loading…</p>;
  const s = source.data;
  return (
    <article data-testid="source">
      <h1>{s.name}</h1>
      <p className="facts">
        <span>{s.kind}</span>
        <span>grade {s.reliability}</span>
        {s.anonymous && <span>anonymous</span>}
        {s.aliases.length > 0 && <span>also known as {s.aliases.join(', ')}</span>}
      </p>
      {s.description && <p>{s.description}</p>}
      {canAct(me, 'analyst') && <GradeForm source={s} />}
      <section aria-labelledby="chain">
        <h2 id="chain">Affiliation and independence group</h2>
        {chain.data && chain.data.length > 0 ? (
          <p>
            {s.name}
            {chain.data.map((p) => (
              <span key={p.id}>
                {' '}
                → <Link href={`/sources/${p.id}`}>{p.name}</Link>
              </span>
            ))}
            . They speak as one independence group.
          </p>
        ) : (
          <p>Affiliated with no other source: its own independence group.</p>
        )}
      </section>
      <section aria-labelledby="agrees">
        <h2 id="agrees">How often its group agrees with others</h2>
        {(agreement.data?.agreement ?? []).length === 0 ? (
          <p>Its group has not taken sides on a claim another group took sides on.</p>
        ) : (
          <table className="counts" data-testid="group-agreement">
            <thead>
              <tr>
                <th scope="col">other group</th>
                <th scope="col">agreed</th>
                <th scope="col">disagreed</th>
                <th scope="col">share agreed</th>
              </tr>
            </thead>
            <tbody>
              {agreement.data!.agreement!.map((p) => (
                <tr key={p.groupB.id}>
                  <th scope="row">
                    <Link href={`/sources/${p.groupB.id}`}>{p.groupB.name ?? 'unnamed group'}</Link>
                  </th>
                  <td>{p.agree}</td>
                  <td>{p.disagree}</td>
                  <td>
                    {p.agree + p.disagree > 0
                      ? `${Math.round((100 * p.agree) / (p.agree + p.disagree))}%`
                      : '–'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="said">
        <h2 id="said">Everything it said</h2>
        <ul>
          {(said.data?.items ?? []).map((st) => (
            <li key={st.id}>
              {formatInstant(st.statedAt)}: <strong>{words(st.kind)}</strong>{' '}
              <Link href={`/claims/${st.claimId}`}>{statements.get(st.claimId) ?? 'a claim'}</Link>
              {st.quote && <blockquote>{st.quote}</blockquote>}
            </li>
          ))}
        </ul>
      </section>
    </article>
  );
}

function GradeForm({ source }: { source: Schemas['SourceResponseDto'] }) {
  const client = useQueryClient();
  const [grade, setGrade] = useState<Grade>(source.reliability);
  const save = useMutation({
    mutationFn: () =>
      ok(
        api.PATCH('/v1/sources/{id}', {
          params: { path: { id: source.id }, header: { 'If-Match': `"${source.version}"` } },
          body: { reliability: grade },
        }),
      ),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['source', source.id] }),
  });
  return (
    <form
      className="filters"
      aria-label="Change the grade"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <label>
        Reliability grade{' '}
        <select value={grade} onChange={(e) => setGrade(e.target.value as Grade)}>
          {GRADES.map((g) => (
            <option key={g}>{g}</option>
          ))}
        </select>
      </label>
      <button type="submit" disabled={save.isPending || grade === source.reliability}>
        Save grade
      </button>
      {save.isError && <p role="alert">{messageOf(save.error)}</p>}
    </form>
  );
}
