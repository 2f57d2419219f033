import { describe, expect, it } from 'vitest';
import { heatColour, heatMap, type AgreementPair } from './heat.js';

const g = (id: string, name: string | null = id.toUpperCase()) => ({ id, name });
const pair = (a: string, b: string, agree: number, disagree: number): AgreementPair => ({
  groupA: g(a),
  groupB: g(b),
  agree,
  disagree,
});

describe('the agreement heat map', () => {
  it('puts each pair in both cells with its agreement rate, and leaves the diagonal empty', () => {
    const map = heatMap([pair('iran', 'wh', 1, 3), pair('iran', 'monitor', 2, 0)]);
    expect(map.groups.map((x) => x.id)).toEqual(['iran', 'wh', 'monitor']);
    expect(map.cells[0][1]).toEqual({ agree: 1, disagree: 3, rate: 0.25 });
    expect(map.cells[1][0]).toBe(map.cells[0][1]);
    expect(map.cells[0][2]?.rate).toBe(1);
    expect(map.cells[0][0]).toBeNull();
    // WH and Al-Monitor share nothing on record.
    expect(map.cells[1][2]).toBeNull();
  });

  it('keeps the busiest groups when there are more than it can show', () => {
    const map = heatMap([pair('a', 'b', 10, 0), pair('c', 'd', 1, 0), pair('a', 'c', 0, 5)], 3);
    expect(map.groups.map((x) => x.id)).toEqual(['a', 'b', 'c']);
    expect(map.cells.every((row) => row.length === 3)).toBe(true);
  });

  it('names an unnamed group, and colours from red (disagree) to green (agree)', () => {
    expect(heatMap([{ ...pair('x', 'y', 1, 0), groupA: g('x', null) }]).groups[0].name).toBe(
      'unnamed group',
    );
    expect(heatColour(0)).toBe('hsl(0 55% 85%)');
    expect(heatColour(1)).toBe('hsl(120 55% 85%)');
    expect(heatColour(0.5)).toBe('hsl(60 55% 85%)');
  });
});
