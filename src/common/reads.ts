import type { DataSource, EntityManager } from 'typeorm';
import { CommonErrors, DomainError } from '../domain/errors.js';

/**
 * The consistency token: a position in the primary's write-ahead log, sent after every write and
 * accepted on every read, so that a client reads its own writes whichever server answers
 * (docs/design.md §5.7).
 */
export const CONSISTENCY_HEADER = 'Claimgraph-Consistency';

/** What a read may ask of the server that answers it. */
export interface ReadOptions {
  /**
   * The read answers for this moment of the past (`?knownAt=`): only a server that has everything
   * the primary had committed by then may answer it.
   */
  knownAt?: Date;
}

/**
 * Where a service's reads go. Outside a read request (writes, scripts, background work) that is
 * always the primary; in a read request, a read replica that is recent enough when there is one.
 * Every call in one request answers from the same server, so one answer is never pieced together
 * from two servers at different points in time.
 */
export abstract class Reads {
  abstract manager(options?: ReadOptions): Promise<EntityManager>;

  /** Each read replica as last checked; empty when there are none. */
  abstract report(): ReplicaReport[];
}

/** How a replica last answered, as `/health` shows it. */
export interface ReplicaReport {
  /**
   * Its place in DATABASE_READ_URLS, from 1. (The health check answers anyone: it names no host,
   * and says why a replica is out of use only in the server's log.)
   */
  replica: number;
  reachable: boolean;
  /** True while it replays the primary's log; false after a promotion (it is then never read from). */
  replaying: boolean;
  /** How far behind the primary its data is, at most, in milliseconds; null until known. */
  lagMs: number | null;
  replayLsn: string | null;
  /** Whether reads go to it now. */
  inUse: boolean;
}

const LSN = /^([0-9A-F]{1,8})\/([0-9A-F]{1,8})$/i;

/** A log position as PostgreSQL writes it (`16/B374D848`), as a number that compares. */
export function parseLsn(text: string): bigint | undefined {
  const m = LSN.exec(text);
  if (!m) return undefined;
  return (BigInt(`0x${m[1]}`) << 32n) | BigInt(`0x${m[2]}`);
}

export function formatLsn(lsn: bigint): string {
  return `${(lsn >> 32n).toString(16).toUpperCase()}/${(lsn & 0xffffffffn).toString(16).toUpperCase()}`;
}

/** The token a read carries, if any; one that this API cannot have sent is 400. */
export function consistencyTokenOf(value: string | string[] | undefined): bigint | undefined {
  if (value === undefined) return undefined;
  const text = Array.isArray(value) ? value.join(',') : value;
  const lsn = parseLsn(text.trim());
  if (lsn === undefined) {
    throw new DomainError(
      CommonErrors.INVALID_CONSISTENCY_TOKEN,
      `Send back the ${CONSISTENCY_HEADER} header of a write's answer as it came (such as 0/1A2B3C4D), or leave it out.`,
    );
  }
  return lsn;
}

/** Reads that all go to one data source: for commands and tests that build services by hand. */
export function readsFrom(dataSource: DataSource): Reads {
  return new (class extends Reads {
    manager(): Promise<EntityManager> {
      return Promise.resolve(dataSource.manager);
    }
    report(): ReplicaReport[] {
      return [];
    }
  })();
}
