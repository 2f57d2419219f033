import { createServer, type Server as NetServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sample, scrapePort } from './metrics.shared.js';
import { expectProblem } from './problem.js';
import { createViewerKey, get, show } from './rate-limit.shared.js';
import { freePort } from './server-process.js';
import { createTestApp, type TestApp } from './test-app.js';

/**
 * A Redis that connects and answers the client's handshake (CLIENT, INFO) but never answers a
 * command that counts: the store is reachable and hangs, the worst way for it to fail.
 */
async function startHangingRedis(): Promise<{
  url: string;
  counted: () => number;
  close(): Promise<void>;
}> {
  let counted = 0;
  const sockets = new Set<Socket>();
  const server: NetServer = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let pending = '';
    socket.on('data', (chunk) => {
      pending += chunk.toString('latin1');
      // Commands are RESP arrays of bulk strings: *<n>\r\n then n × ($<len>\r\n<bytes>\r\n).
      for (;;) {
        const command = parseCommand(pending);
        if (!command) return;
        pending = pending.slice(command.length);
        const name = command.args[0]?.toUpperCase();
        if (name === 'INFO') {
          const info = '# Server\r\nredis_version:7.0.0\r\nloading:0\r\n';
          socket.write(`$${info.length}\r\n${info}\r\n`);
        } else if (name === 'EVALSHA' || name === 'EVAL') {
          counted++;
        } else {
          socket.write('+OK\r\n');
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `redis://127.0.0.1:${port}`,
    counted: () => counted,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function parseCommand(text: string): { args: string[]; length: number } | null {
  const head = /^\*(\d+)\r\n/.exec(text);
  if (!head) return null;
  let at = head[0].length;
  const args: string[] = [];
  for (let i = 0; i < Number(head[1]); i++) {
    const bulk = /^\$(\d+)\r\n/.exec(text.slice(at));
    if (!bulk) return null;
    const start = at + bulk[0].length;
    const end = start + Number(bulk[1]);
    if (text.length < end + 2) return null;
    args.push(text.slice(start, end));
    at = end + 2;
  }
  return { args, length: at };
}

describe('a shared rate-limit store that stops answering', () => {
  let redis: Awaited<ReturnType<typeof startHangingRedis>>;
  let t: TestApp;
  let metricsPort: number;

  beforeAll(async () => {
    redis = await startHangingRedis();
    // Scraped on a port of its own, so reading the metrics spends no budget.
    metricsPort = await freePort();
    t = await createTestApp({
      METRICS_PORT: metricsPort,
      REDIS_URL: redis.url,
      RATE_LIMIT: 5,
      RATE_LIMIT_WINDOW_MS: 60_000,
      RATE_LIMIT_STORE_TIMEOUT_MS: 50,
    });
  });
  afterAll(async () => {
    await t?.close();
    await redis?.close();
  });

  it('lets requests through, counted on this instance alone: the (limit+1)th is still 429', async () => {
    const viewer = await createViewerKey(t);
    for (let i = 0; i < 5; i++) {
      const res = await get(t.raw, '/v1/sources', viewer.key);
      expect(res.status, show(res)).toBe(200);
      expect(res.headers['x-ratelimit-remaining']).toBe(String(4 - i));
    }
    const refused = await get(t.raw, '/v1/sources', viewer.key);
    expectProblem(refused, 429, 'RATE_LIMITED');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // The store was asked, timed out, and was then left alone for a while rather than asked (and
    // waited on) for each of the seven requests.
    expect(redis.counted()).toBeGreaterThanOrEqual(1);
    expect(redis.counted()).toBeLessThan(7);

    const metrics = await scrapePort(metricsPort);
    expect(sample(metrics, 'claimgraph_rate_limit_store_failures_total', { store: 'redis' })).toBe(
      redis.counted(),
    );
    expect(sample(metrics, 'claimgraph_rate_limit_local_fallback')).toBe(1);
    expect(sample(metrics, 'claimgraph_rate_limit_rejections_total')).toBe(1);
    expect(
      sample(metrics, 'claimgraph_http_requests_total', {
        method: 'GET',
        route: '/v1/sources',
        status: '429',
      }),
    ).toBe(1);
  });
});
