import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useId, useState, type FormEvent } from 'react';
import { Link, useLocation } from 'wouter';
import { api, messageOf, ok, type Schemas, type StanceKind, type Verdict } from '../api.js';
import { StatusChip } from '../components/StatusChip.js';
import {
  causeText,
  formatInstant,
  formatScore,
  groupsVersus,
  STANCE_KINDS,
  VERDICTS,
  words,
} from '../format.js';
import { canAct, useMe } from '../session.js';
import { storyMoments } from '../timeline.js';

type Group = Schemas['GroupExplanationDto'];
type Stance = Schemas['StanceResponseDto'];

/** The claim page: everything an editor reads to decide, in one screen. */
export function ClaimPage({ id }: { id: string }) {
  const me = useMe().data;
  const path = { params: { path: { id } } };
  // The claim with its stances (story order), history and verdicts: one request.
  const claim = useQuery({
    queryKey: ['claim', id, 'page'],
    queryFn: () =>
      ok(
        api.GET('/v1/claims/{id}', {
          params: { path: { id }, query: { include: 'stances,history,reviews' } },
        }),
      ),
  });
  const explanation = useQuery({
    queryKey: ['claim', id, 'corroboration'],
    queryFn: () => ok(api.GET('/v1/claims/{id}/corroboration', path)),
  });
  // The latest stance of each source, which the explanation's groups name: however many
  // stances the claim has, these are what its blocks show.
  const stances = useQuery({
    queryKey: ['claim', id, 'stances'],
    queryFn: () =>
      ok(
        api.GET('/v1/claims/{id}/stances', {
          params: { path: { id }, query: { effective: true, limit: 200 } },
        }),
      ),
  });

  if (claim.isError) return <p role="alert">{messageOf(claim.error)}</p>;
  if (!claim.data) return <p role="status">Loading…</p>;
  const c = claim.data;
  const byStance = new Map<string, Stance>((stances.data?.items ?? []).map((s) => [s.id, s]));

  return (
    <article className="claim" data-testid="claim">
      <h1>{c.statement}</h1>
      <p className="facts">
        <StatusChip status={c.status} /> <span>score {formatScore(c.score)}</span>{' '}
        <span>{groupsVersus(c.support, c.refute)} independent groups</span>{' '}
        {c.tags.map((t) => (
          <span key={t} className="tag">
            #{t}
          </span>
        ))}
        {c.dependsOnContested && <span className="flag">depends on a contested claim</span>}
      </p>
      {c.context && <p className="context">{c.context}</p>}

      <section aria-labelledby="why">
        <h2 id="why">Why it stands here</h2>
        {explanation.data && <p data-testid="summary">{explanation.data.summary}</p>}
        {explanation.data?.groups.map((g) => (
          <GroupBlock key={g.groupId} group={g} byStance={byStance} />
        ))}
        {explanation.isError && <p role="alert">{messageOf(explanation.error)}</p>}
      </section>

      <StoryTimeline claimId={id} stances={c.stances?.items ?? []} />

      <LinkedClaims claimId={id} />

      <section aria-labelledby="verdict">
        <h2 id="verdict">Verdict</h2>
        <p data-testid="review-state">
          {c.review.verdict
            ? `Standing verdict: ${words(c.review.verdict)}${c.review.divergent ? ' — it contradicts the evidence now' : ''} (${words(c.review.state)}).`
            : `No verdict yet (${words(c.review.state)}).`}
        </p>
        {(c.reviews?.items.length ?? 0) > 0 && (
          <ul className="reviews">
            {c.reviews!.items.map((r) => (
              <li key={r.id}>
                <strong>{words(r.verdict)}</strong> by {r.actor?.name ?? 'no key'} at{' '}
                {formatInstant(r.createdAt)} (status then: {r.statusAtReview}
                {r.divergent ? ', diverged' : ''}): {r.rationale}
              </li>
            ))}
          </ul>
        )}
        {c.review.verdict && <ClaimReviewPreview claimId={id} version={c.version} />}
        {canAct(me, 'editor') && c.review.verdict && c.reviews?.items[0] && (
          <WithdrawForm claimId={id} reviewId={c.reviews.items[0].id} />
        )}
        {canAct(me, 'editor') && <VerdictForm claimId={id} />}
      </section>

      {canAct(me, 'editor') && (
        <section aria-labelledby="merge">
          <h2 id="merge">Merge into another claim</h2>
          <MergeForm claimId={id} />
        </section>
      )}

      {canAct(me, 'analyst') && (
        <section aria-labelledby="add-stance">
          <h2 id="add-stance">Add a stance</h2>
          <StanceForm claimId={id} />
        </section>
      )}

      <section aria-labelledby="history">
        <h2 id="history">Status history</h2>
        <table className="history">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Change</th>
              <th scope="col">Score</th>
              <th scope="col">Because</th>
              <th scope="col">Who</th>
            </tr>
          </thead>
          <tbody>
            {[...(c.history?.items ?? [])].reverse().map((h) => (
              <tr key={h.id}>
                <td>{formatInstant(h.changedAt)}</td>
                <td>
                  {h.fromStatus ? `${h.fromStatus} → ` : ''}
                  {h.toStatus}
                </td>
                <td>
                  {h.fromScore === null ? '' : `${formatScore(h.fromScore)} → `}
                  {formatScore(h.toScore)}
                </td>
                <td>{causeText(h.cause)}</td>
                <td>{h.actor?.name ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </article>
  );
}

function GroupBlock({ group, byStance }: { group: Group; byStance: Map<string, Stance> }) {
  return (
    <section
      className={`group position-${group.position}`}
      aria-label={`Group: ${group.groupName}`}
    >
      <h3>
        {group.groupName} <span className="position">{group.position}</span>
        {group.split && <span className="flag">split</span>}
      </h3>
      <p className="group-summary">{group.summary}</p>
      <ul>
        {group.members.map((m) => {
          const stance = byStance.get(m.stanceId);
          return (
            <li key={m.stanceId}>
              <Link href={`/sources/${m.sourceId}`}>{m.sourceName}</Link>{' '}
              <span className="grade" title="Reliability grade">
                grade {m.reliability}
              </span>{' '}
              <strong>{words(m.kind)}</strong> on {formatInstant(m.statedAt)}
              {m.viaSourceName && (
                <>
                  {' '}
                  via <Link href={`/sources/${m.viaSourceId}`}>{m.viaSourceName}</Link>
                </>
              )}
              {stance?.quote && <blockquote>{stance.quote}</blockquote>}
              {stance?.evidenceUrl && (
                <a href={stance.evidenceUrl} rel="noreferrer noopener" target="_blank">
                  evidence
                </a>
              )}
              {m.countedWith && (
                <span className="counted">
                  {' '}
                  counted with {m.countedWith.sourceNames.join(', ')} ({m.countedWith.reason})
                </span>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/**
 * The story in story time: a slider over the moments stances were stated, and the claim's status
 * as of the moment chosen (GET …/corroboration?asOf=), so an editor sees how it stood before a
 * denial or after a confirmation. The latest moment is where it stands now.
 */
function StoryTimeline({ claimId, stances }: { claimId: string; stances: Stance[] }) {
  const sliderId = useId();
  const moments = storyMoments(stances);
  const [chosen, setChosen] = useState<number | null>(null);
  const index = chosen === null || chosen >= moments.length ? moments.length - 1 : chosen;
  const moment = moments.at(index);
  const asOf = useQuery({
    queryKey: ['claim', claimId, 'as-of', moment?.at],
    enabled: moment !== undefined,
    queryFn: () =>
      ok(
        api.GET('/v1/claims/{id}/corroboration', {
          params: { path: { id: claimId }, query: { asOf: moment!.at } },
        }),
      ),
  });
  if (moment === undefined) return null;
  return (
    <section aria-labelledby="story">
      <h2 id="story">Story time</h2>
      <label htmlFor={sliderId}>
        As of {formatInstant(moment.at)}
        {index === moments.length - 1 ? ' (the latest statement)' : ''}
      </label>
      <input
        id={sliderId}
        type="range"
        className="timeline"
        min={0}
        max={moments.length - 1}
        step={1}
        value={index}
        aria-valuetext={formatInstant(moment.at)}
        onChange={(e) => setChosen(Number(e.target.value))}
      />
      <ol className="moments">
        {moments.map((m, i) => (
          <li key={m.at} aria-current={i === index ? 'step' : undefined}>
            {formatInstant(m.at)}: {m.stances.map((s) => words(s.kind)).join(', ')}
          </li>
        ))}
      </ol>
      {asOf.data && (
        <p data-testid="as-of">
          <StatusChip status={asOf.data.status} /> score {formatScore(asOf.data.score)}:{' '}
          {asOf.data.summary}
        </p>
      )}
      {asOf.isError && <p role="alert">{messageOf(asOf.error)}</p>}
    </section>
  );
}

/** Cytoscape.js comes with the first page that draws a graph, not with the first load. */
const ClaimGraph = lazy(() =>
  import('../components/ClaimGraph.js').then((m) => ({ default: m.ClaimGraph })),
);

/**
 * The claims linked to this one, from and to it, with their status, and a small graph of the claims
 * within two links (GET /v1/graph with walk=links: claims and links only, so a claim with many
 * sources shows every link). A click on a claim in either opens it.
 */
function LinkedClaims({ claimId }: { claimId: string }) {
  const graph = useQuery({
    queryKey: ['claim', claimId, 'linked'],
    queryFn: () =>
      ok(
        api.GET('/v1/graph', {
          params: { query: { claimId, depth: 2, walk: 'links', maxNodes: 60 } },
        }),
      ),
  });
  const claims = new Map(
    (graph.data?.elements.nodes ?? []).flatMap((n) =>
      n.data.type === 'claim' ? [[n.data.id, n.data] as const] : [],
    ),
  );
  const links = (graph.data?.elements.edges ?? []).flatMap((e) =>
    e.data.type === 'link' && (e.data.source === claimId || e.data.target === claimId)
      ? [e.data]
      : [],
  );
  if (!graph.data || links.length === 0) return null;
  return (
    <section aria-labelledby="linked">
      <h2 id="linked">Linked claims</h2>
      <ul className="linked" data-testid="linked">
        {links.map((l) => {
          const out = l.source === claimId;
          const other = claims.get(out ? l.target : l.source);
          if (!other) return null;
          return (
            <li key={l.id}>
              {out ? `${words(l.kind)} →` : `← ${words(l.kind)} (from)`}{' '}
              <StatusChip status={other.status} />{' '}
              <Link href={`/claims/${other.id}`}>{other.statement}</Link>
              {other.dependsOnContested && (
                <span className="flag"> depends on a contested claim</span>
              )}
            </li>
          );
        })}
      </ul>
      <Suspense fallback={<p role="status">Loading the graph…</p>}>
        <ClaimGraph graph={graph.data} focus={claimId} testId="linked-graph" />
      </Suspense>
      {graph.data.truncated && (
        <p className="facts">More claims are linked further out than this graph draws.</p>
      )}
    </section>
  );
}

/** The verdict as it would be published: the schema.org ClaimReview JSON-LD, on request. */
function ClaimReviewPreview({ claimId, version }: { claimId: string; version: number }) {
  const [open, setOpen] = useState(false);
  const doc = useQuery({
    queryKey: ['claim', claimId, 'claim-review', version],
    enabled: open,
    queryFn: () =>
      ok(api.GET('/v1/claims/{id}/claim-review', { params: { path: { id: claimId } } })),
  });
  return (
    <details onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary>Preview the ClaimReview (schema.org JSON-LD)</summary>
      {doc.isError && <p role="alert">{messageOf(doc.error)}</p>}
      {doc.data !== undefined && (
        <pre className="json-ld" data-testid="claim-review" tabIndex={0}>
          {JSON.stringify(doc.data, null, 2)}
        </pre>
      )}
    </details>
  );
}

/**
 * Merges this claim, a duplicate, into another the editor finds by searching its words: the stances
 * and links move, and the page moves to the survivor.
 */
function MergeForm({ claimId }: { claimId: string }) {
  const client = useQueryClient();
  const [, navigate] = useLocation();
  const [text, setText] = useState('');
  const [into, setInto] = useState<string | null>(null);
  const q = text.trim();
  const found = useQuery({
    queryKey: ['claims', 'merge-picker', q],
    enabled: q.length >= 2,
    staleTime: 30_000,
    queryFn: () => ok(api.GET('/v1/claims', { params: { query: { q, limit: 8 } } })),
  });
  const candidates = (found.data?.items ?? []).filter((c) => c.id !== claimId);
  const merge = useMutation({
    mutationFn: (survivor: string) =>
      ok(
        api.POST('/v1/claims/{id}/merge', {
          params: { path: { id: claimId } },
          body: { into: survivor },
        }),
      ),
    onSuccess: (result) => {
      // This claim now answers 410: drop what was read of it rather than read it again.
      client.removeQueries({ queryKey: ['claim', claimId] });
      navigate(`/claims/${result.survivor.id}`);
      void client.invalidateQueries({ queryKey: ['claim', result.survivor.id] });
      void client.invalidateQueries({ queryKey: ['queue'] });
    },
  });
  return (
    <form
      aria-label="Merge into another claim"
      className="stack"
      onSubmit={(e) => {
        e.preventDefault();
        if (into) merge.mutate(into);
      }}
    >
      <label>
        Find the claim it repeats
        <input
          type="search"
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setInto(null);
          }}
          placeholder="Words of its statement"
          autoComplete="off"
        />
      </label>
      {candidates.length > 0 && (
        <fieldset>
          <legend>Merge into</legend>
          {candidates.map((c) => (
            <label key={c.id} className="choice">
              <input
                type="radio"
                name="merge-into"
                value={c.id}
                checked={into === c.id}
                onChange={() => setInto(c.id)}
              />{' '}
              <StatusChip status={c.status} /> {c.statement}
            </label>
          ))}
        </fieldset>
      )}
      {q.length >= 2 && found.isSuccess && candidates.length === 0 && (
        <p>No other claim matches.</p>
      )}
      <button type="submit" disabled={!into || merge.isPending}>
        Merge into the chosen claim
      </button>
      {merge.isError && <p role="alert">{messageOf(merge.error)}</p>}
    </form>
  );
}

/** Takes the standing verdict back, with a reason; the one before it (if any) stands again. */
function WithdrawForm({ claimId, reviewId }: { claimId: string; reviewId: string }) {
  const client = useQueryClient();
  const [reason, setReason] = useState('');
  const withdraw = useMutation({
    mutationFn: () =>
      ok(
        api.POST('/v1/reviews/{id}/withdraw', {
          params: { path: { id: reviewId } },
          body: { reason },
        }),
      ),
    onSuccess: () => {
      setReason('');
      void client.invalidateQueries({ queryKey: ['claim', claimId] });
      void client.invalidateQueries({ queryKey: ['queue'] });
    },
  });
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    withdraw.mutate();
  };
  return (
    <form onSubmit={submit} aria-label="Withdraw the standing verdict" className="stack">
      <label>
        Reason for withdrawing it
        <textarea
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          required
          maxLength={10000}
          rows={2}
        />
      </label>
      <button type="submit" disabled={withdraw.isPending}>
        Withdraw verdict
      </button>
      {withdraw.isError && <p role="alert">{messageOf(withdraw.error)}</p>}
      {withdraw.isSuccess && <p role="status">Verdict withdrawn.</p>}
    </form>
  );
}

function VerdictForm({ claimId }: { claimId: string }) {
  const client = useQueryClient();
  const [verdict, setVerdict] = useState<Verdict>('unproven');
  const [rationale, setRationale] = useState('');
  const record = useMutation({
    mutationFn: () =>
      ok(
        api.POST('/v1/claims/{id}/reviews', {
          params: { path: { id: claimId } },
          body: { verdict, rationale },
        }),
      ),
    onSuccess: () => {
      setRationale('');
      void client.invalidateQueries({ queryKey: ['claim', claimId] });
      void client.invalidateQueries({ queryKey: ['queue'] });
    },
  });
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    record.mutate();
  };
  return (
    <form onSubmit={submit} aria-label="Record a verdict" className="stack">
      <label>
        Verdict{' '}
        <select value={verdict} onChange={(e) => setVerdict(e.target.value as Verdict)}>
          {VERDICTS.map((v) => (
            <option key={v} value={v}>
              {words(v)}
            </option>
          ))}
        </select>
      </label>
      <label>
        Rationale
        <textarea
          value={rationale}
          onChange={(e) => setRationale(e.target.value)}
          required
          maxLength={10000}
          rows={3}
        />
      </label>
      <button type="submit" disabled={record.isPending}>
        Record verdict
      </button>
      {record.isError && <p role="alert">{messageOf(record.error)}</p>}
      {record.isSuccess && <p role="status">Verdict recorded.</p>}
    </form>
  );
}

function StanceForm({ claimId }: { claimId: string }) {
  const client = useQueryClient();
  const listId = useId();
  const [sourceName, setSourceName] = useState('');
  const [createKind, setCreateKind] = useState<'' | (Schemas['SourceRefDto']['kind'] & string)>('');
  const [kind, setKind] = useState<StanceKind>('asserts');
  const [statedAt, setStatedAt] = useState('');
  const [quote, setQuote] = useState('');
  const [evidenceUrl, setEvidenceUrl] = useState('');
  const query = sourceName.trim();
  // Fuzzy name search: "Ghasemi" finds "Bahram Ghassemi".
  const suggestions = useQuery({
    queryKey: ['sources', 'suggest', query],
    queryFn: () => ok(api.GET('/v1/sources', { params: { query: { q: query, limit: 8 } } })),
    enabled: query.length >= 2,
    staleTime: 30_000,
  });
  const add = useMutation({
    mutationFn: () =>
      ok(
        api.POST('/v1/claims/{id}/stances', {
          params: { path: { id: claimId } },
          body: {
            source: { name: query, ...(createKind ? { kind: createKind } : {}) },
            kind,
            ...(statedAt ? { statedAt: new Date(statedAt).toISOString() } : {}),
            ...(quote.trim() ? { quote: quote.trim() } : {}),
            ...(evidenceUrl.trim() ? { evidenceUrl: evidenceUrl.trim() } : {}),
          },
        }),
      ),
    onSuccess: () => {
      setQuote('');
      setEvidenceUrl('');
      void client.invalidateQueries({ queryKey: ['claim', claimId] });
    },
  });
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    add.mutate();
  };
  const resolved = add.data?.resolved?.source;
  return (
    <form onSubmit={submit} aria-label="Add a stance" className="stack">
      <label>
        Source
        <input
          value={sourceName}
          onChange={(e) => setSourceName(e.target.value)}
          list={listId}
          required
          autoComplete="off"
          placeholder="Name or alias; misspellings are matched"
        />
      </label>
      <datalist id={listId}>
        {(suggestions.data?.items ?? []).map((s) => (
          <option key={s.id} value={s.name}>
            {s.aliases.length ? `also ${s.aliases.join(', ')}` : s.kind}
          </option>
        ))}
      </datalist>
      <label>
        If no source has this name, create one of kind{' '}
        <select
          value={createKind}
          onChange={(e) => setCreateKind(e.target.value as typeof createKind)}
        >
          <option value="">(do not create)</option>
          {['person', 'organization', 'government', 'outlet', 'document', 'other'].map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </select>
      </label>
      <label>
        Stance{' '}
        <select value={kind} onChange={(e) => setKind(e.target.value as StanceKind)}>
          {STANCE_KINDS.map((k) => (
            <option key={k} value={k}>
              {words(k)}
            </option>
          ))}
        </select>
      </label>
      <label>
        Stated at (optional){' '}
        <input
          type="datetime-local"
          value={statedAt}
          onChange={(e) => setStatedAt(e.target.value)}
        />
      </label>
      <label>
        Quote
        <textarea value={quote} onChange={(e) => setQuote(e.target.value)} rows={2} />
      </label>
      <label>
        Evidence link{' '}
        <input type="url" value={evidenceUrl} onChange={(e) => setEvidenceUrl(e.target.value)} />
      </label>
      <button type="submit" disabled={add.isPending}>
        Add stance
      </button>
      {add.isError && <p role="alert">{messageOf(add.error)}</p>}
      {add.isSuccess && (
        <p role="status">
          Stance added
          {resolved
            ? ` (${resolved.outcome === 'created' ? 'new source' : 'existing source'})`
            : ''}
          .
        </p>
      )}
    </form>
  );
}
