import { EventEmitter } from 'node:events';
import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';

/**
 * A `pg`-compatible pool over one embedded PGlite database, for TypeORM's `postgres` driver.
 *
 * PGlite is a single session. If two requests' transactions shared it, their statements would
 * interleave inside one BEGIN … COMMIT and one request's COMMIT or ROLLBACK would end the other's
 * work. So the pool lends its one connection to a single borrower at a time: `connect()` waits
 * until the previous borrower has released it. That serialises every transaction, which is the
 * honest isolation level for an embedded single-user database.
 */
export interface EmbeddedDatabase {
  /** `memory://` keeps everything in memory; any other value is a directory on disk. */
  dataDir: string;
}

type Callback = (err: Error | null, result?: unknown) => void;
type Release = (err?: Error) => void;

class Lease {
  private tail: Promise<void> = Promise.resolve();
  /** Borrowers waiting for the connection, and whether one holds it (for the pool's metrics). */
  waiting = 0;
  held = false;

  acquire(): Promise<Release> {
    this.waiting++;
    let release!: Release;
    const next = new Promise<void>((resolve) => {
      let done = false;
      release = () => {
        if (done) return;
        done = true;
        this.held = false;
        resolve();
      };
    });
    const ready = this.tail.then(() => {
      this.waiting--;
      this.held = true;
      return release;
    });
    this.tail = this.tail.then(() => next);
    return ready;
  }
}

class EmbeddedConnection extends EventEmitter {
  constructor(private readonly db: Promise<PGlite>) {
    super();
  }

  async query(sql: string, params?: unknown[] | Callback, cb?: Callback): Promise<unknown> {
    const callback = typeof params === 'function' ? params : cb;
    const values = Array.isArray(params) ? params : undefined;
    try {
      const db = await this.db;
      let result: { rows: unknown[]; affectedRows?: number };
      if (values && values.length > 0) {
        result = await db.query(sql, values);
      } else {
        // Unparameterised text may hold several statements (migrations); pg answers with the last.
        const all = await db.exec(sql);
        result = all[all.length - 1] ?? { rows: [] };
      }
      const shaped = { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
      callback?.(null, shaped);
      return shaped;
    } catch (error) {
      callback?.(error as Error);
      if (callback) return undefined;
      throw error;
    }
  }
}

/**
 * Open databases by directory. Pools on one directory share its session and so its lease; the last
 * pool to end closes the database.
 */
interface OpenDatabase {
  db: Promise<PGlite>;
  lease: Lease;
  pools: number;
}
const instances = new Map<string, OpenDatabase>();

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Only one process may open an embedded database directory: two would corrupt it. A pid file in
 * the directory says who has it; one left by a process that has died is taken over.
 */
function claimDirectory(dataDir: string): void {
  const pidFile = join(dataDir, 'claimgraph.pid');
  try {
    writeFileSync(pidFile, String(process.pid), { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const owner = Number(readFileSync(pidFile, 'utf8'));
    if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
      throw new Error(
        `The embedded database in ${dataDir} is in use by process ${owner}. Stop that process first, or set DATABASE_URL to use a PostgreSQL server.`,
        { cause: error },
      );
    }
    writeFileSync(pidFile, String(process.pid));
  }
}

function releaseDirectory(dataDir: string): void {
  const pidFile = join(dataDir, 'claimgraph.pid');
  try {
    if (readFileSync(pidFile, 'utf8') === String(process.pid)) unlinkSync(pidFile);
  } catch {
    // Already gone.
  }
}

const inMemory = (dataDir: string): boolean => dataDir.startsWith('memory://');

/** Data directories (as `dumpEmbeddedDatabase` wrote them) that in-memory databases start from. */
const seeds = new Map<string, Blob>();

/**
 * The in-memory database `dataDir` will start from `dump` (a data directory as
 * `dumpEmbeddedDatabase` gives it) rather than from an empty cluster, when first opened. A test
 * run migrates one database and starts each suite's from it: opening one is then a fraction of
 * creating and migrating one.
 */
export function seedEmbeddedDatabase(dataDir: string, dump: Blob): void {
  if (!inMemory(dataDir)) throw new Error('Only an in-memory embedded database can be seeded');
  seeds.set(dataDir, dump);
}

/** The whole data directory of an open embedded database, as an uncompressed tar file. */
export async function dumpEmbeddedDatabase(dataDir: string): Promise<Blob> {
  const open = instances.get(dataDir);
  if (!open) throw new Error(`No embedded database is open at ${dataDir}`);
  const release = await open.lease.acquire();
  try {
    return await (await open.db).dumpDataDir('none');
  } finally {
    release();
  }
}

function openDatabase(dataDir: string): OpenDatabase {
  let open = instances.get(dataDir);
  if (!open) {
    if (!inMemory(dataDir)) {
      mkdirSync(dataDir, { recursive: true });
      claimDirectory(dataDir);
    }
    // The extensions the migrations create (fuzzy source search); PostgreSQL ships them in contrib.
    const loadDataDir = seeds.get(dataDir);
    seeds.delete(dataDir);
    open = {
      db: PGlite.create(dataDir, { extensions: { pg_trgm, unaccent }, loadDataDir }),
      lease: new Lease(),
      pools: 0,
    };
    instances.set(dataDir, open);
  }
  open.pools++;
  return open;
}

async function closeDatabase(dataDir: string): Promise<void> {
  const open = instances.get(dataDir);
  if (!open || --open.pools > 0) return;
  instances.delete(dataDir);
  try {
    await (await open.db).close();
  } finally {
    if (!inMemory(dataDir)) releaseDirectory(dataDir);
  }
}

/** Builds the `driver` option for TypeORM: an object whose `Pool` opens the embedded database. */
export function embeddedDriver(options: EmbeddedDatabase): { Pool: new () => unknown } {
  class EmbeddedPool extends EventEmitter {
    private readonly open = openDatabase(options.dataDir);
    private readonly db = this.open.db;
    private readonly lease = this.open.lease;
    private readonly connection = new EmbeddedConnection(this.db);

    // node-postgres's Pool counts, for the metrics: one connection, lent or idle.
    readonly totalCount = 1;
    readonly options = { max: 1 };
    get idleCount(): number {
      return this.lease.held ? 0 : 1;
    }
    get waitingCount(): number {
      return this.lease.waiting;
    }

    connect(callback: (err: Error | null, conn?: unknown, release?: Release) => void): void {
      this.db.then(
        () =>
          this.lease.acquire().then((release) => {
            callback(null, this.connection, release);
          }),
        (error: Error) => callback(error),
      );
    }

    async query(sql: string, params?: unknown[], cb?: Callback): Promise<unknown> {
      const release = await this.lease.acquire();
      try {
        return await this.connection.query(sql, params, cb);
      } finally {
        release();
      }
    }

    end(callback?: (err?: Error | null) => void): Promise<void> {
      return closeDatabase(options.dataDir).then(
        () => callback?.(null),
        (error: Error) => {
          callback?.(error);
        },
      );
    }
  }
  return { Pool: EmbeddedPool };
}
