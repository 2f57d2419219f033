import { Body, Controller, Delete, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentActor, RequireRole } from '../common/auth.decorators.js';
import { SecretAnswer } from '../idempotency/idempotency.interceptor.js';
import { ApiCreated, ApiDeleted, ApiOk, ApiProblems } from '../common/openapi.js';
import { pageOf, PageQueryDto, type Page } from '../common/pagination.js';
import { UuidPipe } from '../common/params.js';
import { ApiKeysService } from './api-keys.service.js';
import type { Actor } from '../domain/actors.js';
import {
  ApiKeyResponseDto,
  CreateApiKeyDto,
  CreatedApiKeyResponseDto,
  toApiKeyResponse,
} from './dto/api-key.dto.js';

const ApiKeyPageDto = pageOf(ApiKeyResponseDto, 'ApiKeyPageDto');

@ApiTags('api-keys')
@ApiBearerAuth()
@RequireRole('admin')
@Controller('v1/api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Post()
  @SecretAnswer()
  @ApiOperation({ summary: 'Create an API key; its secret is shown once, in this answer' })
  @ApiCreated(CreatedApiKeyResponseDto)
  @ApiProblems(401, 403)
  async createApiKey(
    @Body() dto: CreateApiKeyDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<CreatedApiKeyResponseDto> {
    const { key, secret } = await this.keys.createKey(dto.name, dto.role, actor);
    res.header('Location', `/v1/api-keys/${key.id}`).header('Cache-Control', 'no-store');
    return { ...toApiKeyResponse(key), key: secret };
  }

  @Get()
  @ApiOperation({ summary: 'List API keys, newest first (secrets are never shown again)' })
  @ApiOk(ApiKeyPageDto)
  @ApiProblems(400, 401, 403)
  async listApiKeys(@Query() query: PageQueryDto): Promise<Page<ApiKeyResponseDto>> {
    const page = await this.keys.listKeys(query);
    return { items: page.items.map(toApiKeyResponse), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get an API key' })
  @ApiOk(ApiKeyResponseDto)
  @ApiProblems(400, 401, 403, 404)
  async getApiKey(@Param('id', UuidPipe) id: string): Promise<ApiKeyResponseDto> {
    return toApiKeyResponse(await this.keys.getKey(id));
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Revoke an API key, effective with the next request' })
  @ApiDeleted()
  @ApiProblems(400, 401, 403, 404, 409)
  async revokeApiKey(
    @Param('id', UuidPipe) id: string,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    await this.keys.revokeKey(id, actor);
  }
}
