import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BuildCopy } from './build.js';
import { createDatabase, dropDatabase } from './database.js';
import { log } from './report.js';
import type { ChildServer } from './server.js';

/** Everything the run created, removed whatever happens: servers, databases, generated files. */
export class Resources {
  private readonly running = new Set<ChildServer>();
  private readonly started: ChildServer[] = [];
  private readonly databases: string[] = [];
  private readonly dirs: string[] = [];
  private readonly builds: BuildCopy[] = [];

  constructor(
    private readonly adminUrl: string,
    private readonly keep: boolean,
  ) {}

  server(s: ChildServer): ChildServer {
    this.running.add(s);
    this.started.push(s);
    return s;
  }

  async stop(s: ChildServer): Promise<void> {
    this.running.delete(s);
    await s.stop();
  }

  async database(role: string): Promise<{ name: string; url: string }> {
    const db = await createDatabase(this.adminUrl, role);
    this.databases.push(db.name);
    return db;
  }

  /** Drops a database now (unless --keep), to give its disk back before the next step. */
  async drop(db: { name: string }): Promise<void> {
    if (this.keep) return;
    this.databases.splice(this.databases.indexOf(db.name), 1);
    await dropDatabase(this.adminUrl, db.name);
  }

  dir(path: string): void {
    this.dirs.push(path);
  }

  /** A scratch directory of the run's own (removed at the end unless --keep), with `logs` for the
   * servers' logs and `data` for the generated dataset. */
  workspace(prefix: string): { dir: string; logs: string; data: string } {
    const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
    this.dir(dir);
    const logs = join(dir, 'logs');
    const data = join(dir, 'data');
    mkdirSync(logs);
    mkdirSync(data);
    return { dir, logs, data };
  }

  /** The private copy of the build: removed at the end even with --keep. */
  build(b: BuildCopy): void {
    this.builds.push(b);
  }

  /** The end of every started server's log, for a run that went wrong. */
  logTails(): string {
    return this.started.map((s) => `--- ${s.name} (${s.logFile}):\n${s.logTail()}`).join('\n');
  }

  async release(): Promise<void> {
    for (const s of this.running) await s.stop().catch(() => undefined);
    this.running.clear();
    for (const b of this.builds.splice(0)) b.remove();
    if (this.keep) {
      if (this.databases.length > 0) log(`kept databases: ${this.databases.join(', ')}`);
      if (this.dirs.length > 0) log(`kept files: ${this.dirs.join(', ')}`);
      return;
    }
    for (const name of this.databases.splice(0)) {
      await dropDatabase(this.adminUrl, name).catch((e: unknown) =>
        log(`could not drop ${name}: ${String(e)}`),
      );
    }
    for (const dir of this.dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  }
}
