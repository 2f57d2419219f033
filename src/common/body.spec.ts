import { describe, expect, it } from 'vitest';
import { findBodyHazard, MAX_BODY_DEPTH } from './body.js';

describe('findBodyHazard', () => {
  it.each([
    ['a plain body', { statement: 'x', tags: ['a'], stances: [{ sourceId: 'y' }] }, undefined],
    ['__proto__ at the top', JSON.parse('{"__proto__": {"polluted": true}}'), '__proto__'],
    [
      'constructor inside an array item',
      { stances: [{ kind: 'asserts' }, { constructor: { prototype: {} } }] },
      'stances[1].constructor',
    ],
    ['prototype deep down', { a: { b: { prototype: 1 } } }, 'a.b.prototype'],
    ['a key that merely contains proto', { __proto: 1, protoType: 2 }, undefined],
  ])('%s', (_name, body, field) => {
    expect(findBodyHazard(body)?.field).toBe(field);
  });

  it('refuses nesting past the limit, without recursion', () => {
    const deep = JSON.parse('['.repeat(100_000) + ']'.repeat(100_000));
    expect(findBodyHazard({ x: deep })?.message).toMatch(/nested more than/);
    let ok: unknown = 1;
    for (let i = 0; i < MAX_BODY_DEPTH - 1; i++) ok = [ok];
    expect(findBodyHazard({ x: ok })).toBeUndefined();
  });
});
