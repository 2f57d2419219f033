import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Injectable, RequestMethod, type OnApplicationBootstrap } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { DiscoveryService, HttpAdapterHost, MetadataScanner } from '@nestjs/core';
import { Metrics } from './metrics.js';
import { joinRoute, RouteTable } from './route-table.js';

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * Counts and times every response the HTTP server sends, refusals before any handler ran (401
 * before a body, 408, 429) included, labelled by route template. It listens on Node's own server,
 * below whichever HTTP framework serves the routes.
 */
@Injectable()
export class HttpMetrics implements OnApplicationBootstrap {
  constructor(
    private readonly metrics: Metrics,
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  onApplicationBootstrap(): void {
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    if (!server) return;
    const routes = new RouteTable(this.routeTemplates());
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      const started = process.hrtime.bigint();
      res.once('close', () => {
        const method = METHODS.has(req.method ?? '') ? req.method! : 'OTHER';
        // A response the client hung up on before it ended has no status worth the name.
        const status = res.writableFinished ? String(res.statusCode) : 'aborted';
        const labels = { method, route: routes.match(req.url ?? '/'), status };
        this.metrics.httpRequests.inc(labels);
        this.metrics.httpDuration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
      });
    });
  }

  /** Every controller route, as `/controller-path/handler-path` with its `:params`. */
  private routeTemplates(): string[] {
    const routes: string[] = [];
    for (const wrapper of this.discovery.getControllers()) {
      const metatype = wrapper.metatype as object | null;
      const instance = wrapper.instance as object | undefined;
      if (!metatype || !instance) continue;
      const bases = asList(Reflect.getMetadata(PATH_METADATA, metatype));
      const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        const handler = prototype[name] as object;
        const paths = Reflect.getMetadata(PATH_METADATA, handler) as unknown;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (paths === undefined || method === undefined) continue;
        for (const base of bases)
          for (const path of asList(paths)) routes.push(joinRoute(base, path));
      }
    }
    return routes;
  }
}

const asList = (value: unknown): string[] =>
  (Array.isArray(value) ? value : [value ?? '']).map((v) => String(v));
