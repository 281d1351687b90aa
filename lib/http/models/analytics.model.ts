import { ApiProperty } from '@nestjs/swagger';
import type {
  BottleneckAnalytics,
  ErrorPattern,
  PerformanceAnalytics,
  PeriodMetrics,
  SlowStep,
  SlowTask,
} from '../../analytics/analytics.interface';

const NULLABLE_TIMESTAMP = { type: String, format: 'date-time', nullable: true } as const;

/** The figures of one period. */
export class PeriodMetricsModel implements PeriodMetrics {
  @ApiProperty({ type: String, format: 'date-time' })
  since!: string;

  @ApiProperty({ type: Number, description: 'Tasks created in the period.', example: 120 })
  taskThroughput!: number;

  @ApiProperty({ type: Number, description: 'Tasks that finished complete in the period.', example: 110 })
  completionCount!: number;

  @ApiProperty({ type: Number, description: 'Tasks that finished in error in the period.', example: 4 })
  errorCount!: number;

  @ApiProperty({
    type: Number,
    description: 'Percentage of the tasks finished in the period that completed.',
    example: 95.65,
  })
  completionRate!: number;

  @ApiProperty({
    type: Number,
    description: 'Percentage of the tasks finished in the period that failed.',
    example: 3.48,
  })
  errorRate!: number;

  @ApiProperty({ type: Number, description: 'Mean duration of the tasks completed in the period.', example: 1830.5 })
  avgTaskDurationMs!: number;

  @ApiProperty({
    type: Number,
    description: 'Mean duration of the last attempt of the steps completed in the period.',
    example: 212.25,
  })
  avgStepDurationMs!: number;

  @ApiProperty({ type: Number, description: 'Steps completed in the period.', example: 440 })
  stepThroughput!: number;

  @ApiProperty({
    type: Number,
    description: 'Percentage of the steps finished in the period that ended in error.',
    example: 0.9,
  })
  stepErrorRate!: number;
}

/** System-wide counts, now and over the last hour. */
export class SystemOverviewModel {
  @ApiProperty({ type: Number, description: 'Tasks pending or in progress now.', example: 7 })
  activeTasks!: number;

  @ApiProperty({ type: Number, example: 2 })
  namespaces!: number;

  @ApiProperty({ type: Number, description: 'Distinct namespace/name pairs.', example: 5 })
  taskTypes!: number;

  @ApiProperty({
    type: Number,
    description: 'completed / (completed + error) over the steps finished in the last hour; 1 when none.',
    example: 0.991,
  })
  healthScore!: number;
}

/** The three periods of `GET /analytics/performance`. */
export class PerformancePeriodsModel {
  @ApiProperty({ type: PeriodMetricsModel })
  lastHour!: PeriodMetricsModel;

  @ApiProperty({ type: PeriodMetricsModel })
  last4Hours!: PeriodMetricsModel;

  @ApiProperty({ type: PeriodMetricsModel })
  last24Hours!: PeriodMetricsModel;
}

/** `GET /analytics/performance`. */
export class PerformanceModel implements PerformanceAnalytics {
  @ApiProperty({ type: SystemOverviewModel })
  overview!: SystemOverviewModel;

  @ApiProperty({ type: PerformancePeriodsModel })
  periods!: PerformancePeriodsModel;

  @ApiProperty({ type: String, format: 'date-time' })
  generatedAt!: string;
}

/** A finished task and how long it took. */
export class SlowTaskModel implements SlowTask {
  @ApiProperty({ type: String, format: 'uuid' })
  taskId!: string;

  @ApiProperty({ type: String, example: 'orders' })
  namespace!: string;

  @ApiProperty({ type: String, example: 'fulfil_order' })
  name!: string;

  @ApiProperty({ type: String, example: '1.0.0' })
  version!: string;

  @ApiProperty({ type: String, example: 'complete' })
  status!: string;

  @ApiProperty({
    type: Number,
    description: 'From start (creation when it never started) to completion.',
    example: 5021.3,
  })
  durationMs!: number;

  @ApiProperty({ type: Number, example: 4 })
  stepCount!: number;

  @ApiProperty({ type: Number, description: 'Complete or resolved steps.', example: 4 })
  completedSteps!: number;

  @ApiProperty({ type: Number, example: 0 })
  errorSteps!: number;

  @ApiProperty(NULLABLE_TIMESTAMP)
  createdAt!: string | null;

  @ApiProperty(NULLABLE_TIMESTAMP)
  completedAt!: string | null;

  @ApiProperty({ type: String, nullable: true })
  initiator!: string | null;

  @ApiProperty({ type: String, nullable: true })
  sourceSystem!: string | null;
}

/** A completed step and how long its last attempt took. */
export class SlowStepModel implements SlowStep {
  @ApiProperty({ type: String, format: 'uuid' })
  stepId!: string;

  @ApiProperty({ type: String, format: 'uuid' })
  taskId!: string;

  @ApiProperty({ type: String, example: 'charge_payment' })
  stepName!: string;

  @ApiProperty({ type: String, example: 'orders' })
  namespace!: string;

  @ApiProperty({ type: String, example: 'fulfil_order' })
  name!: string;

  @ApiProperty({ type: String, example: '1.0.0' })
  version!: string;

  @ApiProperty({ type: Number, description: 'Duration of the last attempt.', example: 2400.5 })
  durationMs!: number;

  @ApiProperty({ type: Number, example: 2 })
  attempts!: number;

  @ApiProperty({ type: Boolean })
  retryable!: boolean;

  @ApiProperty({ type: String, example: 'complete' })
  status!: string;

  @ApiProperty(NULLABLE_TIMESTAMP)
  completedAt!: string | null;
}

/** Failed attempts of one step of one task type with one error type and code. */
export class ErrorPatternModel implements ErrorPattern {
  @ApiProperty({ type: String, example: 'orders' })
  namespace!: string;

  @ApiProperty({ type: String, example: 'fulfil_order' })
  name!: string;

  @ApiProperty({ type: String, example: 'charge_payment' })
  stepName!: string;

  @ApiProperty({ type: String, description: 'The error class.', example: 'RetryableError' })
  errorType!: string;

  @ApiProperty({ type: String, nullable: true, example: 'HTTP_503' })
  errorCode!: string | null;

  @ApiProperty({ type: Number, description: 'Failed attempts in the period.', example: 12 })
  occurrences!: number;

  @ApiProperty({ type: Number, description: 'Tasks those attempts belong to.', example: 9 })
  tasks!: number;

  @ApiProperty(NULLABLE_TIMESTAMP)
  lastSeenAt!: string | null;

  @ApiProperty({
    type: String,
    description: 'Message of the latest occurrence.',
    example: 'payment gateway answered 503',
  })
  lastMessage!: string;
}

/** Which tasks the bottlenecks were looked for among. */
export class BottleneckScopeModel {
  @ApiProperty({ type: String, nullable: true })
  namespace!: string | null;

  @ApiProperty({ type: String, nullable: true })
  name!: string | null;

  @ApiProperty({ type: String, nullable: true })
  version!: string | null;

  @ApiProperty({ type: Number, example: 24 })
  periodHours!: number;

  @ApiProperty({ type: String, format: 'date-time' })
  since!: string;
}

/** `GET /analytics/bottlenecks`. */
export class BottlenecksModel implements BottleneckAnalytics {
  @ApiProperty({ type: BottleneckScopeModel })
  scope!: BottleneckScopeModel;

  @ApiProperty({ type: [SlowTaskModel], description: 'Finished tasks created in the period, longest first.' })
  slowestTasks!: SlowTaskModel[];

  @ApiProperty({
    type: [SlowStepModel],
    description: 'Completed steps of the tasks created in the period, longest last attempt first.',
  })
  slowestSteps!: SlowStepModel[];

  @ApiProperty({
    type: [ErrorPatternModel],
    description: 'Failed attempts grouped by task, step and error, most frequent first.',
  })
  errorPatterns!: ErrorPatternModel[];

  @ApiProperty({ type: String, format: 'date-time' })
  generatedAt!: string;
}
