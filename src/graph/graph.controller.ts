import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiOk, ApiProblems } from '../common/openapi.js';
import { GraphQueryDto, GraphResponseDto } from './dto/graph.dto.js';
import { GraphService } from './graph.service.js';

@ApiTags('graph')
@Controller('v1/graph')
export class GraphController {
  constructor(private readonly graph: GraphService) {}

  @Get()
  @ApiOperation({
    summary:
      'A neighbourhood of claims, sources, stances, links and affiliations as Cytoscape.js elements',
    description:
      'Ready to draw as it comes: claim nodes carry a short `label`, source nodes a `parent` (their independence group, drawn as a compound node that is in `nodes` too), and stance and link edges a `polarity`.',
  })
  @ApiOk(GraphResponseDto)
  @ApiProblems(400, 404)
  getGraph(@Query() query: GraphQueryDto): Promise<GraphResponseDto> {
    return this.graph.neighbourhood(query);
  }
}
