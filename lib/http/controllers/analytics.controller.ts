import { Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { BottleneckAnalytics, PerformanceAnalytics } from '../../analytics/analytics.interface';
import { TaskerAnalytics } from '../../analytics/tasker-analytics.service';
import { RequiresPermission } from '../auth/tasker-permission.decorator';
import { BottlenecksQuery } from '../dto/bottlenecks.query';
import { BottlenecksModel, PerformanceModel } from '../models/analytics.model';
import { ErrorAnswer } from '../models/error.model';
import { TaskerController } from './tasker-controller.decorator';

/** Throughput, error rates and durations; where time and failures go. */
@TaskerController('analytics', 'analytics')
export class AnalyticsController {
  constructor(private readonly analytics: TaskerAnalytics) {}

  @Get('performance')
  @RequiresPermission('tasker.analytics:index')
  @ApiOperation({
    summary: 'Performance over the last hour, 4 hours and 24 hours',
    description:
      'Tasks created, completion and error rates of the tasks that finished, mean task and step durations, steps completed; and the system overview.',
  })
  @ApiOkResponse({ type: PerformanceModel })
  performance(): Promise<PerformanceAnalytics> {
    return this.analytics.performance();
  }

  @Get('bottlenecks')
  @RequiresPermission('tasker.analytics:index')
  @ApiOperation({
    summary: 'Bottlenecks',
    description:
      'The slowest tasks and steps and the most frequent failures among the tasks created in the period, optionally of one namespace/name/version.',
  })
  @ApiOkResponse({ type: BottlenecksModel })
  @ApiBadRequestResponse({ type: ErrorAnswer, description: 'A filter is out of range or unknown.' })
  bottlenecks(@Query() query: BottlenecksQuery): Promise<BottleneckAnalytics> {
    const { namespace, name, version, periodHours, limit } = query;
    return this.analytics.bottlenecks({ namespace, name, version, periodHours, limit });
  }
}
