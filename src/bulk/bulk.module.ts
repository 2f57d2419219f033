import { Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { CorroborationModule } from '../corroboration/corroboration.module.js';
import { LinksModule } from '../links/links.module.js';
import { SourcesModule } from '../sources/sources.module.js';
import { BulkSlots } from './bulk-slots.js';
import { BulkController } from './bulk.controller.js';
import { ExportRepository } from './export/export.repository.js';
import { ExportService } from './export/export.service.js';
import { ImportRepository } from './import/import.repository.js';
import { ImportService } from './import/import.service.js';

/**
 * The import's body is a stream nothing buffers, so the Idempotency-Key check (which hashes the
 * body) would see every upload as the same request. It sees this instead: the digest the client
 * declares for the body, which the import then verifies.
 */
function describeUpload(req: Request, _res: Response, next: NextFunction): void {
  req.body = { contentDigest: req.get('content-digest') ?? null };
  next();
}

@Module({
  imports: [CorroborationModule, SourcesModule, LinksModule],
  controllers: [BulkController],
  providers: [ImportService, ImportRepository, ExportService, ExportRepository, BulkSlots],
})
export class BulkModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(describeUpload).forRoutes({ path: 'v1/import', method: RequestMethod.POST });
  }
}
