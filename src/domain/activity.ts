import type { ClaimStatus } from './claims.js';

/**
 * What a change did to a claim, as the activity view tells it: one verb for each kind of write that
 * concerns a claim, and `status.changed` for a change of status or score no write on the claim
 * itself explains (a recompute, a source's new grade or affiliation, an import, a source merge).
 */
export const ACTIVITY_ACTIONS = [
  'claim.created',
  'claim.edited',
  'claim.deleted',
  'claim.merged_into',
  'claim.duplicate_merged',
  'claim.unmerged',
  'claim.duplicate_unmerged',
  'stance.added',
  'stance.corrected',
  'stance.deleted',
  'verdict.recorded',
  'verdict.withdrawn',
  'link.added',
  'link.removed',
  'status.changed',
] as const;
export type ActivityAction = (typeof ACTIVITY_ACTIONS)[number];

/** An audit entry concerning a claim, as stored. */
export interface AuditFact {
  id: number;
  at: Date;
  keyId: string | null;
  requestId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
}

/** A change of a claim's status or score, as its history stores it. */
export interface HistoryFact {
  id: number;
  at: Date;
  keyId: string | null;
  requestId: string | null;
  cause: string;
  /** The record whose write caused it: a stance, claim or source. */
  causeId: string | null;
  fromStatus: ClaimStatus | null;
  toStatus: ClaimStatus;
  fromScore: number | null;
  toScore: number;
}

/** Names for the records a change mentions, looked up by the caller. */
export interface ActivityNames {
  source(id: string): string | undefined;
  claim(id: string): string | undefined;
}

export interface StatusEffect {
  fromStatus: ClaimStatus | null;
  toStatus: ClaimStatus;
  fromScore: number | null;
  toScore: number;
}

export interface ActivityChange {
  at: Date;
  keyId: string | null;
  requestId: string | null;
  action: ActivityAction;
  /** One plain sentence, without the actor ("added a stance: …"). */
  summary: string;
  entityType: string;
  entityId: string;
  auditId: number | null;
  historyId: number | null;
  /** The other claim of a link or merge. */
  relatedClaimId: string | null;
  /** The source whose stance it was. */
  sourceId: string | null;
  /** What it did to the claim's status and score, when it moved either. */
  effect: StatusEffect | null;
}

type Fields = Record<string, unknown>;
const fields = (value: unknown): Fields =>
  typeof value === 'object' && value !== null ? (value as Fields) : {};
const text = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : undefined;

/** A claim's words, shortened for a sentence. */
const quoted = (statement: string | undefined): string => {
  if (statement === undefined) return 'another claim';
  const flat = statement.replace(/\s+/g, ' ').trim();
  return `“${flat.length > 80 ? `${flat.slice(0, 79)}…` : flat}”`;
};

const words = (code: string): string => code.replace(/_/g, ' ');

/** The claim fields an edit can change, in the words an editor uses. */
const EDITABLE: readonly [string, string][] = [
  ['statement', 'statement'],
  ['context', 'context'],
  ['tags', 'tags'],
  ['occurredAt', 'date'],
  ['language', 'language'],
];

/** A link's kind as the verb between its two claims. */
const LINK_VERBS: Record<string, string> = {
  part_of: 'is part of',
  depends_on: 'depends on',
  contradicts: 'contradicts',
  related: 'is related to',
};

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

interface Described {
  action: ActivityAction;
  summary: string;
  relatedClaimId: string | null;
  sourceId: string | null;
}

/** What an audit entry did, told from the side of `claimId` (a link or merge has two sides). */
export function describeEntry(
  claimId: string,
  entry: AuditFact,
  names: ActivityNames,
): Described | undefined {
  const before = fields(entry.before);
  const after = fields(entry.after);
  const plain = (action: ActivityAction, summary: string): Described => ({
    action,
    summary,
    relatedClaimId: null,
    sourceId: null,
  });
  switch (`${entry.entityType}.${entry.action}`) {
    case 'claim.create':
      return plain('claim.created', 'created the claim');
    case 'claim.update': {
      const changed = EDITABLE.filter(([key]) => !same(before[key], after[key])).map(
        ([, label]) => label,
      );
      return plain(
        'claim.edited',
        changed.length > 0 ? `edited the claim's ${changed.join(', ')}` : 'edited the claim',
      );
    }
    case 'claim.delete':
      return plain('claim.deleted', 'deleted the claim');
    case 'claim.merge': {
      const into = text(after.into);
      if (entry.entityId === claimId)
        return {
          ...plain(
            'claim.merged_into',
            `merged this claim into ${quoted(names.claim(into ?? ''))}`,
          ),
          relatedClaimId: into ?? null,
        };
      return {
        ...plain(
          'claim.duplicate_merged',
          `merged the duplicate ${quoted(names.claim(entry.entityId))} into this claim`,
        ),
        relatedClaimId: entry.entityId,
      };
    }
    case 'claim.unmerge': {
      const from = text(before.mergedInto);
      if (entry.entityId === claimId)
        return {
          ...plain(
            'claim.unmerged',
            `took this claim back out of ${quoted(names.claim(from ?? ''))}`,
          ),
          relatedClaimId: from ?? null,
        };
      return {
        ...plain(
          'claim.duplicate_unmerged',
          `took ${quoted(names.claim(entry.entityId))} back out of this claim`,
        ),
        relatedClaimId: entry.entityId,
      };
    }
    case 'stance.create':
    case 'stance.update':
    case 'stance.delete': {
      const stance = entry.action === 'delete' ? before : after;
      const sourceId = text(stance.sourceId) ?? null;
      const source = (sourceId && names.source(sourceId)) ?? 'a source';
      const kind = words(text(stance.kind) ?? 'said');
      const viaId = text(stance.viaSourceId);
      const via = viaId ? ` (via ${names.source(viaId) ?? 'another source'})` : '';
      const said = `${source} ${kind}${via}`;
      if (entry.action === 'create')
        return { ...plain('stance.added', `added a stance: ${said}`), sourceId };
      if (entry.action === 'delete')
        return { ...plain('stance.deleted', `deleted a stance: ${said}`), sourceId };
      const wasKind = text(before.kind);
      const correction =
        wasKind && wasKind !== text(after.kind)
          ? `${source} ${words(wasKind)} → ${kind}`
          : `${source}'s stance`;
      return { ...plain('stance.corrected', `corrected ${correction}`), sourceId };
    }
    case 'review.review': {
      const verdict = text(fields(after.review).verdict);
      return plain('verdict.recorded', `recorded the verdict ${words(verdict ?? 'unknown')}`);
    }
    case 'review.withdraw': {
      const verdict = text(fields(before.review).verdict);
      const reason = text(after.reason);
      return plain(
        'verdict.withdrawn',
        `withdrew the verdict ${words(verdict ?? 'unknown')}${reason ? `: ${reason}` : ''}`,
      );
    }
    case 'link.create':
    case 'link.delete': {
      const link = entry.action === 'create' ? after : before;
      const from = text(link.fromClaimId);
      const to = text(link.toClaimId);
      const kind = LINK_VERBS[text(link.kind) ?? ''] ?? 'is linked to';
      const other = from === claimId ? to : from;
      const sentence =
        from === claimId
          ? `this claim ${kind} ${quoted(names.claim(to ?? ''))}`
          : `${quoted(names.claim(from ?? ''))} ${kind} this claim`;
      return {
        ...plain(
          entry.action === 'create' ? 'link.added' : 'link.removed',
          `${entry.action === 'create' ? 'linked' : 'unlinked'}: ${sentence}`,
        ),
        relatedClaimId: other ?? null,
      };
    }
    default:
      return undefined;
  }
}

/** Why a claim's status or score moved when no write on the claim itself says so. */
const CAUSES: Record<string, string> = {
  recompute: 'recomputed the status',
  source_changed: "a source's grade or affiliation changed",
  source_merged: 'two sources were merged into one',
  source_unmerged: 'a source merge was undone',
  import: 'imported stances',
  claim_merged: 'a claim merge moved its stances',
  claim_unmerged: 'a claim merge was undone',
};

const statusWords = (h: HistoryFact): string =>
  h.fromStatus === null
    ? `status ${words(h.toStatus)}`
    : h.fromStatus === h.toStatus
      ? `score ${h.fromScore === null ? '–' : h.fromScore.toFixed(2)} → ${h.toScore.toFixed(2)}`
      : `status ${words(h.fromStatus)} → ${words(h.toStatus)}`;

const effectOf = (h: HistoryFact): StatusEffect => ({
  fromStatus: h.fromStatus,
  toStatus: h.toStatus,
  fromScore: h.fromScore,
  toScore: h.toScore,
});

/**
 * A claim's changes, newest first: each audit entry told as a sentence, with the status or score
 * change it caused (the history entry written in the same transaction by the same key: the same
 * instant, to the millisecond), and the history entries no entry explains as changes of their own.
 */
export function claimActivity(
  claimId: string,
  entries: readonly AuditFact[],
  history: readonly HistoryFact[],
  names: ActivityNames,
): ActivityChange[] {
  const changes: ActivityChange[] = [];
  const writes = new Map<string, ActivityChange[]>();
  const writeKey = (at: Date, keyId: string | null) => `${at.getTime()}|${keyId ?? ''}`;
  for (const entry of [...entries].sort((a, b) => a.id - b.id)) {
    const told = describeEntry(claimId, entry, names);
    if (!told) continue;
    const change: ActivityChange = {
      at: entry.at,
      keyId: entry.keyId,
      requestId: entry.requestId,
      ...told,
      entityType: entry.entityType,
      entityId: entry.entityId,
      auditId: entry.id,
      historyId: null,
      effect: null,
    };
    changes.push(change);
    const key = writeKey(entry.at, entry.keyId);
    writes.set(key, [...(writes.get(key) ?? []), change]);
  }
  for (const h of [...history].sort((a, b) => a.id - b.id)) {
    // The entry of the same write about the record that caused it; else that write's newest entry
    // still without an effect (a write's several stances can be refreshed once).
    const write = (writes.get(writeKey(h.at, h.keyId)) ?? []).filter((c) => c.effect === null);
    const entry = write.find((c) => c.entityId === h.causeId) ?? write.at(-1);
    if (entry) {
      entry.effect = effectOf(h);
      entry.historyId = h.id;
      continue;
    }
    changes.push({
      at: h.at,
      keyId: h.keyId,
      requestId: h.requestId,
      action: 'status.changed',
      summary: `${CAUSES[h.cause] ?? words(h.cause)}: ${statusWords(h)}`,
      entityType: 'claim',
      entityId: claimId,
      auditId: null,
      historyId: h.id,
      relatedClaimId: null,
      sourceId: null,
      effect: effectOf(h),
    });
  }
  return changes.sort(
    (a, b) =>
      b.at.getTime() - a.at.getTime() ||
      (b.auditId ?? -1) - (a.auditId ?? -1) ||
      (b.historyId ?? -1) - (a.historyId ?? -1),
  );
}
