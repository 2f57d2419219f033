import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { LineErrors, LineParser } from './import-lines.js';
import { bytesToUuid, IdTable, KeyTable, uuidBytes } from './key-table.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Heap and Buffers still reachable, after full collections. */
function retained(): number {
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

const longKey = (i: number): string => `${i}:`.padEnd(200, 'abcdefghijklmnopqrstuvwxyz0123456789');

describe('KeyTable', () => {
  it('finds each of many keys with its type and id, refused ones without an id, and no others', () => {
    const keys = new KeyTable();
    const ids: string[] = [];
    for (let i = 0; i < 50_000; i++) {
      ids.push(randomUUID());
      keys.set(`k${i}`, i % 3 === 0 ? 'source' : 'claim', i % 7 === 0 ? null : ids[i]);
    }
    expect(keys.size).toBe(50_000);
    for (let i = 0; i < 50_000; i++) {
      expect(keys.get(`k${i}`)).toEqual({
        type: i % 3 === 0 ? 'source' : 'claim',
        id: i % 7 === 0 ? null : ids[i],
      });
    }
    for (const absent of ['k50000', 'K1', 'k1 ', '', ids[1]]) {
      expect(keys.get(absent), absent).toBeUndefined();
      expect(keys.has(absent), absent).toBe(false);
    }
    expect(keys.has('k0')).toBe(true);
    // About 50 bytes a key, however long the keys.
    expect(keys.bytes / keys.size).toBeLessThan(64);
  });

  it('tells keys apart that differ anywhere, however long', () => {
    const keys = new KeyTable();
    const a = 'x'.repeat(199);
    keys.set(`${a}a`, 'claim', '00000000-0000-4000-8000-000000000001');
    keys.set(`${a}b`, 'claim', '00000000-0000-4000-8000-000000000002');
    keys.set(`b${a}`, 'source', '00000000-0000-4000-8000-000000000003');
    expect(keys.get(`${a}a`)?.id).toBe('00000000-0000-4000-8000-000000000001');
    expect(keys.get(`${a}b`)?.id).toBe('00000000-0000-4000-8000-000000000002');
    expect(keys.get(`b${a}`)).toEqual({
      type: 'source',
      id: '00000000-0000-4000-8000-000000000003',
    });
  });
});

describe('IdTable', () => {
  it('keeps a tag and a target per id, ids a file chose to crowd one slot included', () => {
    const table = new IdTable();
    // Ids alike in their first bytes, as a hostile file could give them.
    const ids = Array.from(
      { length: 20_000 },
      (_, i) => `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`,
    );
    ids.forEach((id, i) => table.set(id, i % 2 === 0 ? 1 : 2, i % 2 === 0 ? undefined : ids[0]));
    expect(table.size).toBe(ids.length);
    ids.forEach((id, i) => {
      expect(table.tag(id)).toBe(i % 2 === 0 ? 1 : 2);
      if (i % 2 === 1) expect(table.target(id)).toBe(ids[0]);
    });
    expect(table.has(randomUUID())).toBe(false);
    expect(table.target(randomUUID())).toBeUndefined();
  });

  it('turns uuids into bytes and back', () => {
    const id = randomUUID();
    expect(bytesToUuid(uuidBytes(id))).toBe(id);
    expect(bytesToUuid(uuidBytes(id.toUpperCase()))).toBe(id);
  });
});

describe('LineParser memory', () => {
  it('holds about 50 bytes per key of 200 characters, refused lines’ keys no more', async () => {
    await new LineParser(new LineErrors(), 'analyst').parse({
      number: 1,
      text: JSON.stringify({ type: 'claim', statement: 'Warms up the validator' }),
    });
    const count = 100_000;
    const before = retained();
    const errors = new LineErrors();
    const parser = new LineParser(errors, 'analyst');
    for (let i = 0; i < count; i++) {
      // Every fourth line is refused (a statement too short); its key is still remembered.
      const line =
        i % 2 === 0
          ? { type: 'source', key: longKey(i), name: `Source ${i}`, kind: 'person' }
          : { type: 'claim', key: longKey(i), statement: i % 4 === 1 ? 'no' : `Claim ${i}` };
      await parser.parse({ number: i + 1, text: JSON.stringify(line) });
    }
    const perKey = (retained() - before) / count;
    expect(errors.count).toBe(count / 4);
    expect(parser.lines).toBe(count);
    expect(parser.keyIds()).toBeNull();
    // The text of a key alone would take over 200 bytes.
    expect(perKey).toBeLessThan(100);
  }, 60_000);
});
