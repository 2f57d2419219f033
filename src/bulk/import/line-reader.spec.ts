import { describe, expect, it } from 'vitest';
import { readLines, type RawLine } from './line-reader.js';

/** The data in chunks of `size` bytes, as a socket might deliver it. */
function chunks(data: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < data.length; i += size) out.push(data.subarray(i, i + size));
  return out;
}

async function* toAsync(parts: Buffer[]): AsyncGenerator<Buffer> {
  for (const part of parts) yield await Promise.resolve(part);
}

async function read(data: Buffer | string, size = 1 << 16, max = 64): Promise<RawLine[]> {
  const out: RawLine[] = [];
  for await (const line of readLines(toAsync(chunks(Buffer.from(data), size)), max)) out.push(line);
  return out;
}

describe('readLines', () => {
  const text = 'first\r\n\n  \nsecond 🙂 é\nthird';
  const expected = [
    { number: 1, text: 'first' },
    { number: 4, text: 'second 🙂 é' },
    { number: 5, text: 'third' },
  ];

  it('gives the same lines however the stream is cut, multi-byte characters included', async () => {
    for (let size = 1; size <= Buffer.byteLength(text) + 1; size++) {
      expect(await read(text, size), `chunks of ${size}`).toEqual(expected);
    }
  });

  it('drops a byte-order mark at the start only', async () => {
    expect(await read('\ufeffa\n\ufeffb\n')).toEqual([
      { number: 1, text: 'a' },
      { number: 2, text: '\ufeffb' },
    ]);
  });

  it('reports a line over the limit and reads on after it, whatever the chunking', async () => {
    const long = 'x'.repeat(100);
    for (const size of [1, 7, 64, 1000]) {
      expect(await read(`ok\n${long}\nafter\n${long}`, size), `chunks of ${size}`).toEqual([
        { number: 1, text: 'ok' },
        { number: 2, error: 'is longer than 64 bytes' },
        { number: 3, text: 'after' },
        { number: 4, error: 'is longer than 64 bytes' },
      ]);
    }
  });

  it('counts the limit without the line end, so a line of exactly the limit passes with CRLF', async () => {
    const exact = 'y'.repeat(64);
    expect(await read(`${exact}\r\n${exact}y\r\n`, 5)).toEqual([
      { number: 1, text: exact },
      { number: 2, error: 'is longer than 64 bytes' },
    ]);
  });

  it('tells broken UTF-8 from a real replacement character', async () => {
    const data = Buffer.concat([
      Buffer.from('good \ufffd\n'),
      Buffer.from([0x62, 0x61, 0x64, 0xc3, 0x28, 0x0a]),
      Buffer.from('end'),
    ]);
    expect(await read(data, 2)).toEqual([
      { number: 1, text: 'good \ufffd' },
      { number: 2, error: 'is not valid UTF-8' },
      { number: 3, text: 'end' },
    ]);
  });

  it('reads nothing from an empty stream or one of blank lines', async () => {
    expect(await read('')).toEqual([]);
    expect(await read('\n\r\n  \n')).toEqual([]);
  });
});
