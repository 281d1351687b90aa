import { Get } from '@nestjs/common';
import { ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';
import { TaskerHealthIndicator } from '../../health/tasker.health';
import { RequiresPermission } from '../auth/tasker-permission.decorator';
import { ErrorAnswer } from '../models/error.model';
import { LiveAnswer } from '../models/health.model';
import { TaskerController } from './tasker-controller.decorator';

/**
 * Probes and status. `live` and `ready` are never guarded (an orchestrator calls them); `status`
 * needs `tasker.health:status`. `ready` and `status` answer a terminus result, 503 when a check is down.
 */
@TaskerController('health', 'health', { documentAuth: false })
export class TaskerHealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly tasker: TaskerHealthIndicator,
  ) {}

  @Get('live')
  @RequiresPermission('public')
  @ApiOperation({ summary: 'Liveness', description: '200 while the process runs.' })
  @ApiOkResponse({ type: LiveAnswer })
  live(): LiveAnswer {
    return { status: 'ok' };
  }

  @Get('ready')
  @RequiresPermission('public')
  @HealthCheck()
  @ApiOperation({
    summary: 'Readiness',
    description:
      "200 when Tasker's database answers (within 3 s), its migrations are applied and, when the worker is enabled, the worker loop runs; 503 otherwise.",
  })
  ready(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.tasker.pingDatabase('database'),
      () => this.tasker.checkMigrations('migrations'),
      () => this.tasker.checkWorker('worker'),
    ]);
  }

  @Get('status')
  @RequiresPermission('tasker.health:status')
  @HealthCheck()
  @ApiUnauthorizedResponse({ type: ErrorAnswer, description: '`http.authorize` threw: not authenticated.' })
  @ApiForbiddenResponse({ type: ErrorAnswer, description: '`http.authorize` refused the permission.' })
  @ApiOperation({
    summary: 'Status',
    description:
      "Task and step counts by status, retries and backoffs, the connection pool, the concurrency limit and steps in flight, the last hour's rates. " +
      '503 when over 90 % of the pool is in use or over half of the tasks or steps finished in the last hour failed. Scans the task tables: not for a frequent probe.',
  })
  status(): Promise<HealthCheckResult> {
    return this.health.check([() => this.tasker.checkStatus('tasker')]);
  }
}
