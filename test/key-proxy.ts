import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A pass-through HTTP proxy in front of the app that adds `Authorization: Bearer <key>` to requests
 * that carry none. Suites that are not about access control talk through it as an admin; the
 * access-control suite talks to the app directly.
 */
export async function startKeyProxy(target: Server, key: string): Promise<Server> {
  const { port } = target.address() as AddressInfo;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const proxy = http.createServer((req, res) => {
    const headers = { ...req.headers };
    headers.authorization ??= `Bearer ${key}`;
    const upstream = http.request(
      { host: '127.0.0.1', port, method: req.method, path: req.url, headers, agent },
      (answer) => {
        // The app may answer before reading the whole body (413, 415): stop forwarding, drain the rest.
        if (!req.complete) {
          req.unpipe(upstream);
          req.resume();
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.destroy();
    });
    req.pipe(upstream);
  });
  proxy.on('close', () => agent.destroy());
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return proxy;
}
