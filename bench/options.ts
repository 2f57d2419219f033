import type { ReferenceStyle } from './generate.js';
import { parseArgs } from 'node:util';

export const SIZES = {
  small: { sources: 200, claims: 1_000, stances: 10_000 },
  medium: { sources: 2_000, claims: 10_000, stances: 100_000 },
  full: { sources: 20_000, claims: 100_000, stances: 1_000_000 },
} as const;
export type SizeName = keyof typeof SIZES;
export interface DatasetSize {
  sources: number;
  claims: number;
  stances: number;
}

/** The dataset the list and graph reads are compared with ("no slower than at 10k stances"). */
export const REFERENCE_SIZE: SizeName = 'small';

export const LOAD_MODES = ['auto', 'import', 'copy'] as const;
export type LoadMode = (typeof LOAD_MODES)[number];

export interface BenchOptions {
  size: SizeName;
  /** Seconds each measured load runs. */
  duration: number;
  /** Seconds of load before each measurement, thrown away. */
  warmup: number;
  connections: number;
  /** Connections for the list, graph and search latency runs (their p95 targets). */
  latencyConnections: number;
  seed: number;
  /** Keep the benchmark databases and the generated files. */
  keep: boolean;
  /** How the server's database is filled: `import` (POST /v1/import), `copy` (COPY, then the
   * recompute), or `auto` (import, falling back to copy when the server has no import route). */
  load: LoadMode;
  /** How the NDJSON file's lines refer to each other. */
  refs: ReferenceStyle;
  /** A connection to the PostgreSQL server's maintenance database: the benchmark creates its own. */
  adminUrl: string;
  outDir: string;
}

const USAGE = `Usage: npm run bench -- [options]
  --size small|medium|full   dataset: small 200 sources/1k claims/10k stances (CI smoke run),
                             medium 2k/10k/100k, full 20k/100k/1M (default full)
  --duration <s>             seconds each measurement runs (default 10)
  --warmup <s>               seconds of unmeasured load before each measurement (default 2)
  --connections <n>          concurrent HTTP connections (default 50)
  --latency-connections <n>  connections of the list, graph and search latency runs (default 1)
  --seed <n>                 seed of the synthetic dataset (default 1)
  --load auto|import|copy    how the server's database is filled (default auto)
  --refs ids|keys            NDJSON references by record id, as an export writes them, or by
                             key (default ids)
  --out <dir>                where the results go (default bench/results)
  --keep                     keep the databases and generated files
Environment: BENCH_DATABASE_URL, a PostgreSQL URL allowed to CREATE DATABASE
  (default postgres://$PGUSER@$PGHOST:$PGPORT/postgres, i.e. postgres@127.0.0.1:5432).`;

/** A bad command line: shown as its message and the usage, without a stack. */
export class UsageError extends Error {}

function positive(
  name: string,
  raw: string | undefined,
  fallback: number,
  integer = false,
): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new UsageError(
      `--${name} must be a positive ${integer ? 'integer' : 'number'}, not ${JSON.stringify(raw)}\n\n${USAGE}`,
    );
  }
  return value;
}

function oneOf<T extends string>(
  name: string,
  raw: string | undefined,
  allowed: readonly T[],
  fallback: T,
): T {
  if (raw === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new UsageError(
      `--${name} must be one of ${allowed.join(', ')}, not ${JSON.stringify(raw)}\n\n${USAGE}`,
    );
  }
  return raw as T;
}

export function parseOptions(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
): BenchOptions | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        size: { type: 'string' },
        duration: { type: 'string' },
        warmup: { type: 'string' },
        connections: { type: 'string' },
        'latency-connections': { type: 'string' },
        seed: { type: 'string' },
        load: { type: 'string' },
        refs: { type: 'string' },
        out: { type: 'string' },
        keep: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    });
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
  }
  const { values } = parsed;
  if (values.help) return 'help';
  const host = env.PGHOST ?? '127.0.0.1';
  const port = env.PGPORT ?? '5432';
  const user = env.PGUSER ?? 'postgres';
  return {
    size: oneOf('size', values.size, Object.keys(SIZES) as SizeName[], 'full'),
    duration: positive('duration', values.duration, 10),
    warmup: values.warmup === '0' ? 0 : positive('warmup', values.warmup, 2),
    connections: positive('connections', values.connections, 50, true),
    latencyConnections: positive('latency-connections', values['latency-connections'], 1, true),
    seed: positive('seed', values.seed, 1, true),
    load: oneOf('load', values.load, LOAD_MODES, 'auto'),
    refs: oneOf('refs', values.refs, ['ids', 'keys'] as const, 'ids'),
    keep: values.keep,
    adminUrl: env.BENCH_DATABASE_URL || `postgres://${user}@${host}:${port}/postgres`,
    outDir: values.out ?? 'bench/results',
  };
}

export { USAGE };
