import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { Public } from '../common/auth.decorators.js';
import { ApiProblems } from '../common/openapi.js';
import { Reads } from '../common/reads.js';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
  type HealthCheckResult,
  type HealthIndicatorFunction,
} from '@nestjs/terminus';

@ApiTags('health')
@Public()
@SkipThrottle()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly reads: Reads,
  ) {}

  @Get()
  // The filter answers a failed check as a problem, not in Terminus's own shape.
  @HealthCheck({ swaggerDocumentation: false })
  @ApiOkResponse({
    description:
      'The database answers. With read replicas, `info.replicas.servers` says how each answered its last check (reachable, replaying, lag) and whether reads go to it; a replica out of use never makes the instance unhealthy, since the primary answers its reads',
    schema: {
      type: 'object',
      required: ['status'],
      properties: {
        status: { type: 'string', enum: ['ok'] },
        info: { type: 'object', additionalProperties: true },
        error: { type: 'object', additionalProperties: true },
        details: { type: 'object', additionalProperties: true },
      },
    },
  })
  @ApiProblems(503)
  @ApiOperation({
    summary: 'Liveness and readiness: 200 when the database answers, 503 when it does not',
  })
  checkHealth(): Promise<HealthCheckResult> {
    const checks: HealthIndicatorFunction[] = [
      () => this.db.pingCheck('database', { timeout: 3000 }),
    ];
    const replicas = this.reads.report();
    if (replicas.length > 0) {
      checks.push(() => this.indicators.check('replicas').up({ servers: replicas }));
    }
    return this.health.check(checks);
  }
}
