import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Subscriber } from './subscriber.js';
import {
  comparePositions,
  formatEvent,
  isAfter,
  matchesFilter,
  parseEventId,
  type StoredEvent,
} from './event-log.js';
import { EventStream } from './event-stream.js';

const event = (id: number, txid: number, overrides: Partial<StoredEvent> = {}): StoredEvent => ({
  id: String(id),
  txid: String(txid),
  type: 'claim.created',
  claimId: '7a1c0f2e-4b7d-4c1e-9d2a-3f5e6a7b8c9d',
  payload: { statement: 'A claim' },
  createdAt: new Date('2017-10-29T08:00:00.000Z'),
  ...overrides,
});

describe('delivery order', () => {
  it.each([
    [{ txid: 5n, id: 9n }, { txid: 6n, id: 1n }, -1],
    [{ txid: 6n, id: 1n }, { txid: 5n, id: 9n }, 1],
    [{ txid: 5n, id: 1n }, { txid: 5n, id: 2n }, -1],
    [{ txid: 5n, id: 2n }, { txid: 5n, id: 2n }, 0],
    [{ txid: 2n ** 40n, id: 1n }, { txid: 2n ** 40n - 1n, id: 2n ** 62n }, 1],
  ])('compares %o with %o as %i', (x, y, expected) => {
    expect(Math.sign(comparePositions(x, y))).toBe(expected);
  });

  it('orders by transaction first: a lower id from a later transaction comes after a higher one', () => {
    const position = { txid: 100n, id: 11n };
    expect(isAfter(event(10, 101), position)).toBe(true);
    expect(isAfter(event(12, 99), position)).toBe(false);
    expect(isAfter(event(11, 100), position)).toBe(false);
    expect(isAfter(event(12, 100), position)).toBe(true);
  });
});

describe('parseEventId', () => {
  it.each([
    ['0', 0n],
    ['1', 1n],
    ['9223372036854775807', 9223372036854775807n],
  ])('reads %j', (text, id) => {
    expect(parseEventId(text)).toBe(id);
  });

  it.each([
    '',
    '-1',
    '+1',
    '01',
    '1.0',
    '1e3',
    ' 1',
    '0x10',
    '9223372036854775808',
    '99999999999999999999',
    '١',
  ])('refuses %j', (text) => {
    expect(parseEventId(text)).toBeUndefined();
  });
});

describe('matchesFilter', () => {
  const e = event(1, 1, { type: 'stance.added' });

  it.each([
    [{}, true],
    [{ claimId: e.claimId! }, true],
    [{ claimId: '00000000-0000-4000-8000-000000000000' }, false],
    [{ types: ['stance.added', 'claim.created'] as const }, true],
    [{ types: ['claim.status_changed'] as const }, false],
    [{ claimId: e.claimId!, types: ['claim.created'] as const }, false],
  ])('%o → %s', (filter, expected) => {
    expect(matchesFilter(filter, e)).toBe(expected);
  });

  it('an event about no claim matches only filters without claimId', () => {
    const done = event(2, 2, { type: 'import.completed', claimId: null });
    expect(matchesFilter({ types: ['import.completed'] }, done)).toBe(true);
    expect(matchesFilter({ claimId: e.claimId! }, done)).toBe(false);
  });
});

describe('formatEvent', () => {
  it('writes id, event and one data line of JSON, then a blank line', () => {
    expect(formatEvent(event(42, 7))).toBe(
      'id: 42\nevent: claim.created\ndata: {"id":"42","type":"claim.created","claimId":"7a1c0f2e-4b7d-4c1e-9d2a-3f5e6a7b8c9d","at":"2017-10-29T08:00:00.000Z","data":{"statement":"A claim"}}\n\n',
    );
  });

  it('cannot be broken into more fields or events by the text it carries', () => {
    const text = formatEvent(
      event(1, 1, { payload: { statement: 'one\n\nevent: forged\r\ndata: x\rid: 9' } }),
    );
    const lines = text.split(/\r\n|\r|\n/);
    expect(lines).toHaveLength(5);
    expect(lines.slice(3)).toEqual(['', '']);
    expect(JSON.parse(lines[2].slice('data: '.length))).toMatchObject({
      data: { statement: 'one\n\nevent: forged\r\ndata: x\rid: 9' },
    });
  });
});

/** Enough of a ServerResponse for the stream: headers, writes, a write buffer, end and destroy. */
class FakeResponse extends EventEmitter {
  statusCode = 0;
  headers: Record<string, string> = {};
  written: string[] = [];
  writableLength = 0;
  /** What write() answers: false once the connection is backed up. */
  accepting = true;
  writableNeedDrain = false;
  destroyed = false;
  ended = false;
  headersFlushed = false;

  setHeader(name: string, value: string): void {
    this.headers[name.toLowerCase()] = value;
  }
  flushHeaders(): void {
    this.headersFlushed = true;
  }
  write(chunk: string): boolean {
    this.written.push(chunk);
    if (!this.accepting) this.writableNeedDrain = true;
    return this.accepting;
  }
  /** The client read everything. */
  drain(): void {
    this.accepting = true;
    this.writableNeedDrain = false;
    this.writableLength = 0;
    this.emit('drain');
  }
  end(): void {
    this.ended = true;
    this.emit('close');
  }
  destroy(): void {
    this.destroyed = true;
    this.emit('close');
  }
}

describe('EventStream', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const open = (
    options = { heartbeatMs: 15_000, retryMs: 3_000, maxBufferedBytes: 1_000, stallMs: 30_000 },
  ) => {
    const res = new FakeResponse();
    const stream = new EventStream(res as unknown as ServerResponse, options);
    stream.open();
    return { res, stream };
  };

  it('sends the event-stream headers and the retry hint at once', () => {
    const { res } = open();
    expect(res.statusCode).toBe(200);
    expect(res.headers).toMatchObject({
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      'x-accel-buffering': 'no',
    });
    expect(res.headersFlushed).toBe(true);
    expect(res.written).toEqual(['retry: 3000\n\n']);
  });

  it('sends a comment every heartbeat interval, and none after it ends', () => {
    const { res, stream } = open();
    vi.advanceTimersByTime(14_999);
    expect(res.written).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(res.written.at(-1)).toBe(': keep-alive\n\n');
    vi.advanceTimersByTime(30_000);
    expect(res.written).toHaveLength(4);
    stream.end();
    vi.advanceTimersByTime(60_000);
    expect(res.written).toHaveLength(4);
    expect(res.ended).toBe(true);
  });

  it('runs its close handlers once, whether the client or the server ends it', () => {
    const { res, stream } = open();
    const closed = vi.fn();
    stream.onClose(closed);
    res.emit('close');
    stream.end();
    expect(closed).toHaveBeenCalledTimes(1);
    expect(stream.closed).toBe(true);
    stream.send(event(1, 1));
    expect(res.written).toHaveLength(1);
    const late = vi.fn();
    stream.onClose(late);
    expect(late).toHaveBeenCalledTimes(1);
  });

  it('cuts off a client that lets too much pile up unread', () => {
    const { res, stream } = open();
    const closed = vi.fn();
    stream.onClose(closed);
    res.writableLength = 1_001;
    stream.send(event(1, 1));
    expect(res.destroyed).toBe(true);
    expect(closed).toHaveBeenCalledWith('slow');
    expect(closed).toHaveBeenCalledTimes(1);
    expect(stream.peakBufferedBytes).toBe(1_001);
  });

  it('cuts off a client whose connection takes nothing for stallMs while output waits', () => {
    const { res, stream } = open();
    const closed = vi.fn();
    stream.onClose(closed);
    res.accepting = false;
    stream.send(event(1, 1));
    expect(stream.backedUp).toBe(true);
    vi.advanceTimersByTime(29_999);
    expect(res.destroyed).toBe(false);
    vi.advanceTimersByTime(1);
    expect(res.destroyed).toBe(true);
    expect(closed).toHaveBeenCalledWith('stalled');
  });

  it('keeps a client that is slow but reading: each drain starts the stall clock again', async () => {
    const { res, stream } = open();
    for (let i = 0; i < 5; i++) {
      res.accepting = false;
      stream.send(event(i + 1, 1));
      const drained = stream.drained();
      vi.advanceTimersByTime(20_000);
      res.drain();
      await drained;
    }
    vi.advanceTimersByTime(60_000);
    expect(res.destroyed).toBe(false);
    expect(stream.closed).toBe(false);
  });

  it('tells a bounded wait for a drain whether it came in time', async () => {
    const { res, stream } = open();
    res.accepting = false;
    stream.send(event(1, 1));
    const late = stream.drained(1_000);
    vi.advanceTimersByTime(1_000);
    expect(await late).toBe(false);
    const inTime = stream.drained(1_000);
    res.drain();
    expect(await inTime).toBe(true);
    expect(await stream.drained(1_000)).toBe(true);
  });

  it('wakes whoever waits for a drain when the stream ends instead', async () => {
    const { res, stream } = open();
    res.accepting = false;
    stream.send(event(1, 1));
    const drained = stream.drained();
    res.emit('close');
    await drained;
    expect(stream.closed).toBe(true);
  });
});

describe('Subscriber', () => {
  const subscriber = (filter = {}, fellBehind = vi.fn()) => {
    const res = new FakeResponse();
    const stream = new EventStream(res as unknown as ServerResponse);
    const sub = new Subscriber({ txid: 10n, id: 5n }, filter, stream, fellBehind);
    const sent = () =>
      res.written.filter((w) => w.startsWith('id: ')).map((w) => w.split('\n')[0].slice(4));
    return { sub, stream, sent, res };
  };

  it('a live client whose connection backs up has its events queued, and asks once to be caught up', () => {
    const fellBehind = vi.fn();
    const { sub, stream, sent, res } = subscriber({}, fellBehind);
    stream.open();
    sub.goLive();
    sub.offer(event(6, 10));
    res.accepting = false;
    sub.offer(event(7, 10)); // written: this is the write that backs the connection up
    sub.offer(event(8, 10));
    sub.offer(event(9, 10));
    expect(sent()).toEqual(['6', '7']);
    expect(fellBehind).toHaveBeenCalledTimes(1);
    expect(fellBehind).toHaveBeenCalledWith(sub);
    expect(sub.takeQueued()?.map((e) => e.id)).toEqual(['8', '9']);
  });

  it('queues live events while catching up; the catch-up sends those the log did not, in order', () => {
    const { sub, stream, sent } = subscriber();
    sub.offer(event(7, 11));
    sub.offer(event(8, 12));
    stream.open();
    // The catch-up read reached past the first queued event.
    sub.deliver(event(6, 10));
    sub.deliver(event(7, 11));
    for (const queued of sub.takeQueued()!) sub.deliver(queued);
    expect(sub.takeQueued()).toEqual([]);
    sub.goLive();
    sub.offer(event(8, 12)); // the reader's copy of what was queued: not sent twice
    sub.offer(event(9, 12));
    expect(sent()).toEqual(['6', '7', '8', '9']);
  });

  it('drops a queue that grows too long: the catch-up reads the log again, then queues afresh', () => {
    const { sub, stream, sent } = subscriber();
    stream.open();
    for (let i = 0; i < 1_001; i++) sub.offer(event(100 + i, 20));
    expect(sub.takeQueued()).toBeUndefined();
    sub.offer(event(2_000, 21));
    expect(sub.takeQueued()?.map((e) => e.id)).toEqual(['2000']);
    expect(sent()).toEqual([]);
  });

  it('ignores what is not after its position or not wanted', () => {
    const { sub, stream, sent } = subscriber({ types: ['claim.created'] });
    stream.open();
    sub.goLive();
    sub.offer(event(4, 10));
    sub.offer(event(99, 9));
    sub.offer(event(6, 10, { type: 'stance.added' }));
    sub.offer(event(3, 11));
    expect(sent()).toEqual(['3']);
  });
});
