import { describe, expect, it } from 'vitest';
import { groupSide } from '../corroboration/group-sides.js';
import { type GroupPosition } from '../domain/claims.js';
import {
  DEFAULT_RANGE_DAYS,
  parseDay,
  parseSections,
  resolveDayRange,
  STATS_SECTIONS,
} from './stats.rules.js';

describe('parseDay', () => {
  it.each([
    ['2017-10-30', '2017-10-30T00:00:00.000Z'],
    ['2016-02-29', '2016-02-29T00:00:00.000Z'],
    ['0001-01-01', '0001-01-01T00:00:00.000Z'],
    ['0099-12-31', '0099-12-31T00:00:00.000Z'],
    ['9999-12-31', '9999-12-31T00:00:00.000Z'],
  ])('reads %s as its UTC midnight', (value, iso) => {
    expect(parseDay(value)?.toISOString()).toBe(iso);
  });

  it.each([
    '2017-02-29',
    '2017-04-31',
    '2017-13-01',
    '2017-00-10',
    '2017-10-00',
    '0000-01-01',
    '2017-10-30T00:00:00Z',
    '2017-1-30',
    '30-10-2017',
    '',
  ])('refuses %j', (value) => {
    expect(parseDay(value)).toBeUndefined();
  });
});

describe('resolveDayRange', () => {
  const now = new Date('2017-10-30T23:59:59.999Z');

  it(`defaults to the ${DEFAULT_RANGE_DAYS} days ending today (UTC), both ends included`, () => {
    const range = resolveDayRange({}, now);
    expect(range).toMatchObject({ from: '2017-10-01', to: '2017-10-30' });
    expect('days' in range && range.days).toHaveLength(30);
  });

  it('counts back from `to` when only `to` is given', () => {
    expect(resolveDayRange({ to: '2017-03-01' }, now)).toMatchObject({
      from: '2017-01-31',
      to: '2017-03-01',
    });
  });

  it('lists every day, across months and a leap day', () => {
    expect(resolveDayRange({ from: '2016-02-28', to: '2016-03-01' }, now)).toEqual({
      from: '2016-02-28',
      to: '2016-03-01',
      days: ['2016-02-28', '2016-02-29', '2016-03-01'],
    });
  });

  it('accepts a single day and a whole leap year', () => {
    expect(resolveDayRange({ from: '2017-10-30', to: '2017-10-30' }, now)).toMatchObject({
      days: ['2017-10-30'],
    });
    const leap = resolveDayRange({ from: '2016-01-01', to: '2016-12-31' }, now);
    expect('days' in leap && leap.days).toHaveLength(366);
  });

  it.each([
    [{ from: '2017-10-31', to: '2017-10-30' }, 'to'],
    [{ from: '2017-10-31' }, 'to'],
    [{ from: '2016-01-01', to: '2017-01-01' }, 'from'],
    [{ from: '2017-02-30' }, 'from'],
    [{ to: '2017-02-30' }, 'to'],
  ])('refuses %j, naming %s', (input, field) => {
    expect(resolveDayRange(input, now)).toMatchObject({ field });
  });
});

describe('parseSections', () => {
  it('answers every section when none is named', () => {
    expect([...parseSections(undefined)!]).toEqual([...STATS_SECTIONS]);
  });

  it('reads a comma-separated list, repeats folded', () => {
    expect([...parseSections('claims,agreement,claims')!]).toEqual(['claims', 'agreement']);
  });

  it.each(['', 'claims,', 'claim', 'Claims', 'claims;tags'])('refuses %j', (value) => {
    expect(parseSections(value)).toBeUndefined();
  });
});

describe('groupSide', () => {
  it.each([
    ['supports', false, 'supports'],
    ['refutes', false, 'refutes'],
    ['doubts', false, 'doubts'],
    ['neutral', false, null],
    ['supports', true, 'split'],
    ['refutes', true, 'split'],
  ] as [GroupPosition, boolean, string | null][])(
    'a group that %s (split: %s) has side %s',
    (position, split, side) => {
      expect(groupSide({ position, split })).toBe(side);
    },
  );
});
