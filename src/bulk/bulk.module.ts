import { Module } from '@nestjs/common';
import { CorroborationModule } from '../corroboration/corroboration.module.js';
import { LinksModule } from '../links/links.module.js';
import { SourcesModule } from '../sources/sources.module.js';
import { BulkSlots } from './bulk-slots.js';
import { BulkController } from './bulk.controller.js';
import { ExportRepository } from './export/export.repository.js';
import { ExportService } from './export/export.service.js';
import { ImportRepository } from './import/import.repository.js';
import { ImportService } from './import/import.service.js';

@Module({
  imports: [CorroborationModule, SourcesModule, LinksModule],
  controllers: [BulkController],
  providers: [ImportService, ImportRepository, ExportService, ExportRepository, BulkSlots],
})
export class BulkModule {}
