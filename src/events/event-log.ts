/**
 * The event log's vocabulary and its delivery order, with no framework in it.
 *
 * Events are delivered in (txid, id) order: by the writer's transaction id, then by event id within
 * a transaction. A reader only ever takes events whose transaction is older than every transaction
 * still running, and any transaction that commits later has a transaction id at least that old; so
 * an event that appears later always sorts after everything already delivered, and a reader that
 * remembers the position of the last event it delivered can never skip one. Event ids alone could
 * not promise that: a transaction may take id 10, another id 11 and commit first.
 */

export const EVENT_TYPES = [
  'claim.created',
  'stance.added',
  'claim.status_changed',
  'import.completed',
  'review.recorded',
  'review.withdrawn',
  'link.added',
  'link.removed',
  'claim.merged',
  'claim.unmerged',
  'source.changed',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** One row of the `events` table. Ids and transaction ids are 64-bit: kept as decimal strings. */
export interface StoredEvent {
  id: string;
  txid: string;
  type: EventType;
  claimId: string | null;
  payload: Record<string, unknown>;
  createdAt: Date;
}

/** A place in the delivery order: just after the event (txid, id). */
export interface Position {
  txid: bigint;
  id: bigint;
}

/** Before every event: the start of the log. */
export const START: Position = { txid: 0n, id: 0n };

export const positionOf = (event: Pick<StoredEvent, 'txid' | 'id'>): Position => ({
  txid: BigInt(event.txid),
  id: BigInt(event.id),
});

export function comparePositions(a: Position, b: Position): number {
  if (a.txid !== b.txid) return a.txid < b.txid ? -1 : 1;
  if (a.id !== b.id) return a.id < b.id ? -1 : 1;
  return 0;
}

export const isAfter = (event: Pick<StoredEvent, 'txid' | 'id'>, position: Position): boolean =>
  comparePositions(positionOf(event), position) > 0;

/** What one client asked to see; an absent member matches everything. */
export interface EventFilter {
  claimId?: string;
  types?: readonly EventType[];
}

export function matchesFilter(
  filter: EventFilter,
  event: Pick<StoredEvent, 'type' | 'claimId'>,
): boolean {
  if (filter.claimId !== undefined && event.claimId !== filter.claimId) return false;
  if (filter.types !== undefined && !filter.types.includes(event.type)) return false;
  return true;
}

/** The largest value of a PostgreSQL bigint, the upper bound of an event id. */
export const MAX_EVENT_ID = 9_223_372_036_854_775_807n;

/**
 * Reads a Last-Event-ID: a decimal event id, 0 to 2^63 − 1. Undefined when it is not one.
 * (Leading zeros are refused: an id is echoed back exactly as the server sent it.)
 */
export function parseEventId(text: string): bigint | undefined {
  if (!/^(0|[1-9]\d{0,18})$/.test(text)) return undefined;
  const id = BigInt(text);
  return id <= MAX_EVENT_ID ? id : undefined;
}

/** The JSON clients get in an event's `data:` line. */
export interface EventBody {
  id: string;
  type: EventType;
  claimId: string | null;
  at: string;
  data: Record<string, unknown>;
}

export const toEventBody = (event: StoredEvent): EventBody => ({
  id: event.id,
  type: event.type,
  claimId: event.claimId,
  at: event.createdAt.toISOString(),
  data: event.payload,
});

/**
 * One event in text/event-stream form. JSON.stringify escapes line breaks, so `data` is always a
 * single line and nothing in a payload can end the event early or forge a field.
 */
export const formatEvent = (event: StoredEvent): string =>
  `id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(toEventBody(event))}\n\n`;
