import { describe, expect, it } from 'vitest';
import { LABEL_LENGTH, shortLabel } from './label.js';

describe('a claim node’s label', () => {
  it('is the statement itself when it is short enough, with its spaces tidied', () => {
    expect(shortLabel('Trump requested a meeting with Rouhani')).toBe(
      'Trump requested a meeting with Rouhani',
    );
    expect(shortLabel('  Two\n lines\tand  gaps ')).toBe('Two lines and gaps');
    const exact = 'x'.repeat(LABEL_LENGTH);
    expect(shortLabel(exact)).toBe(exact);
  });

  it('cuts a long statement at a word, without trailing punctuation, and ends it in an ellipsis', () => {
    const statement =
      'Trump requested a meeting with Rouhani on the sidelines of the UN General Assembly, six times, according to Iranian officials';
    const label = shortLabel(statement);
    expect(label).toBe('Trump requested a meeting with Rouhani on the sidelines of…');
    expect([...label].length).toBeLessThanOrEqual(LABEL_LENGTH);
    expect(shortLabel(`${'a'.repeat(40)}, ${'b'.repeat(40)}`)).toBe(`${'a'.repeat(40)}…`);
  });

  it('cuts inside a word too long to cut at a space, and never splits a character', () => {
    expect(shortLabel('y'.repeat(100))).toBe(`${'y'.repeat(LABEL_LENGTH - 1)}…`);
    const label = shortLabel('🙂'.repeat(100));
    expect([...label]).toHaveLength(LABEL_LENGTH);
    expect(label.endsWith('🙂…')).toBe(true);
  });
});
