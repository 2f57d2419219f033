/**
 * What an import's keys cost in memory: parses lines of sources and claims with long keys through
 * the import's own LineParser and measures what stays reachable afterwards (heap plus Buffers, after
 * a full garbage collection), per key; then the same for the ids an import keeps of the records it
 * creates (BatchWriter's IdTables), and, for comparison, for a Map of the key's text to its id.
 *
 *   npm run build && node --expose-gc dist/bench/key-memory.js [--keys 200000] [--length 200]
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { LineErrors, LineParser } from '../src/bulk/import/import-lines.js';
import { IdTable } from '../src/bulk/import/key-table.js';

const gc = (globalThis as { gc?: () => void }).gc;

function retained(): number {
  gc!();
  gc!();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

const keyOf = (i: number, length: number): string =>
  `${i}:`.padEnd(length, 'abcdefghijklmnopqrstuvwxyz0123456789');

/** Bytes still reachable after `fill` has built what it returns, which is kept until then. */
async function measure(fill: () => Promise<unknown>): Promise<number> {
  const before = retained();
  const kept = await fill();
  const after = retained();
  if (kept === undefined) throw new Error('nothing kept');
  return after - before;
}

async function main(): Promise<void> {
  if (!gc) throw new Error('Run with node --expose-gc');
  const { values } = parseArgs({
    options: {
      keys: { type: 'string', default: '200000' },
      length: { type: 'string', default: '200' },
    },
  });
  const count = Number(values.keys);
  const length = Number(values.length);
  const results: [string, number][] = [];

  // The parser, as an import uses it: every second line a source, the others claims. A first
  // parser warms up what every import shares (the validator's metadata), which is not counted.
  await new LineParser(new LineErrors(), 'analyst').parse({
    number: 1,
    text: JSON.stringify({ type: 'claim', key: 'warm', statement: 'Warming up' }),
  });
  let tableBytes = 0;
  results.push([
    'LineParser: keys of stored lines',
    await measure(async () => {
      const errors = new LineErrors();
      const parser = new LineParser(errors, 'analyst');
      for (let i = 0; i < count; i++) {
        const line =
          i % 2 === 0
            ? { type: 'source', key: keyOf(i, length), name: `Source ${i}`, kind: 'person' }
            : { type: 'claim', key: keyOf(i, length), statement: `Claim number ${i}` };
        await parser.parse({ number: i + 1, text: JSON.stringify(line) });
      }
      if (errors.count > 0) throw new Error(JSON.stringify(errors.list().slice(0, 3)));
      if (parser.keyIds() !== null) throw new Error('expected too many keys to answer');
      tableBytes = parser.keyBytes;
      return parser;
    }),
  ]);
  results.push(['  of which the key table', tableBytes]);

  results.push([
    'LineParser: keys of refused lines',
    await measure(async () => {
      const parser = new LineParser(new LineErrors(), 'analyst');
      for (let i = 0; i < count; i++) {
        const line = { type: 'claim', key: keyOf(i, length), statement: 'no' };
        await parser.parse({ number: i + 1, text: JSON.stringify(line) });
      }
      return parser;
    }),
  ]);

  // The ids of created records (BatchWriter): a source's group, a claim's state.
  results.push([
    'IdTable: a created record',
    await measure(() => {
      const table = new IdTable();
      for (let i = 0; i < count; i++) table.set(randomUUID(), 1, randomUUID());
      return Promise.resolve(table);
    }),
  ]);

  // For comparison: the key's text mapped to the id's text, as strings in a Map.
  results.push([
    'Map<key text, id text>, for comparison',
    await measure(() => {
      const map = new Map<string, string>();
      for (let i = 0; i < count; i++) map.set(keyOf(i, length), randomUUID());
      return Promise.resolve(map);
    }),
  ]);

  console.log(`${count} keys of ${length} characters: bytes retained per key`);
  for (const [name, bytes] of results) {
    console.log(`  ${name.padEnd(40)} ${(bytes / count).toFixed(1).padStart(7)}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
