import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
/** Says which test run built `dist/` last, so the run's suites build once between them. */
const marker = `${root}/dist/.built-for-tests`;
const lock = `${root}/dist/.building-for-tests`;

const pause = (ms: number): void => {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
};

/**
 * Builds the app as `npm start` would run it, once per test run: suites run in parallel worker
 * processes, so the first to get here builds (holding a lock directory) and the others wait,
 * then find the build made for this run and use it.
 */
export function buildServer(): void {
  const run = inject('testRunId');
  const fresh = (): boolean =>
    existsSync(`${root}/dist/src/main.js`) &&
    existsSync(marker) &&
    readFileSync(marker, 'utf8') === run;
  if (fresh()) return;
  mkdirSync(`${root}/dist`, { recursive: true });
  for (let waited = 0; ; waited += 100) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // A lock left by a run that was killed mid-build: take it over after two minutes.
      if (waited > 120_000) break;
      pause(100);
    }
  }
  try {
    if (fresh()) return;
    execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'pipe' });
    writeFileSync(marker, run);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  output: () => string;
  /** Resolves with the exit code (null when killed by a signal) and the time it took after `since`. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts the built server as its own process and waits until /health answers. */
export async function startServer(env: Record<string, string | undefined>): Promise<ServerProcess> {
  buildServer();
  const port = await freePort();
  const child = spawn(process.execPath, ['dist/src/main.js'], {
    cwd: root,
    env: { ...process.env, LOG_REQUESTS: 'false', ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The server exited during start:\n${output}`);
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline)
      throw new Error(`The server did not answer /health in 30 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, child, output: () => output, exited };
}
