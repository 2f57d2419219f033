import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RELIABILITY_GRADES, type ReliabilityGrade } from '../domain/grades.js';
import { STANCE_KINDS, type StanceKind } from '../domain/stances.js';
import type { Evaluation, StanceFact } from './evaluation.js';
import { assignVoices, evaluateClaim } from './status.rules.js';

/** The sources of a small story: each its own group unless `group` says otherwise. */
const SOURCES: Record<string, { name: string; group?: string; anonymous?: boolean }> = {
  nyt: { name: 'The New York Times' },
  wapo: { name: 'The Washington Post' },
  officials: { name: 'unnamed officials', anonymous: true },
  diplomat: { name: 'a senior diplomat', anonymous: true },
  minister: { name: 'The Minister' },
  spokesman: { name: 'The Spokesman' },
  ministry: { name: 'The Ministry' },
  aide: { name: 'an unnamed aide', anonymous: true, group: 'ministry' },
};

let seq = 0;
/** `source`'s stance, `via` a relay, in the order written. */
function stance(source: string, kind: StanceKind = 'asserts', via?: string): StanceFact {
  const s = SOURCES[source];
  const groupOf = (key: string) => SOURCES[key].group ?? key;
  const at = new Date(Date.UTC(2024, 0, 1, 0, ++seq));
  return {
    stanceId: `stance-${String(seq).padStart(5, '0')}`,
    sourceId: source,
    sourceName: s.name,
    reliability: 'C',
    groupId: groupOf(source),
    groupName: SOURCES[groupOf(source)].name,
    kind,
    statedAt: at,
    recordedAt: at,
    seq,
    anonymous: s.anonymous ?? false,
    via: via
      ? {
          sourceId: via,
          sourceName: SOURCES[via].name,
          groupId: groupOf(via),
          groupName: SOURCES[groupOf(via)].name,
        }
      : null,
  };
}

const counts = (e: Evaluation) => ({ support: e.support, refute: e.refute, status: e.status });

describe('relays: what one source passed on is not a second voice', () => {
  it('an outlet that relays unnamed officials and asserts the claim itself is one voice: unverified, not corroborated', () => {
    const e = evaluateClaim([stance('officials', 'asserts', 'nyt'), stance('nyt', 'asserts')]);
    expect(counts(e)).toEqual({
      support: { groups: 1, sources: 2 },
      refute: { groups: 0, sources: 0 },
      status: 'unverified',
    });
    expect(e.groups).toHaveLength(1);
    expect(e.groups[0].groupName).toBe('The New York Times');
    expect(e.groups[0].summary).toBe(
      'The New York Times supports the claim: unnamed officials asserts it, via The New York Times (an unnamed source, counted with The New York Times); The New York Times asserts it.',
    );
    const member = e.groups[0].members.find((m) => m.sourceId === 'officials')!;
    expect(member.countedWith).toEqual({ reason: 'anonymous', relay: 'The New York Times' });
  });

  it('counts every anonymous source one relay carries as one voice, with the relay', () => {
    const e = evaluateClaim([
      stance('officials', 'asserts', 'nyt'),
      stance('diplomat', 'confirms', 'nyt'),
    ]);
    expect(e.support).toEqual({ groups: 1, sources: 2 });
    expect(e.status).toBe('unverified');
  });

  it('keeps anonymous sources carried by two different relays apart', () => {
    const e = evaluateClaim([
      stance('officials', 'asserts', 'nyt'),
      stance('diplomat', 'asserts', 'wapo'),
    ]);
    expect(e.support.groups).toBe(2);
    expect(e.status).toBe('corroborated');
  });

  it("counts a relay's own stance with the named source it passed on, and says so", () => {
    const e = evaluateClaim([stance('minister', 'asserts', 'nyt'), stance('nyt', 'asserts')]);
    expect(e.support).toEqual({ groups: 1, sources: 2 });
    expect(e.status).toBe('unverified');
    expect(e.groups[0].groupId).toBe('minister');
    expect(e.groups[0].summary).toContain(
      'The New York Times asserts it only by relaying The Minister, so it is not counted again',
    );
    expect(e.groups[0].summary).toContain('The Minister asserts it, via The New York Times');
  });

  it('keeps two named sources relayed by the same outlet independent of each other', () => {
    const e = evaluateClaim([
      stance('minister', 'asserts', 'nyt'),
      stance('spokesman', 'asserts', 'nyt'),
      stance('nyt', 'asserts'),
    ]);
    expect(e.support).toEqual({ groups: 2, sources: 3 });
    expect(e.status).toBe('corroborated');
    const nyt = e.groups.flatMap((g) => g.members).find((m) => m.sourceId === 'nyt')!;
    expect(nyt.countedWith).toEqual({
      reason: 'relayed',
      relayed: ['The Minister', 'The Spokesman'],
    });
  });

  it('lets a relay that disagrees with what it passed on count as its own voice', () => {
    const e = evaluateClaim([stance('minister', 'asserts', 'nyt'), stance('nyt', 'denies')]);
    expect(counts(e)).toMatchObject({ status: 'disputed' });
    expect(e.support.groups).toBe(1);
    expect(e.refute.groups).toBe(1);
  });

  it('keeps a relay with the anonymous sources it carries on that side, not with a named one', () => {
    const e = evaluateClaim([
      stance('minister', 'asserts', 'nyt'),
      stance('officials', 'asserts', 'nyt'),
      stance('nyt', 'asserts'),
    ]);
    // The Minister, and the NYT with its unnamed officials: two voices.
    expect(e.support).toEqual({ groups: 2, sources: 3 });
    const nytGroup = e.groups.find((g) => g.groupId === 'nyt')!;
    expect(nytGroup.members.map((m) => m.sourceId).sort()).toEqual(['nyt', 'officials']);
  });

  it('follows a chain of relays: S via R, R via Q, all on one side, is one voice', () => {
    const e = evaluateClaim([
      stance('minister', 'asserts', 'nyt'),
      stance('nyt', 'asserts', 'wapo'),
      stance('wapo', 'asserts'),
    ]);
    expect(e.support).toEqual({ groups: 1, sources: 3 });
    expect(e.groups[0].groupId).toBe('minister');
  });

  it('stops at a cycle of relays and counts the pair once', () => {
    const e = evaluateClaim([stance('nyt', 'asserts', 'wapo'), stance('wapo', 'asserts', 'nyt')]);
    expect(e.support.groups).toBe(1);
  });

  it('leaves an anonymous source of an affiliation chain in its chain, and counts the relay with it', () => {
    const e = evaluateClaim([
      stance('aide', 'asserts', 'nyt'),
      stance('ministry', 'asserts'),
      stance('nyt', 'asserts'),
    ]);
    expect(e.support).toEqual({ groups: 1, sources: 3 });
    expect(e.groups[0].groupId).toBe('ministry');
  });

  it('counts an anonymous source logged with no relay as its own voice', () => {
    const e = evaluateClaim([stance('officials', 'asserts'), stance('minister', 'asserts')]);
    expect(e.support.groups).toBe(2);
  });

  it('applies as of a moment: before the relay asserted, the relayed source alone', () => {
    const relayed = stance('minister', 'asserts', 'nyt');
    const own = stance('nyt', 'asserts');
    const before = evaluateClaim([relayed, own], new Date(relayed.statedAt.getTime()));
    expect(before.support).toEqual({ groups: 1, sources: 1 });
    expect(before.groups[0].members[0].countedWith).toBeUndefined();
  });
});

describe('relays, over random stories', () => {
  const keys = Object.keys(SOURCES);
  const stories = fc.array(
    fc.record({
      source: fc.constantFrom(...keys),
      kind: fc.constantFrom(...STANCE_KINDS),
      via: fc.option(fc.constantFrom(...keys), { nil: undefined }),
      grade: fc.constantFrom<ReliabilityGrade>(...RELIABILITY_GRADES),
    }),
    { maxLength: 14 },
  );
  const build = (
    specs: { source: string; kind: StanceKind; via?: string; grade: ReliabilityGrade }[],
  ) => specs.map((s) => ({ ...stance(s.source, s.kind, s.via), reliability: s.grade }));
  const withoutRelays = (facts: StanceFact[]) =>
    facts.map((f) => ({ ...f, via: null, anonymous: false }));

  it('never counts more independent groups than the same stances without relays, nor other sources', () => {
    fc.assert(
      fc.property(stories, (specs) => {
        const facts = build(specs);
        const e = evaluateClaim(facts);
        const plain = evaluateClaim(withoutRelays(facts));
        expect(e.support.groups).toBeLessThanOrEqual(plain.support.groups);
        expect(e.refute.groups).toBeLessThanOrEqual(plain.refute.groups);
        expect(e.support.sources).toBe(plain.support.sources);
        expect(e.refute.sources).toBe(plain.refute.sources);
      }),
    );
  });

  it('puts every effective stance in exactly one group, and changes nothing without relays', () => {
    fc.assert(
      fc.property(stories, (specs) => {
        const facts = build(specs);
        const e = evaluateClaim(facts);
        const members = e.groups.flatMap((g) => g.members.map((m) => m.sourceId));
        expect(new Set(members).size).toBe(members.length);
        expect(new Set(members)).toEqual(new Set(facts.map((f) => f.sourceId)));
        const plain = withoutRelays(facts);
        for (const [id, voice] of assignVoices(plain)) {
          const f = plain.find((p) => p.stanceId === id)!;
          expect(voice).toEqual({ groupId: f.groupId, groupName: f.groupName });
        }
      }),
    );
  });

  it('gives the same groups whatever order the stances arrive in', () => {
    fc.assert(
      fc.property(stories, fc.integer(), (specs, seed) => {
        const facts = build(specs);
        const shuffled = [...facts].sort(
          (a, b) => ((a.seq * 7919 + seed) % 101) - ((b.seq * 7919 + seed) % 101),
        );
        const e = evaluateClaim(facts);
        const f = evaluateClaim(shuffled);
        expect(counts(f)).toEqual(counts(e));
        expect(f.score).toBe(e.score);
      }),
    );
  });
});
