import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Schemas } from '../client/index.js';

/** What `npm run import` needs to know. */
export interface ImportOptions {
  file: string;
  /** The server's base URL, e.g. http://127.0.0.1:3000. */
  url: string;
  key?: string;
  /** Where progress and the outcome are written (stderr for progress, by the command). */
  out: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  /** How often progress is shown: every 200 ms on a terminal; else a plain line this often. */
  plainEveryMs?: number;
}

export interface ImportOutcome {
  ok: boolean;
  status: number;
  body: unknown;
}

const NEWLINE = 0x0a;

/** Counts the bytes and lines that pass through on their way to the server. */
class Meter extends Transform {
  bytes = 0;
  lines = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    for (let i = chunk.indexOf(NEWLINE); i !== -1; i = chunk.indexOf(NEWLINE, i + 1)) this.lines++;
    done(null, chunk);
  }
}

const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;
const int = (n: number): string => Math.round(n).toLocaleString('en-US');

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '--:--';
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

/** One progress line: how much is sent, how fast (rows and bytes per second), and how long is left. */
export function progressLine(
  sent: { bytes: number; lines: number },
  total: number,
  elapsedMs: number,
  width?: number,
): string {
  const seconds = Math.max(elapsedMs / 1000, 0.001);
  const fraction = total > 0 ? Math.min(sent.bytes / total, 1) : 1;
  const byteRate = sent.bytes / seconds;
  const eta = byteRate > 0 ? (total - sent.bytes) / byteRate : Infinity;
  const text = `${(fraction * 100).toFixed(1).padStart(5)}%  ${mb(sent.bytes)} of ${mb(total)}  ${int(sent.lines)} rows  ${int(sent.lines / seconds)} rows/s  ETA ${duration(eta)}`;
  if (width === undefined) return text;
  const barWidth = Math.max(10, Math.min(40, width - text.length - 4));
  const filled = Math.round(fraction * barWidth);
  return `[${'#'.repeat(filled)}${'.'.repeat(barWidth - filled)}] ${text}`;
}

/** Reads the answer's body as text. */
function readAll(res: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    res.on('data', (c: Buffer) => parts.push(c));
    res.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    res.on('error', reject);
  });
}

/**
 * Streams an NDJSON file to `POST /v1/import` and reports progress as it goes: on a terminal, a bar
 * redrawn in place with bytes sent, rows per second and the time left; otherwise a plain line now and
 * then. The server receives the whole file before it stores any of it, so once the file is sent it
 * still parses and stores it, and recomputes statuses, before it answers.
 */
export async function importFile(options: ImportOptions): Promise<ImportOutcome> {
  const { size } = await stat(options.file);
  const target = new URL('/v1/import', options.url);
  const client = target.protocol === 'https:' ? https : http;
  const meter = new Meter();
  const tty = Boolean(options.out.isTTY);
  const started = Date.now();
  let lastPlain = started;
  const show = (final = false): void => {
    const line = progressLine(
      meter,
      size,
      Date.now() - started,
      tty ? (options.out.columns ?? 100) : undefined,
    );
    if (tty) options.out.write(`\r${line}\u001b[K${final ? '\n' : ''}`);
    else if (final || Date.now() - lastPlain >= (options.plainEveryMs ?? 5000)) {
      options.out.write(`${line}\n`);
      lastPlain = Date.now();
    }
  };
  let finalShown = false;
  const showFinal = (): void => {
    if (finalShown) return;
    finalShown = true;
    show(true);
  };
  // Once the whole file is sent, the bar stays where it is until the answer comes.
  const ticker = setInterval(() => finalShown || show(), tty ? 200 : 1000);

  let req: http.ClientRequest | undefined;
  let answered = false;
  let uploaded: Promise<boolean> = Promise.resolve(false);
  try {
    const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
      req = client.request(
        target,
        {
          method: 'POST',
          headers: {
            'content-type': 'application/x-ndjson',
            'content-length': size,
            ...(options.key ? { authorization: `Bearer ${options.key}` } : {}),
          },
        },
        resolve,
      );
      req.on('error', reject);
      // The server may answer (and close) before it has read everything: its answer says why.
      uploaded = pipeline(createReadStream(options.file), meter, req).then(
        () => true,
        () => false,
      );
      void uploaded.then((done) => {
        if (!done || answered) return;
        showFinal();
        options.out.write(
          `File sent in ${((Date.now() - started) / 1000).toFixed(1)} s; the server is storing it and recomputing statuses…\n`,
        );
      });
    });
    answered = true;
    const text = await readAll(res);
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Not JSON (a proxy's error page): shown as it is.
    }
    const status = res.statusCode ?? 0;
    const ok = status >= 200 && status < 300;
    if (ok && (await uploaded)) showFinal();
    return { ok, status, body };
  } finally {
    clearInterval(ticker);
    // An early answer (a refusal) leaves the rest of the file unsent: stop sending it.
    if (req && !req.writableFinished) req.destroy();
  }
}

type ImportSummary = Schemas['ImportResultDto'];
type Problem = Partial<Schemas['LineProblemDto']>;

/** The outcome in words: counts on success, else the problem and each listed line error. */
export function describeOutcome(outcome: ImportOutcome, elapsedMs: number): string {
  if (outcome.ok) {
    const s = outcome.body as ImportSummary;
    // Types of record the file had none of are left out ("0 reviews" says nothing).
    const created =
      Object.entries(s.created)
        .filter(([, n]) => n > 0)
        .map(([type, n]) => `${int(n)} ${type}`)
        .join(', ') || 'nothing new';
    return `Imported ${int(s.lines)} lines in ${(elapsedMs / 1000).toFixed(1)} s: ${created}; ${int(s.claimsRecomputed)} claims recomputed.`;
  }
  if (typeof outcome.body !== 'object' || outcome.body === null) {
    return `The server answered ${outcome.status}: ${String(outcome.body)}`;
  }
  const p = outcome.body as Problem;
  const lines = [`The server answered ${outcome.status} ${p.code ?? ''}: ${p.detail ?? ''}`.trim()];
  for (const e of p.errors ?? []) {
    lines.push(
      `  ${e.line !== undefined ? `line ${e.line}` : 'request'}${e.field ? ` ${e.field}` : ''}: ${e.message}`,
    );
  }
  return lines.join('\n');
}

/** Streams `GET /v1/export` into a file (or any writable); returns the answer's status and, on failure, its body. */
export async function exportFile(options: {
  url: string;
  key?: string;
  to: NodeJS.WritableStream;
}): Promise<ImportOutcome> {
  const target = new URL('/v1/export', options.url);
  const client = target.protocol === 'https:' ? https : http;
  const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
    client
      .get(
        target,
        { headers: options.key ? { authorization: `Bearer ${options.key}` } : {} },
        resolve,
      )
      .on('error', reject);
  });
  const status = res.statusCode ?? 0;
  if (status !== 200) {
    const text = await readAll(res);
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Shown as it is.
    }
    return { ok: false, status, body };
  }
  // A connection cut mid-file (the server stopped) rejects here rather than leaving half a file looking whole.
  await pipeline(res, options.to);
  return { ok: true, status, body: null };
}
