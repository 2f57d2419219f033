import { describe, expect, it } from 'vitest';
import { storyMoments } from './timeline.js';

describe('the story timeline', () => {
  it('orders the moments by story time and groups stances stated at the same instant', () => {
    const moments = storyMoments([
      { statedAt: '2017-10-30T16:00:00Z', kind: 'denies', sourceId: 'wh' },
      { statedAt: '2017-10-29T08:00:00.000Z', kind: 'asserts', sourceId: 'fazaeli' },
      { statedAt: '2017-10-29T12:00:00+00:00', kind: 'confirms', sourceId: 'ghassemi' },
      { statedAt: '2017-10-29T13:00:00+01:00', kind: 'reports', sourceId: 'monitor' },
    ]);
    expect(moments.map((m) => m.at)).toEqual([
      '2017-10-29T08:00:00.000Z',
      '2017-10-29T12:00:00.000Z',
      '2017-10-30T16:00:00.000Z',
    ]);
    // 13:00 at +01:00 is 12:00 UTC: the same instant as Ghassemi's confirmation.
    expect(moments[1].stances).toEqual([
      { kind: 'confirms', sourceId: 'ghassemi' },
      { kind: 'reports', sourceId: 'monitor' },
    ]);
  });

  it('has no moments without stances, and skips a date it cannot read', () => {
    expect(storyMoments([])).toEqual([]);
    expect(
      storyMoments([
        { statedAt: 'yesterday', kind: 'asserts', sourceId: 'a' },
        { statedAt: '2020-01-01T00:00:00Z', kind: 'asserts', sourceId: 'b' },
      ]).map((m) => m.at),
    ).toEqual(['2020-01-01T00:00:00.000Z']);
  });
});
