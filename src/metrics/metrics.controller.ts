import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { prometheusContentType } from 'prom-client';
import { Metrics } from './metrics.js';

/**
 * GET /metrics on the API's port, for a key that may read (see README, "Metrics"); not served here
 * when METRICS_PORT gives it a port of its own. Prometheus text, not part of the JSON API: left out
 * of the API document, so the typed client and its users never see it.
 */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  @Get()
  @Header('Content-Type', prometheusContentType)
  @Header('Cache-Control', 'no-store')
  async readMetrics(): Promise<string> {
    return (await this.metrics.scrape()).body;
  }
}
