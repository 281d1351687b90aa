import { ApiProperty } from '@nestjs/swagger';
import type {
  StepBlockedReason,
  StepExplanation,
  StepStatus,
  TaskExecutionStatus,
  TaskExplanation,
  TaskStatus,
} from '../../interfaces/task-view.interface';
import { STEP_STATUSES, TASK_STATUSES } from '../../domain/statuses';

const BLOCKED_BY: readonly StepBlockedReason[] = [
  'none',
  'dependencies',
  'backoff',
  'retries_exhausted',
  'in_progress',
  'finished',
  'cancelled',
  'concurrency',
];
const EXECUTION_STATUSES: readonly TaskExecutionStatus[] = [
  'has_ready_steps',
  'processing',
  'blocked_by_failures',
  'all_complete',
  'waiting_for_dependencies',
];

/** Why one step is, or is not, running. */
export class StepExplanationModel implements StepExplanation {
  @ApiProperty({ type: String, example: 'ship_order' })
  name!: string;

  @ApiProperty({ enum: STEP_STATUSES, example: 'pending' })
  status!: StepStatus;

  @ApiProperty({ type: Boolean, example: false })
  ready!: boolean;

  @ApiProperty({ enum: BLOCKED_BY, example: 'dependencies' })
  blockedBy!: StepBlockedReason;

  @ApiProperty({ type: [String], description: 'Unfinished parent steps.', example: ['charge_payment'] })
  waitingOn!: string[];

  @ApiProperty({ type: Number, example: 1 })
  totalParents!: number;

  @ApiProperty({ type: Number, example: 0 })
  completedParents!: number;

  @ApiProperty({ type: Number, example: 0 })
  attempts!: number;

  @ApiProperty({ type: Number, example: 3 })
  maxAttempts!: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  nextRetryAt!: string | null;
}

/** `GET /tasks/:id/explain`. */
export class TaskExplanationModel implements TaskExplanation {
  @ApiProperty({ type: String, format: 'uuid' })
  taskId!: string;

  @ApiProperty({ enum: TASK_STATUSES, example: 'in_progress' })
  status!: TaskStatus;

  @ApiProperty({ enum: EXECUTION_STATUSES, example: 'processing' })
  executionStatus!: TaskExecutionStatus;

  @ApiProperty({ type: Number, example: 4 })
  totalSteps!: number;

  @ApiProperty({ type: Number, example: 2 })
  completedSteps!: number;

  @ApiProperty({ type: Number, example: 0 })
  readySteps!: number;

  @ApiProperty({ type: Number, example: 0 })
  failedSteps!: number;

  @ApiProperty({ type: Number, example: 1 })
  inProgressSteps!: number;

  @ApiProperty({ type: Number, example: 50 })
  completionPercentage!: number;

  @ApiProperty({ type: [StepExplanationModel] })
  steps!: StepExplanationModel[];
}

/** `GET /tasks/:id/diagram`. */
export class TaskDiagramAnswer {
  @ApiProperty({
    type: String,
    description:
      'A Mermaid flowchart of the steps and their dependencies, each step styled by its status (one classDef per status).',
    example:
      'flowchart TD\n  s0["validate<br/>complete · 1/3"]\n  s1["charge<br/>pending"]\n  s0 --> s1\n  classDef complete fill:#dcfce7,stroke:#16a34a,color:#14532d\n  class s0 complete',
  })
  mermaid!: string;
}
