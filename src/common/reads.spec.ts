import { describe, expect, it } from 'vitest';
import { DomainError } from '../domain/errors.js';
import { consistencyTokenOf, formatLsn, parseLsn } from './reads.js';

describe('log positions', () => {
  it.each([
    ['0/0', 0n],
    ['0/1A2B3C4D', 0x1a2b3c4dn],
    ['16/B374D848', (0x16n << 32n) | 0xb374d848n],
    ['FFFFFFFF/FFFFFFFF', (1n << 64n) - 1n],
  ])('reads %s as PostgreSQL orders it, and writes it back', (text, value) => {
    expect(parseLsn(text)).toBe(value);
    expect(formatLsn(value)).toBe(text);
  });

  it('orders by the high half first', () => {
    expect(parseLsn('1/0')! > parseLsn('0/FFFFFFFF')!).toBe(true);
  });

  it.each(['', '0', '0/', '/1', '1/2/3', '123456789/0', '0/G', ' 0/1x'])('refuses %j', (text) => {
    expect(parseLsn(text)).toBeUndefined();
  });
});

describe('the consistency token a read carries', () => {
  it('is optional, and read with the spaces around it trimmed', () => {
    expect(consistencyTokenOf(undefined)).toBeUndefined();
    expect(consistencyTokenOf(' 0/10 ')).toBe(16n);
  });

  it('is 400 INVALID_CONSISTENCY_TOKEN when it is not a log position', () => {
    for (const bad of ['yesterday', ['0/1', '0/2']]) {
      expect(() => consistencyTokenOf(bad)).toThrow(DomainError);
      try {
        consistencyTokenOf(bad);
      } catch (error) {
        expect((error as DomainError).spec).toMatchObject({
          code: 'INVALID_CONSISTENCY_TOKEN',
          status: 400,
        });
      }
    }
  });
});
