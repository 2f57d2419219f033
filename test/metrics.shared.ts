import type { Server } from 'node:http';
import request from 'supertest';
import { expect } from 'vitest';

/** One sample of a scrape: its value, or undefined when the scrape has no line for these labels. */
export function sample(
  text: string,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const found: Record<string, string> = {};
    for (const pair of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g))
      found[pair[1]] = pair[2];
    if (Object.keys(found).length !== Object.keys(labels).length) continue;
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(m[3]);
  }
  return undefined;
}

/** GET /metrics on the API's port with a key; asserts it answered in Prometheus's text format. */
export async function scrape(server: Server, key: string): Promise<string> {
  const res = await request(server).get('/metrics').set('Authorization', `Bearer ${key}`);
  expect(res.status, res.text).toBe(200);
  expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
  return res.text;
}

/** GET /metrics on METRICS_PORT, with no key. */
export async function scrapePort(port: number): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
  return res.text();
}
