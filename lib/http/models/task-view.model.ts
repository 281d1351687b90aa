import { ApiProperty } from '@nestjs/swagger';
import type { StepErrorView, StepStatus, StepView, TaskStatus, TaskView } from '../../interfaces/task-view.interface';
import { STEP_STATUSES, TASK_STATUSES } from '../../domain/statuses';

const TIMESTAMP = { type: String, format: 'date-time', example: '2026-11-30T09:15:02.120Z' } as const;
const NULLABLE_TIMESTAMP = { ...TIMESTAMP, nullable: true } as const;

/** The last failure of a step. */
export class StepErrorModel implements StepErrorView {
  @ApiProperty({ type: String, example: 'payment gateway answered 503' })
  message!: string;

  @ApiProperty({ type: String, nullable: true, example: 'HTTP_503' })
  code!: string | null;

  @ApiProperty({ type: String, description: 'The error class.', example: 'RetryableError' })
  type!: string;
}

/** A step of a task. */
export class StepViewModel implements StepView {
  @ApiProperty({ type: String, format: 'uuid' })
  id!: string;

  @ApiProperty({ type: String, example: 'charge_payment' })
  name!: string;

  @ApiProperty({ enum: STEP_STATUSES, example: 'complete' })
  status!: StepStatus;

  @ApiProperty({ type: [String], example: ['reserve_stock'] })
  dependsOn!: string[];

  @ApiProperty({ type: Number, description: 'Runs started, including one in progress.', example: 1 })
  attempts!: number;

  @ApiProperty({ type: Number, example: 3 })
  maxAttempts!: number;

  @ApiProperty({ type: Boolean, example: true })
  retryable!: boolean;

  @ApiProperty({ nullable: true, description: "The handler's result (JSON).", example: { chargeId: 'ch_42' } })
  results!: unknown;

  @ApiProperty({ type: StepErrorModel, nullable: true })
  error!: StepErrorModel | null;

  @ApiProperty(NULLABLE_TIMESTAMP)
  lastAttemptedAt!: string | null;

  @ApiProperty(NULLABLE_TIMESTAMP)
  nextRetryAt!: string | null;

  @ApiProperty(NULLABLE_TIMESTAMP)
  completedAt!: string | null;
}

/** A task with its steps in dependency order. */
export class TaskViewModel implements TaskView {
  @ApiProperty({ type: String, format: 'uuid', example: '01969b6e-4c1a-7d2e-9f3b-2a4c6e8f0a1b' })
  id!: string;

  @ApiProperty({ type: String, example: 'orders' })
  namespace!: string;

  @ApiProperty({ type: String, example: 'fulfil_order' })
  name!: string;

  @ApiProperty({ type: String, example: '1.0.0' })
  version!: string;

  @ApiProperty({ enum: TASK_STATUSES, example: 'in_progress' })
  status!: TaskStatus;

  @ApiProperty({ type: 'object', additionalProperties: true, example: { orderId: 'A-1001' } })
  context!: Record<string, unknown>;

  @ApiProperty({ type: String, nullable: true, example: 'alice@example.com' })
  initiator!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'web-shop' })
  sourceSystem!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'order placed' })
  reason!: string | null;

  @ApiProperty({ type: [String], example: ['priority'] })
  tags!: string[];

  @ApiProperty({ type: String, nullable: true, example: 'order-A-1001' })
  idempotencyKey!: string | null;

  @ApiProperty({
    type: String,
    description: "The request's correlationId (or X-Correlation-ID header), else one generated at creation.",
    example: 'req-7f3a9c',
  })
  correlationId!: string;

  @ApiProperty(TIMESTAMP)
  createdAt!: string;

  @ApiProperty(TIMESTAMP)
  updatedAt!: string;

  @ApiProperty(NULLABLE_TIMESTAMP)
  completedAt!: string | null;

  @ApiProperty({ type: [StepViewModel], description: 'In dependency order.' })
  steps!: StepViewModel[];
}

/** `{ task }`. */
export class TaskAnswer {
  @ApiProperty({ type: TaskViewModel })
  task!: TaskViewModel;
}

/** `{ tasks, total }`: one page, newest first, and how many tasks match the filters. */
export class TaskListAnswer {
  @ApiProperty({ type: [TaskViewModel] })
  tasks!: TaskViewModel[];

  @ApiProperty({ type: Number, example: 42 })
  total!: number;
}

/** `{ tasks }`: the tasks of a batch, in the order of the request. */
export class TaskBatchAnswer {
  @ApiProperty({
    type: [TaskViewModel],
    description:
      'One task per request, in request order; a request whose idempotencyKey was taken answers with the task holding it.',
  })
  tasks!: TaskViewModel[];
}
