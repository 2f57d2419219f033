import { describe, expect, it } from 'vitest';
import { leaveKeyAlone, listKey } from './list-navigation.js';

describe('j/k/Enter over a list', () => {
  it.each([
    ['j from nothing selects the first', 'j', -1, 3, { index: 0, open: false }],
    ['j moves down', 'j', 0, 3, { index: 1, open: false }],
    ['j stops at the last', 'j', 2, 3, { index: 2, open: false }],
    ['k moves up', 'k', 2, 3, { index: 1, open: false }],
    ['k stops at the first', 'k', 0, 3, { index: 0, open: false }],
    ['arrow keys move too', 'ArrowDown', 0, 3, { index: 1, open: false }],
    ['Enter opens the selected', 'Enter', 1, 3, { index: 1, open: true }],
    ['Enter with nothing selected does nothing', 'Enter', -1, 3, null],
    ['a selection past a shrunk list is brought back', 'j', 7, 3, { index: 2, open: false }],
    ['an empty list ignores every key', 'j', -1, 0, null],
    ['other keys are left alone', 'x', 0, 3, null],
  ])('%s', (_name, key, index, length, expected) => {
    expect(listKey(key, index, length)).toEqual(expected);
  });

  it('leaves typing and native activation alone', () => {
    expect(leaveKeyAlone('j', { tagName: 'INPUT' } as unknown as EventTarget)).toBe(true);
    expect(leaveKeyAlone('k', { tagName: 'textarea' } as unknown as EventTarget)).toBe(true);
    expect(
      leaveKeyAlone('j', { tagName: 'DIV', isContentEditable: true } as unknown as EventTarget),
    ).toBe(true);
    expect(leaveKeyAlone('Enter', { tagName: 'A' } as unknown as EventTarget)).toBe(true);
    expect(leaveKeyAlone('j', { tagName: 'A' } as unknown as EventTarget)).toBe(false);
    expect(leaveKeyAlone('Enter', { tagName: 'BODY' } as unknown as EventTarget)).toBe(false);
    expect(leaveKeyAlone('j', null)).toBe(false);
  });
});
