import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { BuildCopy } from './build.js';

/** A port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export const newAdminKey = (): string => `cg_${randomBytes(32).toString('base64url')}`;

/** A server started as a child process, with its log in a file. */
export class ChildServer {
  private exited = false;

  private constructor(
    readonly name: string,
    readonly child: ChildProcess,
    readonly baseUrl: string,
    readonly logFile: string,
  ) {
    child.once('exit', () => (this.exited = true));
  }

  /**
   * Starts `node <script>` with this environment and waits until `readyPath` answers 200.
   * Throws with the end of the log if the process exits or does not get ready in time.
   */
  static async start(opts: {
    name: string;
    script: string;
    cwd: string;
    env: Record<string, string>;
    logFile: string;
    readyPath: string;
    timeoutMs?: number;
    /** Options for node itself (e.g. `--cpu-prof`), before the script. */
    nodeArgs?: string[];
  }): Promise<ChildServer> {
    const port = await freePort();
    const log = createWriteStream(opts.logFile);
    const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), opts.script], {
      cwd: opts.cwd,
      env: { ...process.env, ...opts.env, PORT: String(port), HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Two streams into one file: neither may end it, or the other's last lines would be written
    // after its end; it ends once the child's output has closed.
    child.stdout?.pipe(log, { end: false });
    child.stderr?.pipe(log, { end: false });
    child.once('close', () => log.end());
    const server = new ChildServer(opts.name, child, `http://127.0.0.1:${port}`, opts.logFile);
    const deadline = Date.now() + (opts.timeoutMs ?? 120_000);
    while (Date.now() < deadline) {
      if (server.exited)
        throw new Error(`${opts.name} exited while starting:\n${server.logTail()}`);
      try {
        const res = await fetch(`${server.baseUrl}${opts.readyPath}`);
        await res.arrayBuffer();
        if (res.ok) return server;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    await server.stop();
    throw new Error(
      `${opts.name} was not ready within ${opts.timeoutMs ?? 120_000} ms:\n${server.logTail()}`,
    );
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  logTail(lines = 30): string {
    try {
      return readFileSync(this.logFile, 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }

  /** Resident memory now and its peak so far (VmRSS and VmHWM), in bytes; null where /proc is missing. */
  memory(): { rss: number; peak: number } | null {
    try {
      const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
      const kb = (field: string) =>
        Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
      return { rss: kb('VmRSS'), peak: kb('VmHWM') };
    } catch {
      return null;
    }
  }

  /** SIGTERM, then SIGKILL if it has not exited within 15 s. */
  async stop(): Promise<void> {
    if (this.exited) return;
    const gone = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
    await gone;
    clearTimeout(timer);
  }
}

/** The Claimgraph server as built (`src/main.js`), on a PostgreSQL database, tuned for measuring. */
export function startApp(opts: {
  build: BuildCopy;
  name: string;
  databaseUrl: string;
  adminKey: string;
  logFile: string;
  /** More settings, over the ones here (e.g. DATABASE_READ_URLS). */
  env?: Record<string, string>;
  nodeArgs?: string[];
}): Promise<ChildServer> {
  return ChildServer.start({
    name: opts.name,
    nodeArgs: opts.nodeArgs,
    script: opts.build.path('server'),
    cwd: opts.build.dir,
    logFile: opts.logFile,
    readyPath: '/health',
    env: {
      DATABASE_URL: opts.databaseUrl,
      BOOTSTRAP_ADMIN_KEY: opts.adminKey,
      LOG_REQUESTS: 'false',
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'text',
      RATE_LIMIT: '1000000',
      RATE_LIMIT_WINDOW_MS: '1000',
      PUBLIC_READ: 'false',
      MIGRATIONS_RUN: 'true',
      ...opts.env,
    },
  });
}

/** The minimal node:http + pg server doing the same reads (bench/baseline-server.ts). */
export function startBaseline(opts: {
  build: BuildCopy;
  databaseUrl: string;
  logFile: string;
  nodeArgs?: string[];
}): Promise<ChildServer> {
  return ChildServer.start({
    name: 'baseline server',
    nodeArgs: opts.nodeArgs,
    script: opts.build.path('baseline'),
    cwd: opts.build.dir,
    logFile: opts.logFile,
    readyPath: '/health',
    env: { DATABASE_URL: opts.databaseUrl, POOL_SIZE: '10' },
  });
}
