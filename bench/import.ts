import { createReadStream } from 'node:fs';
import { request } from 'node:http';
import type { ChildServer } from './server.js';

/** The import's answer for the results file, with any large map (such as key → id) cut to its size. */
function summarise(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const entries = Object.entries(value);
  if (entries.length > 100) return { entries: entries.length };
  return Object.fromEntries(entries.map(([k, v]) => [k, summarise(v)]));
}

export type ImportOutcome =
  | {
      available: true;
      seconds: number;
      status: number;
      response: unknown;
      peakRssBytes: number | null;
      rssSamples: number[];
    }
  | { available: false; reason: string };

/**
 * Streams the NDJSON file to `POST /v1/import` and times it, sampling the server's resident memory
 * meanwhile (its peak, VmHWM, covers the whole life of the process, which started just before).
 * Answers `available: false` when the server has no import route, so the caller can load otherwise.
 */
export async function importDataset(
  server: ChildServer,
  file: string,
  adminKey: string,
): Promise<ImportOutcome> {
  const rssSamples: number[] = [];
  const sampler = setInterval(() => {
    const m = server.memory();
    if (m) rssSamples.push(m.rss);
  }, 250);
  const started = performance.now();
  try {
    const { status, text } = await new Promise<{ status: number; text: string }>(
      (resolve, reject) => {
        const url = new URL('/v1/import', server.baseUrl);
        const req = request(
          url,
          {
            method: 'POST',
            headers: {
              'content-type': 'application/x-ndjson',
              authorization: `Bearer ${adminKey}`,
            },
          },
          (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => (text += chunk));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
            res.on('error', reject);
          },
        );
        req.on('error', (error: NodeJS.ErrnoException) => {
          // A server that refuses the route early may close the connection while the body is still
          // being sent; its answer (read above) is what counts.
          if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error);
        });
        const body = createReadStream(file);
        body.on('error', reject);
        body.pipe(req);
      },
    );
    const seconds = (performance.now() - started) / 1000;
    let response: unknown = text.length > 10_000 ? `${text.slice(0, 10_000)}…` : text;
    try {
      response = summarise(JSON.parse(text));
    } catch {
      // not JSON: keep the text
    }
    if (status === 404 && (response as { code?: string } | null)?.code === 'ROUTE_NOT_FOUND') {
      return { available: false, reason: 'the server has no POST /v1/import route' };
    }
    if (status < 200 || status >= 300) {
      throw new Error(`POST /v1/import answered ${status}: ${text.slice(0, 2000)}`);
    }
    return {
      available: true,
      seconds,
      status,
      response,
      peakRssBytes: server.memory()?.peak ?? null,
      rssSamples,
    };
  } finally {
    clearInterval(sampler);
  }
}
