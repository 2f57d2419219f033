/** One line of an NDJSON stream: its 1-based number and its text, or why it could not be read. */
export type RawLine =
  | { number: number; text: string; error?: undefined }
  | { number: number; text?: undefined; error: string };

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const BOM = '\ufeff';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Decodes one line's bytes. `toString` is the fast path; it turns invalid bytes into U+FFFD, so a
 * line that shows one is decoded again strictly to tell a real U+FFFD from broken UTF-8.
 */
function decode(bytes: Buffer): string | undefined {
  const text = bytes.toString('utf8');
  if (!text.includes('\ufffd')) return text;
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * Splits a byte stream into lines as it arrives, holding at most one line (and one chunk) in
 * memory. Accepts LF and CRLF line ends and a last line without one; skips blank lines (they still
 * count for line numbers) and a UTF-8 byte-order mark at the very start. A line longer than
 * `maxLineBytes` or not valid UTF-8 comes out as an error for that line, and reading goes on.
 */
export async function* readLines(
  source: AsyncIterable<Buffer>,
  maxLineBytes: number,
): AsyncGenerator<RawLine> {
  let parts: Buffer[] = [];
  let partBytes = 0;
  let tooLong = false;
  let number = 0;

  const finish = (last: Buffer): RawLine | undefined => {
    number++;
    if (tooLong) {
      tooLong = false;
      parts = [];
      partBytes = 0;
      return { number, error: `is longer than ${maxLineBytes} bytes` };
    }
    let bytes = parts.length === 0 ? last : Buffer.concat([...parts, last]);
    parts = [];
    partBytes = 0;
    if (bytes.length > 0 && bytes[bytes.length - 1] === CARRIAGE_RETURN) {
      bytes = bytes.subarray(0, bytes.length - 1);
    }
    if (bytes.length > maxLineBytes)
      return { number, error: `is longer than ${maxLineBytes} bytes` };
    let text = decode(bytes);
    if (text === undefined) return { number, error: 'is not valid UTF-8' };
    if (number === 1 && text.startsWith(BOM)) text = text.slice(1);
    return text.trim() === '' ? undefined : { number, text };
  };

  const keep = (piece: Buffer): void => {
    if (tooLong || piece.length === 0) return;
    if (partBytes + piece.length > maxLineBytes + 1) {
      // Past the limit (the +1 leaves room for a CR before the LF): drop what is held, remember why.
      tooLong = true;
      parts = [];
      partBytes = 0;
      return;
    }
    // A copy: the stream may reuse the chunk's memory, and a small slice would pin a large chunk.
    parts.push(Buffer.from(piece));
    partBytes += piece.length;
  };

  for await (const chunk of source) {
    let start = 0;
    for (;;) {
      const end = chunk.indexOf(NEWLINE, start);
      if (end === -1) {
        keep(chunk.subarray(start));
        break;
      }
      const piece = chunk.subarray(start, end);
      if (!tooLong && partBytes + piece.length > maxLineBytes + 1) tooLong = true;
      const line = finish(tooLong ? Buffer.alloc(0) : piece);
      if (line) yield line;
      start = end + 1;
    }
  }
  if (partBytes > 0 || tooLong) {
    const line = finish(Buffer.alloc(0));
    if (line) yield line;
  }
}
