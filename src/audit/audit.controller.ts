import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '../common/auth.decorators.js';
import { ApiOk, ApiProblems } from '../common/openapi.js';
import { pageOf, type Page } from '../common/pagination.js';
import { AuditService } from './audit.service.js';
import { AuditEntryResponseDto, ListAuditQueryDto, toAuditEntryResponse } from './dto/audit.dto.js';

const AuditPageDto = pageOf(AuditEntryResponseDto, 'AuditPageDto');

@ApiTags('audit')
@RequireRole('editor')
@Controller('v1/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOperation({
    summary: 'The audit trail, newest first, filtered by entity, key, action and time',
  })
  @ApiOk(AuditPageDto)
  @ApiProblems(400, 401, 403)
  async listAuditEntries(@Query() query: ListAuditQueryDto): Promise<Page<AuditEntryResponseDto>> {
    const page = await this.audit.listEntries(query);
    return { items: page.items.map(toAuditEntryResponse), nextCursor: page.nextCursor };
  }
}
