import { describe, expect, it } from 'vitest';
import { claimActivity, describeEntry, type AuditFact, type HistoryFact } from './activity.js';

const CLAIM = '00000000-0000-4000-8000-000000000001';
const OTHER = '00000000-0000-4000-8000-000000000002';
const SOURCE = '00000000-0000-4000-8000-00000000000a';
const RELAY = '00000000-0000-4000-8000-00000000000b';
const KEY = '00000000-0000-4000-8000-0000000000ff';

const names = {
  source: (id: string) => ({ [SOURCE]: 'Foreign Ministry', [RELAY]: 'State TV' })[id],
  claim: (id: string) => ({ [OTHER]: 'A meeting was requested in writing.' })[id],
};

let nextId = 1;
const entry = (over: Partial<AuditFact>): AuditFact => ({
  id: nextId++,
  at: new Date('2026-12-01T10:00:00.000Z'),
  keyId: KEY,
  requestId: null,
  action: 'create',
  entityType: 'stance',
  entityId: '00000000-0000-4000-8000-000000000100',
  before: null,
  after: null,
  ...over,
});
const history = (over: Partial<HistoryFact>): HistoryFact => ({
  id: nextId++,
  at: new Date('2026-12-01T10:00:00.000Z'),
  keyId: KEY,
  requestId: null,
  cause: 'stance_added',
  causeId: null,
  fromStatus: 'unverified',
  toStatus: 'corroborated',
  fromScore: 0.4,
  toScore: 0.7,
  ...over,
});

describe('telling an audit entry as a change to one claim', () => {
  it('names the source, its stance and the relay it came through', () => {
    const told = describeEntry(
      CLAIM,
      entry({
        after: {
          claimId: CLAIM,
          sourceId: SOURCE,
          kind: 'declines_to_confirm',
          viaSourceId: RELAY,
        },
      }),
      names,
    );
    expect(told).toEqual({
      action: 'stance.added',
      summary: 'added a stance: Foreign Ministry declines to confirm (via State TV)',
      relatedClaimId: null,
      sourceId: SOURCE,
    });
  });

  it('says what a correction changed, and falls back to "a source" for one it cannot name', () => {
    const corrected = describeEntry(
      CLAIM,
      entry({
        action: 'update',
        before: { sourceId: SOURCE, kind: 'asserts' },
        after: { sourceId: SOURCE, kind: 'denies' },
      }),
      names,
    );
    expect(corrected?.summary).toBe('corrected Foreign Ministry asserts → denies');
    const unknown = describeEntry(
      CLAIM,
      entry({ action: 'delete', before: { kind: 'confirms' } }),
      names,
    );
    expect(unknown?.summary).toBe('deleted a stance: a source confirms');
  });

  it('lists the fields an edit changed, in plain words', () => {
    const told = describeEntry(
      CLAIM,
      entry({
        entityType: 'claim',
        action: 'update',
        entityId: CLAIM,
        before: { statement: 'a', tags: ['x'], occurredAt: null, context: null },
        after: {
          statement: 'b',
          tags: ['x'],
          occurredAt: '2026-01-01T00:00:00.000Z',
          context: null,
        },
      }),
      names,
    );
    expect(told?.summary).toBe("edited the claim's statement, date");
  });

  it('tells a link from either end, and a withdrawal with its reason', () => {
    const link = entry({
      entityType: 'link',
      after: { fromClaimId: CLAIM, toClaimId: OTHER, kind: 'depends_on' },
    });
    expect(describeEntry(CLAIM, link, names)?.summary).toBe(
      'linked: this claim depends on “A meeting was requested in writing.”',
    );
    expect(describeEntry(OTHER, link, names)?.summary).toBe(
      'linked: another claim depends on this claim',
    );
    const related = entry({
      entityType: 'link',
      action: 'delete',
      before: { fromClaimId: OTHER, toClaimId: CLAIM, kind: 'related' },
    });
    expect(describeEntry(CLAIM, related, names)?.summary).toBe(
      'unlinked: “A meeting was requested in writing.” is related to this claim',
    );
    const withdrawn = entry({
      entityType: 'review',
      action: 'withdraw',
      before: { review: { claimId: CLAIM, verdict: 'mostly_false' } },
      after: { reason: 'Recorded on the wrong claim' },
    });
    expect(describeEntry(CLAIM, withdrawn, names)?.summary).toBe(
      'withdrew the verdict mostly false: Recorded on the wrong claim',
    );
  });

  it('shortens a long statement it quotes', () => {
    const long = 'word '.repeat(40);
    const told = describeEntry(
      CLAIM,
      entry({ entityType: 'claim', action: 'merge', entityId: CLAIM, after: { into: OTHER } }),
      { ...names, claim: () => long },
    );
    expect(told?.summary).toMatch(/^merged this claim into “(word ){15}word…”$/);
  });

  it('leaves out entries that are not about claims', () => {
    expect(
      describeEntry(CLAIM, entry({ entityType: 'source', action: 'update' }), names),
    ).toBeUndefined();
  });
});

describe("a claim's changes with what each did to its status", () => {
  it('gives each status change to the write that caused it, by the record it names', () => {
    const at = new Date('2026-12-01T11:00:00.000Z');
    // As a claim is created with its first stance: the stance's entry, then the claim's.
    const stance = entry({ at, after: { sourceId: SOURCE, kind: 'asserts' } });
    const claim = entry({ at, entityType: 'claim', entityId: CLAIM, after: { statement: 's' } });
    const changes = claimActivity(
      CLAIM,
      [stance, claim],
      [
        history({
          at,
          cause: 'claim_created',
          causeId: CLAIM,
          fromStatus: null,
          toStatus: 'unsourced',
          fromScore: null,
          toScore: 0,
        }),
        history({
          at,
          cause: 'stance_added',
          causeId: stance.entityId,
          fromStatus: 'unsourced',
          toStatus: 'unverified',
          fromScore: 0,
          toScore: 0.3,
        }),
      ],
      names,
    );
    expect(changes.map((c) => [c.action, c.effect?.fromStatus, c.effect?.toStatus])).toEqual([
      ['claim.created', null, 'unsourced'],
      ['stance.added', 'unsourced', 'unverified'],
    ]);
  });

  it('tells a status change of no write on the claim, or of another key, as its own change', () => {
    const stance = entry({ after: { sourceId: SOURCE, kind: 'confirms' } });
    const later = new Date('2026-12-01T12:00:00.000Z');
    const changes = claimActivity(
      CLAIM,
      [stance],
      [
        history({ causeId: stance.entityId }),
        history({
          at: later,
          cause: 'source_changed',
          fromStatus: 'corroborated',
          toStatus: 'corroborated',
          fromScore: 0.7,
          toScore: 0.55,
        }),
        history({
          keyId: null,
          cause: 'recompute',
          fromStatus: 'corroborated',
          toStatus: 'disputed',
        }),
      ],
      names,
    );
    expect(changes.map((c) => [c.action, c.summary])).toEqual([
      ['status.changed', "a source's grade or affiliation changed: score 0.70 → 0.55"],
      ['stance.added', 'added a stance: Foreign Ministry confirms'],
      ['status.changed', 'recomputed the status: status corroborated → disputed'],
    ]);
    expect(changes[1].effect).toMatchObject({ fromStatus: 'unverified', toStatus: 'corroborated' });
  });
});
