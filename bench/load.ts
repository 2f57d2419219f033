import autocannon from 'autocannon';

export interface NextRequest {
  method?: 'GET' | 'POST';
  path: string;
  body?: string;
}

export interface LoadResult {
  /** Successful (2xx) responses per second over the measured time. */
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  /** The mean size of a successful answer, in bytes (headers and body): what it had to carry. */
  meanBytes: number;
  /** Responses: 2xx, and everything else by status. */
  ok: number;
  failed: Record<string, number>;
  /** Connection errors and timeouts. */
  errors: number;
  seconds: number;
}

export interface LoadOptions {
  baseUrl: string;
  connections: number;
  duration: number;
  warmup: number;
  headers?: Record<string, string>;
  /** Called once per request: each request goes to a different id, so no cache flatters. */
  next: () => NextRequest;
}

/** The value below which `q` of the sorted samples fall (nearest rank). */
export function percentile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank];
}

function run(opts: LoadOptions, seconds: number): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const latencies: number[] = [];
    const failed: Record<string, number> = {};
    let ok = 0;
    let okBytes = 0;
    let errors = 0;
    let started = performance.now();
    const instance = autocannon(
      {
        url: opts.baseUrl,
        connections: opts.connections,
        duration: seconds,
        timeout: 30,
        headers: opts.headers,
        requests: [
          {
            setupRequest: (request) => {
              const next = opts.next();
              return {
                ...request,
                method: next.method ?? 'GET',
                path: next.path,
                body: next.body,
                headers:
                  next.body === undefined
                    ? request.headers
                    : { ...request.headers, 'content-type': 'application/json' },
              };
            },
          },
        ],
      },
      (error: unknown) => {
        if (error) {
          reject(
            error instanceof Error
              ? error
              : new Error(`autocannon failed: ${JSON.stringify(error)}`),
          );
          return;
        }
        const elapsed = (performance.now() - started) / 1000;
        const sorted = Float64Array.from(latencies).sort();
        resolve({
          rps: ok / elapsed,
          p50: percentile(sorted, 0.5),
          p95: percentile(sorted, 0.95),
          p99: percentile(sorted, 0.99),
          meanBytes: ok > 0 ? okBytes / ok : 0,
          ok,
          failed,
          errors,
          seconds: elapsed,
        });
      },
    );
    instance.on('start', () => (started = performance.now()));
    instance.on('response', (_client, status, bytes, time) => {
      if (status >= 200 && status < 300) {
        ok++;
        okBytes += bytes;
        latencies.push(time);
      } else {
        failed[status] = (failed[status] ?? 0) + 1;
      }
    });
    instance.on('reqError', () => errors++);
  });
}

/** A warm-up (thrown away), then the measured run. */
export async function measure(opts: LoadOptions): Promise<LoadResult> {
  if (opts.warmup > 0) await run(opts, opts.warmup);
  return run(opts, opts.duration);
}

/** Whether a run's answers are mostly errors, which would make its figures meaningless. */
export function failureShare(r: LoadResult): number {
  const bad = Object.values(r.failed).reduce((n, c) => n + c, 0) + r.errors;
  return bad / Math.max(1, bad + r.ok);
}
