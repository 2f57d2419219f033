import { Body, Controller, Delete, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Actor } from '../domain/actors.js';
import { CurrentActor } from '../common/auth.decorators.js';
import { ApiCreated, ApiDeleted, ApiOk, ApiProblems } from '../common/openapi.js';
import { pageOf, type Page } from '../common/pagination.js';
import { UuidPipe } from '../common/params.js';
import {
  CreateLinkDto,
  LinkResponseDto,
  ListLinksQueryDto,
  toLinkResponse,
} from './dto/link.dto.js';
import { LinksService } from './links.service.js';

const LinkPageDto = pageOf(LinkResponseDto, 'LinkPageDto');

@ApiTags('links')
@Controller('v1')
export class LinksController {
  constructor(private readonly links: LinksService) {}

  @Post('claims/:id/links')
  @ApiOperation({
    summary: 'Link this claim to another (part_of, depends_on, contradicts, related)',
  })
  @ApiCreated(LinkResponseDto)
  @ApiProblems(404, 409, 422)
  async createClaimLink(
    @Param('id', UuidPipe) claimId: string,
    @Body() dto: CreateLinkDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<LinkResponseDto> {
    const link = await this.links.createLink(claimId, dto, actor);
    res.header('Location', `/v1/links/${link.id}`);
    return toLinkResponse(link);
  }

  @Get('claims/:id/links')
  @ApiOperation({ summary: "List a claim's links, outgoing and incoming" })
  @ApiOk(LinkPageDto)
  @ApiProblems(400, 404)
  async listClaimLinks(
    @Param('id', UuidPipe) claimId: string,
    @Query() query: ListLinksQueryDto,
  ): Promise<Page<LinkResponseDto>> {
    const page = await this.links.listClaimLinks(claimId, query);
    return { items: page.items.map(toLinkResponse), nextCursor: page.nextCursor };
  }

  @Get('links/:id')
  @ApiOperation({ summary: 'Get a link' })
  @ApiOk(LinkResponseDto)
  @ApiProblems(400, 404)
  async getLink(@Param('id', UuidPipe) id: string): Promise<LinkResponseDto> {
    return toLinkResponse(await this.links.getLink(id));
  }

  @Delete('links/:id')
  @ApiOperation({ summary: 'Delete a link' })
  @ApiDeleted()
  @ApiProblems(400, 404)
  async deleteLink(@Param('id', UuidPipe) id: string, @CurrentActor() actor: Actor): Promise<void> {
    await this.links.deleteLink(id, actor);
  }
}
