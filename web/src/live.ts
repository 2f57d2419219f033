import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { Schemas } from './api.js';

/** What the stream says, as the console uses it. */
interface LiveEvent {
  type: string;
  claimId: string | null;
}

type EventType = Schemas['EventDto']['type'];

/**
 * Every event type, each named once: a record over the API document's union, so the compiler
 * refuses this list when the API adds a type the console does not listen for.
 */
const TYPES = Object.keys({
  'claim.created': true,
  'stance.added': true,
  'claim.status_changed': true,
  'import.completed': true,
  'review.recorded': true,
  'review.withdrawn': true,
  'link.added': true,
  'link.removed': true,
  'claim.merged': true,
  'claim.unmerged': true,
  'source.changed': true,
} satisfies Record<EventType, true>) as EventType[];

/**
 * Keeps every screen current: one event stream (GET /v1/events, signed in by the session cookie)
 * for the whole console; each event marks what it changes as stale, and TanStack Query refetches
 * what is on screen. EventSource reconnects by itself with Last-Event-ID; after a refusal (429/503,
 * which it does not retry) the console opens a new one after a pause. Returns whether it is open.
 */
export function useLiveUpdates(enabled: boolean): boolean {
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  useEffect(() => {
    if (!enabled) return;
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    // A burst of events (an import, a busy desk) refetches once per pause, not once per event.
    let flush: ReturnType<typeof setTimeout> | undefined;
    const claims = new Set<string | null>();
    const refresh = (): void => {
      flush = undefined;
      for (const key of ['queue', 'claims', 'activity', 'stats', 'source'])
        void client.invalidateQueries({ queryKey: [key] });
      for (const id of claims)
        void client.invalidateQueries({ queryKey: id ? ['claim', id] : ['claim'] });
      claims.clear();
    };
    const connect = (): void => {
      source = new EventSource(`/v1/events?types=${TYPES.join(',')}`);
      source.onopen = () => setOpen(true);
      source.onerror = () => {
        setOpen(false);
        if (source?.readyState === EventSource.CLOSED) {
          source = null;
          retry = setTimeout(connect, 10_000);
        }
      };
      const onEvent = (message: MessageEvent<string>): void => {
        const event = JSON.parse(message.data) as LiveEvent;
        claims.add(event.claimId);
        flush ??= setTimeout(refresh, 200);
      };
      for (const type of TYPES) source.addEventListener(type, onEvent);
    };
    connect();
    return () => {
      clearTimeout(retry);
      clearTimeout(flush);
      source?.close();
      setOpen(false);
    };
  }, [enabled, client]);
  return open;
}
