import { describe, expect, it } from 'vitest';
import { formatInstant, groupsVersus, queueReason, snippetParts, words } from './format.js';

describe('console wording', () => {
  it('writes instants in UTC to the minute, and a dash for none', () => {
    expect(formatInstant('2017-10-30T16:00:59.999Z')).toBe('2017-10-30 16:00 UTC');
    expect(formatInstant('2017-10-30T18:00:00+02:00')).toBe('2017-10-30 16:00 UTC');
    expect(formatInstant(null)).toBe('—');
    expect(formatInstant('not a date')).toBe('—');
  });

  it('counts sides as independent groups', () => {
    expect(groupsVersus({ groups: 3 }, { groups: 1 })).toBe('3 vs 1');
    expect(words('declines_to_confirm')).toBe('declines to confirm');
  });

  describe('why a claim is in the queue', () => {
    const change = {
      fromStatus: 'corroborated',
      toStatus: 'disputed',
      cause: 'stance_added',
      changedAt: '2017-10-30T16:00:00Z',
    };
    it.each([
      [
        'never reviewed',
        { state: 'unreviewed', divergent: false, verdict: null },
        change,
        'Not reviewed yet: moved from corroborated to disputed at 2017-10-30 16:00 UTC when a stance was added.',
      ],
      [
        'reviewed before the move',
        { state: 'needs_review', divergent: false, verdict: 'mixed' },
        change,
        'Reviewed before, but moved from corroborated to disputed at 2017-10-30 16:00 UTC when a stance was added.',
      ],
      [
        'a verdict the evidence contradicts',
        { state: 'reviewed', divergent: true, verdict: 'mostly_true' },
        { ...change, toStatus: 'denied', cause: 'stance_corrected' },
        'The verdict "mostly true" contradicts the evidence: moved from corroborated to denied at 2017-10-30 16:00 UTC when a stance was corrected.',
      ],
      [
        'a claim created with its status',
        { state: 'unreviewed', divergent: false, verdict: null },
        { ...change, fromStatus: null, toStatus: 'unsourced', cause: 'claim_created' },
        'Not reviewed yet: became unsourced at 2017-10-30 16:00 UTC when the claim was created.',
      ],
      [
        'no recorded change',
        { state: 'unreviewed', divergent: false, verdict: null },
        null,
        'Not reviewed yet: status changed.',
      ],
    ])('%s', (_name, review, lastChange, expected) => {
      expect(queueReason(review, lastChange)).toBe(expected);
    });
  });

  it('turns a search snippet into text parts, marks kept apart, entities decoded once', () => {
    expect(
      snippetParts('Trump <mark>requested</mark> a &lt;b&gt; &amp;amp; <mark>meeting</mark>'),
    ).toEqual([
      { text: 'Trump ', marked: false },
      { text: 'requested', marked: true },
      { text: ' a <b> &amp; ', marked: false },
      { text: 'meeting', marked: true },
    ]);
    expect(snippetParts('')).toEqual([]);
  });
});
